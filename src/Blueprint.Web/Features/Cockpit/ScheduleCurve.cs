using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>One month of the year's completion curve: the bulletin's figures of the key list at that month's end.</summary>
public sealed record CurvePoint(int Month, BulletinFigures Figures);

/// <summary>
/// The monthly completion curve of a year up to a month, all months as known at one instant.
/// Calling the bulletin once per month would run its heavy per-project query twelve times; here
/// one query reads the key list's counting reports of <see cref="Bulletin.CountingReports"/>
/// once (three numbers a report), and a report's year-to-date figure counts for its month and
/// every month until the project's next report — the bulletin's own rule ("a project's
/// year-to-date figure is the one of its latest counting month"). The annual plan is the
/// bulletin's own total; tests hold every point equal to the bulletin of that month.
/// </summary>
public static class ScheduleCurve
{
    public static async Task<IReadOnlyList<CurvePoint>> ComputeAsync(BlueprintDb db, BulletinTable table, CancellationToken ct)
    {
        var (year, month, knownAt) = (table.Query.Year, table.Query.Month, table.KnownAtUtc);
        var counting = Bulletin.CountingReports(db, year, month, knownAt);
        var keyList = db.Set<AnnualPlanEntry>().Where(e => e.Year == year && e.PlanType != PlanType.Reserve);
        // From the key list into each project's reports (a range of one index per project),
        // rather than every report of the year checked against the key list: five times less work.
        var reports = await keyList.AsNoTracking()
            .Join(counting, e => e.KeyProjectId, r => r.KeyProjectId, (e, r) => new { r.KeyProjectId, r.Month, r.InvestmentYearToDate })
            .ToListAsync(ct);

        // A report adds its figure from its month and takes it away at the project's next
        // report (a difference array over the months; 13 is "never").
        var change = new long[14];
        foreach (var project in reports.GroupBy(r => r.KeyProjectId))
        {
            var months = project.OrderBy(r => r.Month).ToList();
            for (var i = 0; i < months.Count; i++)
            {
                change[months[i].Month] += months[i].InvestmentYearToDate;
                change[i + 1 < months.Count ? months[i + 1].Month : 13] -= months[i].InvestmentYearToDate;
            }
        }

        var completed = new long[13];
        for (var m = 1; m <= 12; m++)
        {
            completed[m] = completed[m - 1] + change[m];
        }

        var all = table.All.Figures.Totals;
        return [.. Enumerable.Range(1, month).Select(m => new CurvePoint(m, new BulletinFigures(
            BulletinTotals.Empty with
            {
                KeyListCount = all.KeyListCount,
                AnnualPlan = all.AnnualPlan,
                CompletedYearToDate = completed[m],
            },
            ElapsedSchedule.AtMonthEnd(m))))];
    }

    /// <summary>The chart's data: completion rate and 序时进度 per month, in percent (one decimal, for display).</summary>
    public static object ChartData(IReadOnlyList<CurvePoint> points, string completion, string schedule) => new
    {
        months = points.Select(p => p.Month).ToArray(),
        series = new object[]
        {
            new { name = completion, values = points.Select(p => Percent(p.Figures.InvestmentCompletionRate)).ToArray() },
            new { name = schedule, values = points.Select(p => Percent(p.Figures.ElapsedSchedule)).ToArray() },
        },
    };

    public static decimal? Percent(decimal? ratio) => ratio is { } r ? Figure.RoundForDisplay(r * 100m, 1) : null;
}
