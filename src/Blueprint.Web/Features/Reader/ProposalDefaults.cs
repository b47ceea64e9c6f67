using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Reader;

/// <summary>
/// The first values of a proposal's fields, from what the reader read. They are only a start:
/// the user sees and edits every one of them before accepting.
/// </summary>
public static class ProposalDefaults
{
    /// <summary>A milestone title or problem title is one sentence; the record's column takes 300 characters.</summary>
    public const int TitleLength = 300;

    public static ProposalFields From(ProposalDraft draft, int reportYear) => Defaults(draft, reportYear) with { UnitCandidates = draft.UnitCandidates };

    private static ProposalFields Defaults(ProposalDraft draft, int reportYear) => draft.Kind switch
    {
        ProposalKind.Milestone => new(Title: Clip(draft.Text), Year: draft.Year ?? reportYear, Month: draft.Month, Day: draft.Day, UnitIds: draft.UnitIds),
        ProposalKind.Target => new(
            Year: draft.Year ?? reportYear, Month: draft.Actual == true ? draft.Month : null, UnitIds: First(draft.UnitIds), IndicatorName: IndicatorName(draft),
            Measure: draft.ValueUnit ?? "%", Value: draft.Value, Qualifier: draft.Qualifier, Actual: draft.Actual),
        ProposalKind.Project => new(
            Title: Clip(draft.Text), Year: draft.Year ?? reportYear, Month: draft.Month, UnitIds: First(draft.UnitIds),
            ProjectName: draft.ProjectName, AmountYuan: draft.AmountYuan, Stage: Stage(draft.Stage),
            Category: ProjectCategory.Industry),
        // A measure lands as a goal of a plan year: the report's year unless the sentence names one.
        _ => new(Title: Clip(draft.Text), Year: draft.Year ?? reportYear, UnitIds: First(draft.UnitIds)),
    };

    /// <summary>"地区生产总值" + 增长 + % is a growth rate: the indicator is the 增速, its target the 8.</summary>
    private static string? IndicatorName(ProposalDraft d) =>
        d.IndicatorName is { } name && d.Measure == "增长" && d.ValueUnit == "%" && !name.EndsWith("增速", StringComparison.Ordinal)
            ? name + "增速"
            : d.IndicatorName;

    /// <summary>The stage word next to a project name, as the project library's stage.</summary>
    public static ProjectStage Stage(string? word) => word switch
    {
        null => ProjectStage.Planning,
        _ when word.Contains("投产", StringComparison.Ordinal) || word.Contains("运营", StringComparison.Ordinal) => ProjectStage.InProduction,
        _ when word.Contains("竣工", StringComparison.Ordinal) || word.Contains("建成", StringComparison.Ordinal) || word.Contains("完工", StringComparison.Ordinal) => ProjectStage.Completed,
        _ when word.Contains("在建", StringComparison.Ordinal) => ProjectStage.UnderConstruction,
        _ when word.Contains("开工", StringComparison.Ordinal) || word.Contains("启动建设", StringComparison.Ordinal) => ProjectStage.Started,
        _ when word.Contains("签约", StringComparison.Ordinal) || word.Contains("注册", StringComparison.Ordinal) => ProjectStage.Signed,
        _ => ProjectStage.Planning,
    };

    private static IReadOnlyList<int> First(IReadOnlyList<int> unitIds) => unitIds.Count == 0 ? [] : [unitIds[0]];

    private static string Clip(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= TitleLength ? trimmed : trimmed[..TitleLength];
    }
}
