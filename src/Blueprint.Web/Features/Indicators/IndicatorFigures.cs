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
        var rows = await Counting(db, asOf.KnownAtUtc).AsNoTracking().Where(v => EF.Parameter(ids).Contains(v.IndicatorId))
            .Select(v => new ValueRow(v.IndicatorId, v.UnitId, v.Period, v.Value, v.AcceptedAtUtc)).ToListAsync(ct);
        var targets = withShares ? await TargetsAsync(db, ids, unitId: null, ct) : [];
        var earlier = (await EarlierYearsAsync(db, indicators, asOf.KnownAtUtc, ct))
            .ToLookup(e => (e.Key.Name, e.Key.OwnerUnitId, e.Key.UnitId));
        return Series(indicators, asOf, rows, targets, (indicator, unitId, plan, known, upTo) =>
        {
            var history = earlier[(indicator.Name, indicator.UnitId, unitId)]
                .Where(e => e.Key.Year < indicator.PlanYear!.Year).Select(e => e.Value).ToList();
            return IndicatorForecast.Forecast(plan, known, upTo, history);
        });
    }

    /// <summary>
    /// The same series with the status light only (no forecast, <see cref="IndicatorSeries.Values"/>
    /// holding just the period judged), for pages that count lights over many indicators: the
    /// database picks each series' latest counting period up to the as-of, so a province's year
    /// is some twenty thousand rows rather than every value of it.
    /// </summary>
    public static async Task<List<IndicatorSeries>> StatusesAsync(
        BlueprintDb db, IReadOnlyCollection<Indicator> indicators, IndicatorAsOf asOf, CancellationToken ct) =>
        (await StatusesAsync(db, indicators, asOf, asOf, unitId: null, ct)).AsOf;

    /// <summary>
    /// One unit's light-only series of the given indicators (those it is responsible for, and its
    /// shares of others): the same series as <see cref="StatusesAsync(BlueprintDb, IReadOnlyCollection{Indicator}, IndicatorAsOf, CancellationToken)"/>
    /// gives for that unit — a series depends on its own unit's values and target alone — reading
    /// only that unit's values and targets (the unit page; a county's share of a city indicator
    /// would otherwise read every other county's values too).
    /// </summary>
    public static async Task<List<IndicatorSeries>> StatusesOfUnitAsync(
        BlueprintDb db, IReadOnlyCollection<Indicator> indicators, int unitId, IndicatorAsOf asOf, CancellationToken ct) =>
        (await StatusesAsync(db, indicators, asOf, asOf, unitId, ct)).AsOf;

    /// <summary>
    /// The light-only series at two moments (the cockpit's month and the month before) from one
    /// read: each value's key with whether it counts at either moment — the rule of
    /// <see cref="Counting"/>, written out per moment; tests hold both equal to it.
    /// </summary>
    public static Task<(List<IndicatorSeries> AsOf, List<IndicatorSeries> Before)> StatusesAsync(
        BlueprintDb db, IReadOnlyCollection<Indicator> indicators, IndicatorAsOf asOf, IndicatorAsOf before, CancellationToken ct) =>
        StatusesAsync(db, indicators, asOf, before, unitId: null, ct);

    /// <summary>The series of every unit, or of <paramref name="unitId"/> only (its values and targets alone are read).</summary>
    private static async Task<(List<IndicatorSeries> AsOf, List<IndicatorSeries> Before)> StatusesAsync(
        BlueprintDb db, IReadOnlyCollection<Indicator> indicators, IndicatorAsOf asOf, IndicatorAsOf before, int? unitId, CancellationToken ct)
    {
        var (t1, t2) = (asOf.KnownAtUtc, before.KnownAtUtc);
        var latest = t1 > t2 ? t1 : t2;
        var values = db.Set<IndicatorValue>();
        var unitValues = unitId is { } only ? values.Where(v => v.UnitId == only) : values;
        var targets = await TargetsAsync(db, [.. indicators.Select(i => i.Id)], unitId, ct);
        var shareUnits = targets.Keys.ToLookup(k => k.IndicatorId, k => k.UnitId);
        // The units whose series are wanted of an indicator: its own unit and those with a share, or the one unit asked.
        IEnumerable<int> UnitsOf(Indicator i) => shareUnits[i.Id].Append(i.UnitId).Where(u => unitId is null || u == unitId);

        // Integers and flags only (cheap to read): each value's key, whether it counts at either
        // moment, for the given indicators' periods from a lower bound up to each profile's last period.
        async Task<List<ValueKey>> KeysAsync(int year, IEnumerable<Indicator> of, Func<ScheduleProfile, int> from)
        {
            List<int> Ids(ScheduleProfile p) => [.. of.Where(i => i.Profile == p).Select(i => i.Id)];
            int UpTo(ScheduleProfile p) => Math.Max(asOf.UpToPeriod(year, p), before.UpToPeriod(year, p));
            var (monthly, quarterly, yearly) = (Ids(ScheduleProfile.Monthly), Ids(ScheduleProfile.Quarterly), Ids(ScheduleProfile.AnnualOnly));
            var (m, q, y) = (UpTo(ScheduleProfile.Monthly), UpTo(ScheduleProfile.Quarterly), UpTo(ScheduleProfile.AnnualOnly));
            var (fm, fq, fy) = (from(ScheduleProfile.Monthly), from(ScheduleProfile.Quarterly), from(ScheduleProfile.AnnualOnly));
            return await unitValues.AsNoTracking()
                .Where(v => v.AcceptedAtUtc != null && v.AcceptedAtUtc <= latest
                    && ((EF.Parameter(monthly).Contains(v.IndicatorId) && v.Period >= fm && v.Period <= m)
                        || (EF.Parameter(quarterly).Contains(v.IndicatorId) && v.Period >= fq && v.Period <= q)
                        || (EF.Parameter(yearly).Contains(v.IndicatorId) && v.Period >= fy && v.Period <= y)))
                .Select(v => new ValueKey(v.Id, v.IndicatorId, v.UnitId, v.Period,
                    v.AcceptedAtUtc <= t1 && !values.Any(s => s.SupersedesId == v.Id && s.AcceptedAtUtc != null && s.AcceptedAtUtc <= t1),
                    v.AcceptedAtUtc <= t2 && !values.Any(s => s.SupersedesId == v.Id && s.AcceptedAtUtc != null && s.AcceptedAtUtc <= t2)))
                .ToListAsync(ct);
        }

        var keys = new List<ValueKey>();
        foreach (var year in indicators.GroupBy(i => i.PlanYear!.Year))
        {
            // Values arrive period by period, so nearly every series' latest counting period is
            // among the last two at either moment: read those first (a fifth of a year's values
            // in December), then every period only for the indicators with a series not found
            // there — a gap in reporting, or no value yet. Exact either way: a period found in
            // the top of the range is the latest one.
            int Recent(ScheduleProfile p) => Math.Max(1, Math.Min(asOf.UpToPeriod(year.Key, p), before.UpToPeriod(year.Key, p)) - 1);
            var recent = await KeysAsync(year.Key, year, Recent);
            var profile = year.ToDictionary(i => i.Id, i => i.Profile);
            HashSet<(int, int)> Found(IndicatorAsOf at, Func<ValueKey, bool> counts) =>
                [.. recent.Where(k => counts(k) && k.Period <= at.UpToPeriod(year.Key, profile[k.IndicatorId])).Select(k => (k.IndicatorId, k.UnitId))];
            var (found, foundBefore) = (Found(asOf, k => k.CountsAsOf), Found(before, k => k.CountsBefore));
            var incomplete = year.Where(i => UnitsOf(i).Any(u => !found.Contains((i.Id, u)) || !foundBefore.Contains((i.Id, u)))).ToList();
            var again = incomplete.Select(i => i.Id).ToHashSet();
            keys.AddRange(recent.Where(k => !again.Contains(k.IndicatorId)));
            keys.AddRange(await KeysAsync(year.Key, incomplete, _ => 1));
        }

        var byId = indicators.ToDictionary(i => i.Id);
        List<long> Latest(IndicatorAsOf at, Func<ValueKey, bool> counts) => [.. keys
            .Where(k => counts(k) && k.Period <= at.UpToPeriod(byId[k.IndicatorId].PlanYear!.Year, byId[k.IndicatorId].Profile))
            .GroupBy(k => (k.IndicatorId, k.UnitId))
            .SelectMany(g => { var last = g.Max(k => k.Period); return g.Where(k => k.Period == last).Select(k => k.Id); })];
        var (ids1, ids2) = (Latest(asOf, k => k.CountsAsOf), Latest(before, k => k.CountsBefore));
        var wanted = ids1.Union(ids2).ToList();
        var rows = wanted.Count == 0 ? [] : (await values.AsNoTracking().Where(v => EF.Parameter(wanted).Contains(v.Id))
            .Select(v => new { v.Id, Row = new ValueRow(v.IndicatorId, v.UnitId, v.Period, v.Value, v.AcceptedAtUtc) }).ToListAsync(ct))
            .ToDictionary(v => v.Id, v => v.Row);
        List<IndicatorSeries> Of(IndicatorAsOf at, List<long> ids) =>
            [.. Series(indicators, at, [.. ids.Select(id => rows[id])], targets, (_, _, _, _, _) => IndicatorForecastResult.None)
                .Where(s => unitId is null || s.UnitId == unitId)];
        var now = Of(asOf, ids1);
        return (now, before == asOf ? now : Of(before, ids2));
    }

    private sealed record ValueKey(long Id, int IndicatorId, int UnitId, int Period, bool CountsAsOf, bool CountsBefore);

    private sealed record ValueRow(int IndicatorId, int UnitId, int Period, decimal Value, DateTime? AcceptedAtUtc);

    private delegate IndicatorForecastResult ForecastOf(Indicator indicator, int unitId, IndicatorPlan plan, IReadOnlyDictionary<int, decimal> known, int upTo);

    private static async Task<Dictionary<(int IndicatorId, int UnitId), decimal>> TargetsAsync(BlueprintDb db, List<int> ids, int? unitId, CancellationToken ct)
    {
        var targets = db.Set<IndicatorTarget>().AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.IndicatorId) && x.Period == 0);
        if (unitId is { } only)
        {
            targets = targets.Where(x => x.UnitId == only);
        }

        return (await targets.Select(x => new { x.IndicatorId, x.UnitId, x.Target }).ToListAsync(ct))
            .ToDictionary(x => (x.IndicatorId, x.UnitId), x => x.Target);
    }

    /// <summary>Each indicator's own unit, then the units with a share, each judged on the values that count (the latest accepted per period).</summary>
    private static List<IndicatorSeries> Series(
        IReadOnlyCollection<Indicator> indicators, IndicatorAsOf asOf, List<ValueRow> rows,
        Dictionary<(int IndicatorId, int UnitId), decimal> targets, ForecastOf forecast)
    {
        var values = rows.GroupBy(r => (r.IndicatorId, r.UnitId)).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<int, decimal>)g.GroupBy(r => r.Period).ToDictionary(p => p.Key, p => p.MaxBy(r => r.AcceptedAtUtc)!.Value));
        var shares = targets.Keys.ToLookup(k => k.IndicatorId, k => k.UnitId);
        var result = new List<IndicatorSeries>();
        foreach (var indicator in indicators)
        {
            var upTo = asOf.UpToPeriod(indicator.PlanYear!.Year, indicator.Profile);
            foreach (var unitId in shares[indicator.Id].Where(u => u != indicator.UnitId).Order().Prepend(indicator.UnitId))
            {
                var plan = PlanOf(indicator, unitId == indicator.UnitId ? null : targets[(indicator.Id, unitId)]);
                var known = values.GetValueOrDefault((indicator.Id, unitId)) ?? new Dictionary<int, decimal>();
                result.Add(new IndicatorSeries(indicator.Id, unitId, plan, known, upTo,
                    IndicatorStatus.Latest(plan, known, upTo), forecast(indicator, unitId, plan, known, upTo)));
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
            .Where(e => EF.Parameter(names).Contains(e.Name) && e.PlanYear!.Year < latestYear)
            .Select(e => new { e.Id, e.Name, e.UnitId, e.PlanYear!.Year, e.ValueKind, e.Baseline }).ToListAsync(ct);
        if (past.Count == 0)
        {
            return [];
        }

        var pastIds = past.Select(p => p.Id).ToList();
        var rows = await Counting(db, knownAt).AsNoTracking().Where(v => EF.Parameter(pastIds).Contains(v.IndicatorId))
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
