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
    public static async Task<IReadOnlyList<CurvePoint>> ComputeAsync(BlueprintDb db, BulletinTable table, CancellationToken ct) =>
        Points(table, await CompletedAsync(db, table, ct));

    /// <summary>
    /// The curve of the whole city's table from the kept figures of its month and instant (decision 0041),
    /// else computed; the curve of a selection is computed.
    /// </summary>
    public static async Task<IReadOnlyList<CurvePoint>> ReadAsync(BlueprintDb db, BulletinTable table, TimeProvider clock, CancellationToken ct)
    {
        var q = table.Query;
        if (q is not { UnitId: null, Category: null, PlanType: null } || !KeptFigures.Keeps(db))
        {
            return await ComputeAsync(db, table, ct);
        }

        var completed = await KeptFigures.GetAsync(db, KeptKind.CompletionCurve, q.Year, q.Month, q.KnownAtUtc, clock, () => CompletedAsync(db, table, ct), ct);
        return Points(table, completed);
    }

    /// <summary>The key list's year-to-date completed investment at each month's end (index 1–12).</summary>
    private static async Task<long[]> CompletedAsync(BlueprintDb db, BulletinTable table, CancellationToken ct)
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

        return completed;
    }

    private static List<CurvePoint> Points(BulletinTable table, long[] completed)
    {
        var all = table.All.Figures.Totals;
        return [.. Enumerable.Range(1, table.Query.Month).Select(m => new CurvePoint(m, new BulletinFigures(
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
