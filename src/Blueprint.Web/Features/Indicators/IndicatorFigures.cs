using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Indicators;

/// <summary>One indicator for one unit (its own unit: the whole; another: that unit's share) as known at an instant.</summary>
public sealed record IndicatorSeries(
    int IndicatorId, int UnitId, IndicatorPlan Plan, IReadOnlyDictionary<int, decimal> Values, int UpToPeriod,
    IndicatorJudgement? Status, IndicatorForecastResult Forecast);

/// <summary>The moment figures describe: the end of a month (in China, UTC+8), and what was accepted by then.</summary>
public sealed record IndicatorAsOf(int Year, int Month, DateTime KnownAtUtc)
{
    /// <summary>The end of a month in China: midnight of the 1st of the next month at UTC+8.</summary>
    public static IndicatorAsOf MonthEnd(int year, int month) =>
        new(year, month, new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMonths(1).UtcDateTime);

    /// <summary>Now: the current month, everything accepted until this instant.</summary>
    public static IndicatorAsOf Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var china = now.ToOffset(TimeSpan.FromHours(8));
        return new(china.Year, china.Month, now.UtcDateTime);
    }

    /// <summary>The last period of a plan year that has ended by this moment.</summary>
    public int UpToPeriod(int planYear, ScheduleProfile profile) =>
        Year > planYear ? IndicatorStatus.PeriodCount(profile)
        : Year < planYear ? 0
        : IndicatorStatus.PeriodAtMonthEnd(profile, Month);
}

/// <summary>
/// Turns stored values into the status and forecast of <see cref="IndicatorStatus"/> and
/// <see cref="IndicatorForecast"/>: the values that count at an instant (accepted by then and not
/// superseded by a correction accepted by then, as <see cref="Projects.Bulletin.CountingReports"/>),
/// and the earlier years of the same indicator (same name, same responsible unit) for the
/// seasonal forecast.
/// </summary>
public static class IndicatorFigures
{
    public static IQueryable<IndicatorValue> Counting(BlueprintDb db, DateTime knownAt)
    {
        var values = db.Set<IndicatorValue>();
        return values.Where(v => v.AcceptedAtUtc != null && v.AcceptedAtUtc <= knownAt
            && !values.Any(s => s.SupersedesId == v.Id && s.AcceptedAtUtc != null && s.AcceptedAtUtc <= knownAt));
    }

    public static IndicatorPlan PlanOf(Indicator i, decimal? target = null) =>
        new(i.Direction, i.ValueKind, i.Baseline, target ?? i.AnnualTarget, i.Profile, i.ScheduleShares);

    /// <summary>
    /// The series of the given indicators: each indicator's own unit, plus every unit with a
    /// target share (when <paramref name="withShares"/>), as far as the user's scope shows values.
    /// </summary>
    public static async Task<List<IndicatorSeries>> ComputeAsync(
        BlueprintDb db, IReadOnlyCollection<Indicator> indicators, IndicatorAsOf asOf, bool withShares, CancellationToken ct)
    {
        if (indicators.Count == 0)
        {
            return [];
        }

        var ids = indicators.Select(i => i.Id).ToList();
        var years = indicators.ToDictionary(i => i.Id, i => i.PlanYear!.Year);
        var rows = await Counting(db, asOf.KnownAtUtc).AsNoTracking().Where(v => ids.Contains(v.IndicatorId))
            .Select(v => new { v.IndicatorId, v.UnitId, v.Period, v.Value, v.AcceptedAtUtc }).ToListAsync(ct);
        var values = rows.GroupBy(r => (r.IndicatorId, r.UnitId)).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<int, decimal>)g.GroupBy(r => r.Period).ToDictionary(p => p.Key, p => p.MaxBy(r => r.AcceptedAtUtc)!.Value));
        var targets = withShares
            ? (await db.Set<IndicatorTarget>().AsNoTracking().Where(x => ids.Contains(x.IndicatorId) && x.Period == 0)
                .Select(x => new { x.IndicatorId, x.UnitId, x.Target }).ToListAsync(ct))
                .ToDictionary(x => (x.IndicatorId, x.UnitId), x => x.Target)
            : [];
        var earlier = await EarlierYearsAsync(db, indicators, asOf.KnownAtUtc, ct);

        var result = new List<IndicatorSeries>();
        foreach (var indicator in indicators)
        {
            var units = new List<int> { indicator.UnitId };
            units.AddRange(targets.Keys.Where(k => k.IndicatorId == indicator.Id && k.UnitId != indicator.UnitId).Select(k => k.UnitId).Order());
            foreach (var unitId in units)
            {
                var plan = PlanOf(indicator, unitId == indicator.UnitId ? null : targets[(indicator.Id, unitId)]);
                var known = values.GetValueOrDefault((indicator.Id, unitId)) ?? new Dictionary<int, decimal>();
                var upTo = asOf.UpToPeriod(years[indicator.Id], indicator.Profile);
                var history = earlier.Where(e => e.Key.Name == indicator.Name && e.Key.UnitId == unitId && e.Key.Year < years[indicator.Id]
                    && e.Key.OwnerUnitId == indicator.UnitId).Select(e => e.Value).ToList();
                result.Add(new IndicatorSeries(indicator.Id, unitId, plan, known, upTo,
                    IndicatorStatus.Latest(plan, known, upTo), IndicatorForecast.Forecast(plan, known, upTo, history)));
            }
        }

        return result;
    }

    private sealed record EarlierKey(string Name, int OwnerUnitId, int UnitId, int Year);

    /// <summary>The same indicators in earlier plan years, with their values as known at the same instant.</summary>
    private static async Task<List<KeyValuePair<EarlierKey, EarlierYear>>> EarlierYearsAsync(
        BlueprintDb db, IReadOnlyCollection<Indicator> indicators, DateTime knownAt, CancellationToken ct)
    {
        var names = indicators.Select(i => i.Name).Distinct().ToList();
        var latestYear = indicators.Max(i => i.PlanYear!.Year);
        var past = await IndicatorScope.Visible(db).AsNoTracking()
            .Where(e => names.Contains(e.Name) && e.PlanYear!.Year < latestYear)
            .Select(e => new { e.Id, e.Name, e.UnitId, e.PlanYear!.Year, e.ValueKind, e.Baseline }).ToListAsync(ct);
        if (past.Count == 0)
        {
            return [];
        }

        var pastIds = past.Select(p => p.Id).ToList();
        var rows = await Counting(db, knownAt).AsNoTracking().Where(v => pastIds.Contains(v.IndicatorId))
            .Select(v => new { v.IndicatorId, v.UnitId, v.Period, v.Value, v.AcceptedAtUtc }).ToListAsync(ct);
        var byId = past.ToDictionary(p => p.Id);
        return [.. rows.GroupBy(r => (r.IndicatorId, r.UnitId)).Select(g =>
        {
            var p = byId[g.Key.IndicatorId];
            var start = p.ValueKind == IndicatorValueKind.Level ? p.Baseline ?? 0m : 0m;
            return KeyValuePair.Create(
                new EarlierKey(p.Name, p.UnitId, g.Key.UnitId, p.Year),
                new EarlierYear(p.Year, start, g.GroupBy(r => r.Period).ToDictionary(x => x.Key, x => x.MaxBy(r => r.AcceptedAtUtc)!.Value)));
        })];
    }
}
