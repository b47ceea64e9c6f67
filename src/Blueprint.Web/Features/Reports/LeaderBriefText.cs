using System.Globalization;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reports;

/// <summary>A headline figure of the brief: its name, its display value and what it is measured against.</summary>
public sealed record BriefFigure(string Key, string Label, string Value, string Note);

/// <summary>A section of the brief: its heading and its one paragraph.</summary>
public sealed record BriefParagraph(string Heading, string Text);

/// <summary>A table of the brief: caption (for tests and screen readers), heading, column headers and rows.</summary>
public sealed record BriefTable(string Caption, string Heading, string Empty, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The brief as text, worded once for both the Word document and the PDF print view, so the
/// two cannot disagree. Every number is the display text of a figure from <see cref="LeaderBrief"/>.
/// </summary>
public sealed record LeaderBriefText(
    string Title, string Period, IReadOnlyList<BriefFigure> Figures,
    IReadOnlyList<BriefParagraph> Paragraphs, IReadOnlyList<BriefTable> Tables)
{
    public const string LaggingCaption = "lagging", RedIndicatorsCaption = "red-indicators", OverdueCaption = "overdue";

    public static LeaderBriefText From(LeaderBrief b, IStringLocalizer<SharedResource> t)
    {
        var f = b.Projects.Table.All.Figures;
        var s = b.Supervision;
        var i = b.Indicators;
        string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
        string Format(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, t[key], args);

        BriefFigure[] figures =
        [
            new("rate", t["Reports.Brief.Rate"], Figure.Percent(f.InvestmentCompletionRate),
                Format("Reports.Brief.RateNote", Figure.Percent(f.ElapsedSchedule), f.AheadOfSchedulePoints is { } p ? Figure.SignedPoints(p) : "—")),
            new("start", t["Reports.Brief.StartRate"], Figure.Percent(f.StartRate),
                Format("Reports.Brief.StartNote", f.Totals.PlannedStartsStarted, f.Totals.PlannedStarts)),
            new("indicators", t["Reports.Brief.RedIndicators"], Num(i.Red), Format("Reports.Brief.IndicatorNote", i.Green, i.Yellow, i.Total)),
            new("overdue", t["Reports.Brief.Overdue"], Num(s.Red), Format("Reports.Brief.OverdueNote", s.Total, s.Yellow)),
        ];

        BriefParagraph[] paragraphs =
        [
            new(t["Reports.Brief.Projects"], BulletinDocument.Summary(b.Projects, t)),
            new(t["Reports.Brief.Indicators"], Format("Reports.Brief.IndicatorSummary", b.Year, i.Total, i.Green, i.Yellow, i.Red, i.NoData)),
            new(t["Reports.Brief.Supervision"], Format("Supervision.Bulletin.Summary", s.Total, s.New, s.Closed, s.Red, s.Yellow, Day(s.AsOf))),
            new(t["Reports.Brief.Problems"], Format("Reports.Brief.ProblemSummary", b.Projects.OpenProblems.Count, b.OverdueProblems)),
        ];

        BriefTable[] tables =
        [
            new(LaggingCaption, Format("Reports.Brief.TopLagging", LeaderBrief.TopShown), t["Reports.Doc.NoLagging"],
                [t["Reports.Col.No"], t["Reports.Col.Project"], t["Reports.Col.Unit"], t["Reports.Col.Rate"], t["Reports.Col.Ahead"]],
                [.. b.TopLagging.Select((p, n) => (IReadOnlyList<string>)
                    [Num(n + 1), p.Name, p.UnitName, Figure.Percent(p.Figures.InvestmentCompletionRate), Figure.SignedPoints(p.Figures.AheadOfSchedulePoints!.Value)])]),
            new(RedIndicatorsCaption, Format("Reports.Brief.TopRedIndicators", LeaderBrief.TopShown), t["Reports.Brief.NoRedIndicators"],
                [t["Reports.Col.No"], t["Reports.Brief.Indicator"], t["Reports.Col.Unit"], t["Reports.Brief.Actual"], t["Reports.Brief.Due"]],
                [.. i.RedRows.Select((r, n) => (IReadOnlyList<string>)
                    [Num(n + 1), r.Name, r.UnitName, $"{Value(r.LatestValue)} {r.Measure}", $"{Value(r.Due)} {r.Measure}"])]),
            new(OverdueCaption, Format("Reports.Brief.TopOverdue", LeaderBrief.TopShown), t["Supervision.Bulletin.NoRed"],
                [t["Reports.Col.No"], t["Supervision.Col.Title"], t["Supervision.Col.Unit"], t["Supervision.Col.Deadline"]],
                [.. b.TopOverdue.Select((x, n) => (IReadOnlyList<string>)[Num(n + 1), x.Title, x.UnitName, Day(x.Deadline)])]),
        ];

        return new LeaderBriefText(
            t["Reports.Brief.Title"], Format("Reports.Doc.Period", b.Year, b.Month), figures, paragraphs, tables);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Indicator values as entered (up to two decimals).</summary>
    private static string Value(decimal? v) => v is { } x ? x.ToString("#,0.##", CultureInfo.InvariantCulture) : "—";
}
