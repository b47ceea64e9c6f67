using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>A count now and at the end of the previous month (the trend).</summary>
public sealed record CountTrend(int Value, int? Previous);

/// <summary>A unit's overdue supervision items (the lead units rolled up as the bulletin's unit rows).</summary>
public sealed record OverdueRankRow(int UnitId, string UnitName, int Overdue);

/// <summary>The red list: each kind's first entries and how many there are in all.</summary>
public sealed record RedList(
    int LaggingCount, IReadOnlyList<ProjectBulletinRow> Lagging,
    int RedIndicatorCount, IReadOnlyList<RedIndicator> RedIndicators,
    int OverdueItemCount, IReadOnlyList<OverdueItem> OverdueItems,
    int OverdueProblemCount, IReadOnlyList<OverdueProblem> OverdueProblems)
{
    public bool IsEmpty => LaggingCount + RedIndicatorCount + OverdueItemCount + OverdueProblemCount == 0;
}

/// <summary>Everything the cockpit shows for one month; <see cref="Previous"/> figures are the previous month's as they stood then.</summary>
public sealed record CockpitReport(
    CockpitAsOf AsOf,
    BulletinTable Projects,
    BulletinFigures? PreviousProjects,
    IReadOnlyList<CurvePoint> Curve,
    IndicatorLights Indicators,
    IndicatorLights? PreviousIndicators,
    CountTrend SupervisionOpen,
    CountTrend SupervisionOverdue,
    CountTrend ProblemsOpen,
    CountTrend ProblemsOverdue,
    FunnelDto Funnel,
    IReadOnlyList<BulletinRow> CompletionRanking,
    IReadOnlyList<OverdueRankRow> OverdueRanking,
    IReadOnlyList<ReportingRankRow> ReportingRanking,
    RedList RedList)
{
    /// <summary>A year with no key list and no indicators has nothing to show but what to do.</summary>
    public bool IsEmpty => Projects.All.Figures.Totals.KeyListCount == 0 && Indicators.Count == 0;
}

/// <summary>
/// The cockpit (领导驾驶舱): one module composing the features' own modules — the bulletin for
/// the project figures, the indicator figures for the lights, the supervision and problem rules
/// for the dated counts, the funnel — for a year and an as-of month. It never derives a figure
/// itself: it picks, sums and orders what those modules computed, and every query aggregates in
/// the database (no query per row), so the page stays quick at province scale.
/// </summary>
public static class CockpitFigures
{
    /// <summary>How many entries of each kind the red list shows; the rest are a link away.</summary>
    public const int RedListSize = 10;

    /// <summary>
    /// Supervision at the end of a day, its overdue list cut to the red list's length: kept per
    /// day for a reader who sees every unit (decision 0041; the day's end, not the instant asked,
    /// names the row, so today's figures are kept until a write marks them).
    /// </summary>
    private static async Task<SupervisionState> SupervisionAsync(BlueprintDb db, DateOnly day, DateTime dayEndUtc, TimeProvider clock, CancellationToken ct)
    {
        async Task<SupervisionState> Compute()
        {
            var state = await SupervisionAsOf.ComputeAsync(db, day, dayEndUtc, ct);
            return state with { OverdueItems = [.. state.OverdueItems.Take(RedListSize)] };
        }

        return KeptFigures.Keeps(db)
            ? await KeptFigures.GetAsync(db, KeptKind.SupervisionDay, day.Year, day.Month, CockpitAsOf.EndOfDayUtc(day), clock, Compute, ct)
            : await Compute();
    }

    /// <summary>Problems at the end of a day, as <see cref="SupervisionAsync"/> keeps supervision.</summary>
    private static async Task<ProblemState> ProblemsAsync(BlueprintDb db, DateOnly day, DateTime dayEndUtc, TimeProvider clock, CancellationToken ct) =>
        KeptFigures.Keeps(db)
            ? await KeptFigures.GetAsync(db, KeptKind.ProblemsDay, day.Year, day.Month, CockpitAsOf.EndOfDayUtc(day), clock,
                () => ProblemsAsOf.ComputeAsync(db, day, dayEndUtc, RedListSize, ct), ct)
            : await ProblemsAsOf.ComputeAsync(db, day, dayEndUtc, RedListSize, ct);

