using System.Globalization;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reader;

namespace Blueprint.Web.Components.Pages.Reader;

/// <summary>
/// A proposal's fields as the document page posts them. Numbers arrive as text, so a typing
/// mistake comes back as a message next to its field instead of a silently empty value; money
/// is typed in 万元 as the offices think, and stored in 元.
/// </summary>
internal static class ProposalFormValues
{
    public static (ProposalFields Fields, Dictionary<string, string> ErrorKeys) Read(IFormCollection form, ProposalKind kind)
    {
        var errors = new Dictionary<string, string>();
        int? Number(string name, string key)
        {
            var text = form[name].ToString().Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (int.TryParse(text.Normalize(System.Text.NormalizationForm.FormKC), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            errors[name] = key;
            return null;
        }

        decimal? value = null;
        var valueText = form["value"].ToString().Trim().Normalize(System.Text.NormalizationForm.FormKC);
        if (valueText.Length > 0)
        {
            if (decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                value = v;
            }
            else
            {
                errors["value"] = "Reader.ValueRequired";
            }
        }

        long? amount = null;
        if (kind == ProposalKind.Project)
        {
            if (ProjectForm.TryParseWan(form["amountWan"], out var yuan))
            {
                amount = yuan;
            }
            else
            {
                errors["amountYuan"] = "Reader.AmountInvalid";
            }
        }

        var fields = new ProposalFields(
            Title: Text(form, "title"),
            Year: Number("year", "Reader.YearInvalid"),
            Month: Number("month", "Reader.MonthRequired"),
            Day: Number("day", "Reader.DayInvalid"),
            UnitIds: [.. form["unitIds"].Select(x => int.TryParse(x, out var id) ? id : 0).Where(id => id > 0).Distinct()],
            IndicatorName: Text(form, "indicatorName"),
            Measure: Text(form, "measure"),
            Value: value,
            ProjectCode: Text(form, "projectCode"),
            ProjectName: Text(form, "projectName"),
            AmountYuan: amount,
            Stage: Enum.TryParse<ProjectStage>(form["stage"], out var stage) ? stage : null,
            Category: Enum.TryParse<ProjectCategory>(form["category"], out var category) ? category : null,
            Qualifier: Text(form, "qualifier"),
            Actual: bool.TryParse(form["actual"], out var actual) ? actual : null,
            ExistingProjectId: int.TryParse(form["existingProjectId"], out var existing) && existing > 0 ? existing : null,
            ProjectCandidates: [.. form["projectCandidates"].Select(ProjectCandidateValue).OfType<ProjectCandidate>()],
            ExistingIndicatorId: int.TryParse(form["existingIndicatorId"], out var indicator) && indicator > 0 ? indicator : null,
            IndicatorCandidates: [.. form["indicatorCandidates"].Select(IndicatorCandidateValue).OfType<IndicatorCandidate>()],
            UnitCandidates: [.. form["unitCandidates"].Select(x => int.TryParse(x, out var id) ? id : 0).Where(id => id > 0).Distinct()]);
        return (fields, errors);
    }

    // "id|code|name", as the editor posts the candidates back so a refused form still shows them.
    private static ProjectCandidate? ProjectCandidateValue(string? value) =>
        value?.Split('|', 3) is [var id, var code, var name] && int.TryParse(id, out var n) ? new ProjectCandidate(n, code, name) : null;

    // "id|year|measure|unit|name" (a name may hold '|' last).
    private static IndicatorCandidate? IndicatorCandidateValue(string? value) =>
        value?.Split('|', 5) is [var id, var year, var measure, var unit, var name] && int.TryParse(id, out var n) && int.TryParse(year, out var y)
            ? new IndicatorCandidate(n, y, name, measure, unit) : null;

    private static string? Text(IFormCollection form, string name) =>
        form[name].ToString().Trim() is { Length: > 0 } text ? text : null;

    /// <summary>The sentence cut into plain runs and the runs the reader read (role set); overlapping spans keep the first.</summary>
    public static List<(string Text, string? Role)> Marks(string sentence, IReadOnlyList<ReadSpan> spans)
    {
        var runs = new List<(string, string?)>();
        var at = 0;
        foreach (var span in spans.OrderBy(s => s.Start).ThenByDescending(s => s.Length))
        {
            if (span.Start < at || span.Length <= 0 || span.Start + span.Length > sentence.Length)
            {
                continue;
            }

            if (span.Start > at)
            {
                runs.Add((sentence[at..span.Start], null));
            }

            runs.Add((sentence.Substring(span.Start, span.Length), span.Role));
            at = span.Start + span.Length;
        }

        if (at < sentence.Length)
        {
            runs.Add((sentence[at..], null));
        }

        return runs;
    }
}
