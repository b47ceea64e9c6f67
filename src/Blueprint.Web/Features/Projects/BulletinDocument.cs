using System.Globalization;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Reports;
using Blueprint.Web.Features.Reports.Issues;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The monthly bulletin (重点项目推进情况通报) as a Word document: title, date line, summary
/// paragraph, the summary table, the most-lagging projects, the problems awaiting coordination
/// and the unit ranking. Every number is the display text of a figure from
/// <see cref="BulletinReport"/>, so the document and the API cannot disagree.
/// </summary>
public static class BulletinDocument
{
    public const string ContentType = WordParts.ContentType;

    /// <summary>Table captions (w:tblCaption, Word 2010 and later), so screen readers and tests can find each table.</summary>
    public const string SummaryCaption = "summary", LaggingCaption = "lagging", ProblemsCaption = "problems", RankingCaption = "ranking";

    /// <summary>A4 landscape: the summary table has fourteen columns. The 版头 and 版记 are the project office's (<paramref name="head"/>).</summary>
    public static byte[] Write(BulletinReport report, Masthead head, IStringLocalizer<SharedResource> t) =>
        WordParts.Write(WordLayout.ProjectBulletin, (w, body) =>
        {
            body.Append(w.Masthead(head, t["Issues.Number"], t["Issues.Date"]));
            Compose(w, body, report, head, t);
            body.Append(w.Imprint(head, t["Issues.CopyTo"], t["Issues.IssuedOn"]));
        });

    private static void Compose(WordParts w, Body body, BulletinReport r, Masthead head, IStringLocalizer<SharedResource> t)
    {
        var q = r.Table.Query;
        body.Append(w.Title(t["Reports.Doc.Title"], Format(t["Reports.Doc.Period"], q.Year, q.Month)));
        if (w.MainRecipients(head.MainRecipients) is { } to)
        {
            body.Append(to);
        }

        body.Append(
            w.Heading(t["Reports.Doc.Overall"]),
            w.Para(Summary(r, t), indent: true),
            w.Heading(t["Reports.Doc.SummaryTable"]),
            w.TableNote(t["Reports.Doc.Units"]),
            w.Table(SummaryCaption, BulletinColumns.Headers(t), SummaryRows(r.Table, t)));

        body.Append(w.Heading(Format(t["Reports.Doc.Lagging"], BulletinReport.LaggingShown)));
        body.Append(r.Lagging.Count == 0
            ? w.Para(t["Reports.Doc.NoLagging"], indent: true)
            : w.Table(LaggingCaption,
                [t["Reports.Col.No"], t["Reports.Col.Project"], t["Reports.Col.Unit"], t["Reports.Col.AnnualPlan"], t["Reports.Col.Completed"], t["Reports.Col.Rate"], t["Reports.Col.Schedule"], t["Reports.Col.Ahead"]],
                r.Lagging.Select((p, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), $"{p.Name}（{p.Code}）", p.UnitName, Figure.Yi(p.Figures.Totals.AnnualPlan, 2),
                    Figure.Yi(p.Figures.Totals.CompletedYearToDate, 2), Figure.Percent(p.Figures.InvestmentCompletionRate),
                    Figure.Percent(p.Figures.ElapsedSchedule), Figure.SignedPoints(p.Figures.AheadOfSchedulePoints!.Value),
                ])));

        body.Append(w.Heading(t["Reports.Doc.Problems"]));
        body.Append(r.OpenProblems.Count == 0
            ? w.Para(t["Reports.Doc.NoProblems"], indent: true)
            : w.Table(ProblemsCaption,
                [t["Reports.Col.No"], t["Problems.Col.Title"], t["Reports.Col.Project"], t["Problems.Col.Unit"], t["Problems.Col.Leader"], t["Problems.Col.Deadline"]],
                r.OpenProblems.Select((p, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), p.Title, p.ProjectName ?? "", p.UnitName ?? "", p.CoordinatingLeader ?? "",
                    (p.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—") + (p.IsOverdue ? $"（{t["Problems.Overdue"]}）" : ""),
                ])));

        body.Append(w.Heading(t["Reports.Doc.Ranking"]));
        body.Append(r.UnitRanking.Count == 0
            ? w.Para(t["Reports.Empty"], indent: true)
            : w.Table(RankingCaption,
                [t["Reports.Col.Rank"], t["Reports.Col.Unit"], t["Reports.Col.AnnualPlan"], t["Reports.Col.Completed"], t["Reports.Col.Rate"], t["Reports.Col.Ahead"], t["Reports.Col.Light"]],
                r.UnitRanking.Select((u, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), u.Label, Figure.Yi(u.Figures.Totals.AnnualPlan, 2), Figure.Yi(u.Figures.Totals.CompletedYearToDate, 2),
                    Figure.Percent(u.Figures.InvestmentCompletionRate), u.Figures.AheadOfSchedulePoints is { } p ? Figure.SignedPoints(p) : "—",
                    BulletinLabels.Light(u.Figures.Light, t),
                ])));
    }

    /// <summary>The summary table grouped as on the page: 合计, then a label row before 按项目类别, 按计划类型 and 按单位.</summary>
    /// <summary>The summary table's rows: 合计, then each group under its label (a one-cell row), as the Word and PDF tables print them.</summary>
    public static IEnumerable<IReadOnlyList<string>> SummaryRows(BulletinTable table, IStringLocalizer<SharedResource> t)
    {
        yield return BulletinColumns.Cells(table.All, t);
        foreach (var (group, rows) in new[] { ("Reports.Group.Category", table.ByCategory), ("Reports.Group.PlanType", table.ByPlanType), ("Reports.Group.Unit", table.ByUnit) })
        {
            if (rows.Count == 0)
            {
                continue;
            }

            yield return [t[group].Value];
            foreach (var row in rows)
            {
                yield return BulletinColumns.Cells(row, t);
            }
        }
    }

    /// <summary>The opening paragraph: completion rate against 序时进度, then 开工率, 竣工率 and 转化率.</summary>
    public static string Summary(BulletinReport r, IStringLocalizer<SharedResource> t)
    {
        var f = r.Table.All.Figures;
        var n = f.Totals;
        var position = f.AheadOfSchedulePoints is not { } points ? ""
            : Figure.RoundForDisplay(points, 1) switch
            {
                > 0 => Format(t["Reports.Doc.Ahead"], Figure.RoundForDisplay(points, 1).ToString("0.0", CultureInfo.InvariantCulture)),
                < 0 => Format(t["Reports.Doc.Behind"], Figure.RoundForDisplay(-points, 1).ToString("0.0", CultureInfo.InvariantCulture)),
                _ => t["Reports.Doc.OnSchedule"].Value,
            };
        return Format(t["Reports.Doc.Summary"], r.Table.Query.Year, r.Table.Query.Month, n.KeyListCount, Figure.Yi(n.AnnualPlan, 2), Figure.Yi(n.CompletedYearToDate, 2),
            Figure.Percent(f.InvestmentCompletionRate), Figure.Percent(f.ElapsedSchedule), position,
            n.PlannedStarts, n.PlannedStartsStarted, Figure.Percent(f.StartRate), n.PlannedCompletions, n.PlannedCompletionsCompleted, Figure.Percent(f.FinishRate),
            n.Reserve, n.ReserveStarted, Figure.Percent(f.ConversionRate));
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}