    /// <summary>
    /// The kept figures a cockpit of a reader who sees every unit reads (decision 0041), read in one
    /// statement before the modules ask for them one by one: the bulletin's groups of the month and
    /// of the previous month, the curve, the lagging projects, the funnel, the indicator lights of the
    /// month and the previous month, and the supervision and problem counts of the day and of the
    /// previous month's last day. Each key is the one its module asks for.
    /// </summary>
    private static IEnumerable<KeptKey> KeptKeys(CockpitAsOf asOf, CockpitAsOf? previous, DateOnly previousDay)
    {
        var (year, month, knownAt) = (asOf.Year, asOf.Month, asOf.Bulletin.KnownAtUtc);
        yield return new(KeptKind.BulletinGroups, year, month, knownAt);
        yield return new(KeptKind.CompletionCurve, year, month, knownAt);
        yield return new(KeptKind.LaggingProjects, year, month, knownAt);
        yield return new(KeptKind.Funnel, year, month, asOf.ProjectsKnownAtUtc);
        yield return new(KeptKind.IndicatorLights, year, month, null);
        if (previous is not null)
        {
            yield return new(KeptKind.BulletinGroups, year, previous.Month, previous.Bulletin.KnownAtUtc);
            yield return new(KeptKind.IndicatorLights, year, previous.Month, null);
        }

        foreach (var day in new[] { asOf.Day, previousDay })
        {
            yield return new(KeptKind.SupervisionDay, day.Year, day.Month, CockpitAsOf.EndOfDayUtc(day));
            yield return new(KeptKind.ProblemsDay, day.Year, day.Month, CockpitAsOf.EndOfDayUtc(day));
        }
    }

    public static async Task<CockpitReport> ComputeAsync(BlueprintDb db, int year, int month, TimeProvider clock, CancellationToken ct = default)
    {
        var windows = await CockpitAsOf.WindowsAsync(db, year, ct);
        var asOf = CockpitAsOf.Of(year, month, windows.GetValueOrDefault(month), clock);
        CockpitAsOf? previous = month > 1 ? CockpitAsOf.Of(year, month - 1, windows.GetValueOrDefault(month - 1), clock) : null;
        var previousDay = new DateOnly(year, month, 1).AddDays(-1);
        using var keptAhead = KeptFigures.Keeps(db) ? await KeptFigures.ReadAheadAsync(db, KeptKeys(asOf, previous, previousDay), ct) : null;

        var units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.Path, Name = u.ShortName ?? u.Name }).ToListAsync(ct);
        var names = units.ToDictionary(u => u.Id, u => u.Name);
        var paths = units.ToDictionary(u => u.Id, u => u.Path);
        RankUnit? RankUnitOf(int unitId) => paths.TryGetValue(unitId, out var path) && Unit.TopUnitOf(unitId, path) is var top
            && names.TryGetValue(top, out var name) ? new RankUnit(top, name) : null;

        // Projects: the bulletin of the month and of the previous month, each as it stood.
        var table = await Bulletin.ComputeAsync(db, asOf.Bulletin, clock, ct);
        var previousTable = previous is null ? null : await Bulletin.ComputeAsync(db, previous.Bulletin, clock, ct);
        var curve = await ScheduleCurve.ReadAsync(db, table, clock, ct);
        var lagging = await Bulletin.LaggingAsync(db, asOf.Bulletin, clock, ct);

        // Indicators: the lights at the month's end and the previous month's.
        var (indicators, previousIndicators) = await CockpitIndicators.ReadAsync(db, year, month, [.. units.Select(u => (u.Id, u.Name))], clock, ct);

        // Supervision and problems: as they stood at the end of the day, and a month before.
        var previousEnd = CockpitAsOf.EndOfDayUtc(previousDay);
        var supervision = await SupervisionAsync(db, asOf.Day, asOf.DayEndUtc, clock, ct);
        var previousSupervision = await SupervisionAsync(db, previousDay, previousEnd, clock, ct);
        var problems = await ProblemsAsync(db, asOf.Day, asOf.DayEndUtc, clock, ct);
        var previousProblems = await ProblemsAsync(db, previousDay, previousEnd, clock, ct);

        var funnel = await Funnel.ReadAsync(db, year, month, asOf.ProjectsKnownAtUtc, clock, ct);
        var reporting = await ReportingRanking.ComputeAsync(db, year, month, windows.GetValueOrDefault(month), RankUnitOf, ct);

        var completionRanking = table.ByUnit
            .OrderBy(r => r.Figures.InvestmentCompletionRate is null).ThenByDescending(r => r.Figures.InvestmentCompletionRate)
            .ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
        var overdueRanking = supervision.OverdueByUnit
            .Select(p => (Unit: RankUnitOf(p.Key), Count: p.Value)).Where(p => p.Unit is not null)
            .GroupBy(p => p.Unit!).Select(g => new OverdueRankRow(g.Key.Id, g.Key.Name, g.Sum(p => p.Count)))
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.UnitName, StringComparer.Ordinal).ToList();

        return new CockpitReport(
            asOf, table, previousTable?.All.Figures, curve, indicators, previousIndicators,
            new CountTrend(supervision.Open, previousSupervision.Open),
            new CountTrend(supervision.Overdue, previousSupervision.Overdue),
            new CountTrend(problems.Open, previousProblems.Open),
            new CountTrend(problems.Overdue, previousProblems.Overdue),
            funnel, completionRanking, overdueRanking, reporting,
            new RedList(
                lagging.RedCount, [.. lagging.Red.Take(RedListSize)],
                indicators.RedIndicators.Count, [.. indicators.RedIndicators.Take(RedListSize)],
                supervision.Overdue, [.. supervision.OverdueItems.Take(RedListSize)],
                problems.Overdue, problems.OverdueProblems));
    }
}
