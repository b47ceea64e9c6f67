using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Reader.Extraction;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Reader;

/// <summary>
/// The indicators of a year a target or result of a report may be, so that accepting it records the
/// figure on the city's indicator instead of creating a duplicate (issue 18). Two names are the same
/// indicator when they name the same standard indicator (固投, 全社会固定资产投资 → 固定资产投资), or are
/// the same words, and both are or both are not its growth (增速, 增长, 增幅, 增长率); the measure
/// (%, 亿元 …) must be the same too.
/// </summary>
public static class IndicatorMatches
{
    private static readonly string[] GrowthWords = ["增长率", "增速", "增幅", "增长"];

    /// <summary>What two names of one indicator have in common: "固定资产投资|增速" for 固投增长 and 固定资产投资增速.</summary>
    public static string Key(string name)
    {
        var text = TextNormaliser.Normalise(name.Trim()).Replace(" ", "", StringComparison.Ordinal);
        var growth = "";
        foreach (var word in GrowthWords)
        {
            if (text.Length > word.Length && text.EndsWith(word, StringComparison.Ordinal))
            {
                text = text[..^word.Length];
                growth = "|增速";
                break;
            }
        }

        return (StandardIndicators.Find(text)?.Name ?? text) + growth;
    }

    /// <summary>The same measure as the indicator records it: "％" and "%" are one.</summary>
    public static string MeasureKey(string? measure) => TextNormaliser.Normalise((measure ?? "").Trim()).ToUpperInvariant();

    /// <summary>The indicators of <paramref name="year"/> that <paramref name="name"/> in <paramref name="measure"/> may be; null when none.</summary>
    public static async Task<IReadOnlyList<IndicatorCandidate>?> FindAsync(BlueprintDb db, string? name, string? measure, int? year, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || year is null)
        {
            return null;
        }

        var key = Key(name);
        var measureKey = MeasureKey(measure);
        var ofYear = await db.Set<Indicator>().AsNoTracking().Where(i => i.PlanYear!.Year == year)
            .OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.Name, i.Measure, Unit = i.Unit!.ShortName ?? i.Unit.Name }).ToListAsync(ct);
        var found = ofYear.Where(i => Key(i.Name) == key && MeasureKey(i.Measure) == measureKey)
            .Select(i => new IndicatorCandidate(i.Id, year.Value, i.Name, i.Measure, i.Unit)).Take(10).ToList();
        return found.Count > 0 ? found : null;
    }

    /// <summary>
    /// The fields with the candidates of their name, measure and year. When the reader proposes (<paramref name="propose"/>)
    /// the only candidate is its match; when the user edits, their choice stays while it is still a candidate.
    /// </summary>
    public static async Task<ProposalFields> WithCandidatesAsync(BlueprintDb db, ProposalFields fields, bool propose, CancellationToken ct)
    {
        var candidates = await FindAsync(db, fields.IndicatorName, fields.Measure, fields.Year, ct);
        int? chosen = fields.ExistingIndicatorId is { } id && candidates?.Any(c => c.Id == id) == true ? id
            : propose && candidates is [var only] ? only.Id
            : null;
        return fields with { IndicatorCandidates = candidates, ExistingIndicatorId = chosen };
    }
}
