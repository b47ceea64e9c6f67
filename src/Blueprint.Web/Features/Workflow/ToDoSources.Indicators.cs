using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Workflow;

/// <summary>The to-do's indicator-value sources: values waiting for a step, and the periods a unit owes a value for.</summary>
internal sealed partial class ToDoSources
{
    /// <summary>
    /// Indicator values waiting for the user's step. A county's value may belong to a city
    /// department's indicator, outside the county's scope: the indicator's name and schedule are
    /// read by id afterwards, never through a join that would drop the value.
    /// </summary>
    private ToDoSource Values(ToDoStep step, SubmissionStatus[] statuses)
    {
        var values = Waiting(db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IsCurrent), step, statuses);
        return new(ToDoKind.Indicator, values.Select(_ => 1), null, async (_, ct) =>
        {
            var rows = await values.Select(v => new { v.IndicatorId, Unit = v.Unit!.Name, v.Year, v.Period }).ToListAsync(ct);
            var ids = rows.Select(r => r.IndicatorId).Distinct().ToList();
            var indicators = ids.Count == 0 ? [] : await IndicatorScope.Visible(db).AsNoTracking().Where(i => ids.Contains(i.Id))
                .Select(i => new { i.Id, i.Name, i.Profile }).ToDictionaryAsync(i => i.Id, ct);
            return [.. rows.Where(r => indicators.ContainsKey(r.IndicatorId)).Select(r =>
            {
                var indicator = indicators[r.IndicatorId];
                return ValueEntry(step, indicator.Name, indicator.Profile, r.IndicatorId, r.Unit, r.Year, r.Period);
            }).OrderBy(e => e.Deadline)];
        });
    }

    /// <summary>
    /// The values a reporter's units owe: every period that has ended, of the indicators of this
    /// year and last year that a unit of their scope is responsible for or holds a share of,
    /// with no value yet (a draft or a returned value is in <see cref="Values"/>). Counted in the
    /// database (<see cref="OwedPeriods"/>), listed here (<see cref="OwedValuesAsync"/>): only when
    /// something is owed is anything read row by row.
    /// </summary>
    private ToDoSource OwedValues() =>
        new(ToDoKind.Indicator, OwedPeriods(), null,
            async (limit, ct) => [.. (await OwedValuesAsync(ct)).Take(limit ?? int.MaxValue)
                .Select(o => ValueEntry(ToDoStep.Fill, o.Name, o.Profile, o.IndicatorId, o.Unit, o.Year, o.Period))])
        {
            Lifts = BlueprintDb.ScopeFilter,
        };

    /// <summary>
    /// One row per indicator of this year or last and unit of the scope responsible for it or holding
    /// a share of it: the number of its periods that have ended without a value (the count of
    /// <see cref="OwedValuesAsync"/>'s list). The scope filter is lifted by name, as
    /// <see cref="IndicatorScope.Visible"/> lifts it: a share may be of another unit's indicator; each
    /// set states the scope itself.
    /// </summary>
    private IQueryable<int> OwedPeriods()
    {
        int year = today.Year, last = year - 1;
        var ended = new Dictionary<(int, ScheduleProfile), int>();
        foreach (var y in new[] { last, year })
        {
            foreach (var profile in Enum.GetValues<ScheduleProfile>())
            {
                ended[(y, profile)] = Enumerable.Range(1, IndicatorStatus.PeriodCount(profile))
                    .Count(period => ToDoRules.PeriodEnded(y, profile, period, today));
            }
        }

        // Periods end in order: the periods ended are 1 to this number (parameters of the statement).
        int lastMonthly = ended[(last, ScheduleProfile.Monthly)], lastQuarterly = ended[(last, ScheduleProfile.Quarterly)],
            lastAnnual = ended[(last, ScheduleProfile.AnnualOnly)], monthly = ended[(year, ScheduleProfile.Monthly)],
            quarterly = ended[(year, ScheduleProfile.Quarterly)], annual = ended[(year, ScheduleProfile.AnnualOnly)];
        // A reporter's one unit as an equality: SQLite seeks a unit index by it, where an IN over the scope's subquery read every share.
        var scope = IndicatorScope.ScopeUnits(db);
        var unitId = db.CurrentUser.UnitId ?? -1;
        var oneUnit = db.CurrentUser.Scope == DataScope.OwnUnit;
        var indicators = db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(i => i.PlanYear!.Year == year || i.PlanYear.Year == last);
        var targets = db.Set<IndicatorTarget>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]);
        var own = (oneUnit ? indicators.Where(i => i.UnitId == unitId) : indicators.Where(i => scope.Contains(i.UnitId)))
            .Select(i => new OwedPair { IndicatorId = i.Id, UnitId = i.UnitId, Year = i.PlanYear!.Year, Profile = i.Profile });
        // A share of the unit's own indicator is its own pair already.
        var shared = (oneUnit ? targets.Where(x => x.UnitId == unitId) : targets.Where(x => scope.Contains(x.UnitId)))
            .Select(x => new { x.IndicatorId, x.UnitId }).Distinct()
            .Join(indicators, x => x.IndicatorId, i => i.Id, (x, i) => new { x.UnitId, Indicator = i })
            .Where(x => x.UnitId != x.Indicator.UnitId)
            .Select(x => new OwedPair { IndicatorId = x.Indicator.Id, UnitId = x.UnitId, Year = x.Indicator.PlanYear!.Year, Profile = x.Indicator.Profile });
        var values = db.Set<IndicatorValue>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(v => v.IsCurrent);
        return own.Concat(shared)
            .Select(p => new
            {
                p.IndicatorId,
                p.UnitId,
                p.Year,
                Ended = p.Year == last
                    ? (p.Profile == ScheduleProfile.Monthly ? lastMonthly : p.Profile == ScheduleProfile.Quarterly ? lastQuarterly : lastAnnual)
                    : (p.Profile == ScheduleProfile.Monthly ? monthly : p.Profile == ScheduleProfile.Quarterly ? quarterly : annual),
            })
            // A value's year is its indicator's (every writer sets it so): with it, the values' index is sought to the pair's periods.
            .Select(p => p.Ended - values.Where(v => v.IndicatorId == p.IndicatorId && v.UnitId == p.UnitId && v.Year == p.Year && v.Period <= p.Ended)
                .Select(v => v.Period).Distinct().Count());
    }

    private sealed class OwedPair
    {
        public int IndicatorId { get; init; }

        public int UnitId { get; init; }

        public int Year { get; init; }

        public ScheduleProfile Profile { get; init; }
    }

    private sealed record OwedValue(int IndicatorId, string Name, ScheduleProfile Profile, int Year, string Unit, int Period, DateOnly Due);

    private async Task<List<OwedValue>> OwedValuesAsync(CancellationToken ct)
    {
        // The two years as two parameters, not an array: over an array EF writes the SQL again on every execution (SqlSets).
        var (year, last) = (today.Year, today.Year - 1);
        var scope = IndicatorScope.ScopeUnits(db);
        IQueryable<Indicator> visible;
        if (db.CurrentUser.Scope == DataScope.All)
        {
            visible = IndicatorScope.Visible(db).AsNoTracking().Where(i => i.PlanYear!.Year == year || i.PlanYear!.Year == last);
        }
        else
        {
            // The visible indicators (IndicatorScope.Visible: the scope's units' own and those they hold a
            // share of), found from the scope's units by their indexes instead of testing every indicator of
            // the two years, and as one list of ids: two tests joined by OR made PostgreSQL read every
            // indicator. The list is the visibility test itself, so Visible's test is not run as well; the
            // scope filter is lifted by name as Visible lifts it (each set here applies the scope itself).
            var own = db.Set<Indicator>().Where(i => scope.Contains(i.UnitId)).Select(i => i.Id);
            var shared = db.Set<IndicatorTarget>().Where(x => scope.Contains(x.UnitId)).Select(x => x.IndicatorId);
            var reached = own.Concat(shared);
            visible = db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
                .Where(i => (i.PlanYear!.Year == year || i.PlanYear!.Year == last) && reached.Contains(i.Id));
        }

        var indicators = await visible
            .Select(i => new { i.Id, i.Name, i.Profile, i.PlanYear!.Year, i.UnitId, Unit = i.Unit!.Name, Own = scope.Contains(i.UnitId) })
            .ToListAsync(ct);
        if (indicators.Count == 0)
        {
            return [];
        }

        // Targets and values are read through the scope filter: only the user's own units' shares and values. The ids
        // go as one parameter: as a parameter each, EF wrote the SQL anew for each count of ids, on every count.
        var ids = indicators.Select(i => i.Id).ToList();
        var shares = await db.Set<IndicatorTarget>().AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.IndicatorId))
            .Select(x => new { x.IndicatorId, x.UnitId, Unit = x.Unit!.Name }).Distinct().ToListAsync(ct);
        var current = db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IsCurrent);

        // Per indicator and unit, how many periods have a value and the last of them: periods end in order, so a pair
        // whose values are periods 1 to n, with n at least its last ended period, owes nothing — most of them, once a
        // unit reports. Only the others' periods are read (a province unit's shares are some 2,000 values).
        var filled = await current.Where(v => EF.Parameter(ids).Contains(v.IndicatorId))
            .GroupBy(v => new { v.IndicatorId, v.UnitId })
            .Select(g => new { g.Key.IndicatorId, g.Key.UnitId, Periods = g.Select(v => v.Period).Distinct().Count(), Last = g.Max(v => v.Period) })
            .ToListAsync(ct);
        var byId = indicators.ToDictionary(i => i.Id);
        int Ended(int indicatorId) => Enumerable.Range(1, IndicatorStatus.PeriodCount(byId[indicatorId].Profile))
            .Count(period => ToDoRules.PeriodEnded(byId[indicatorId].Year, byId[indicatorId].Profile, period, today));
        var complete = filled.Where(f => f.Periods == f.Last && f.Last >= Ended(f.IndicatorId)).Select(f => (f.IndicatorId, f.UnitId)).ToHashSet();
        var partly = filled.Where(f => !complete.Contains((f.IndicatorId, f.UnitId))).Select(f => f.IndicatorId).Distinct().ToList();
        var given = partly.Count == 0 ? [] : (await current.Where(v => EF.Parameter(partly).Contains(v.IndicatorId))
            .Select(v => new { v.IndicatorId, v.UnitId, v.Period }).ToListAsync(ct)).ToHashSet();

        var pairs = indicators.Where(i => i.Own).Select(i => (Indicator: i, i.UnitId, i.Unit))
            .Concat(shares.Join(indicators, s => s.IndicatorId, i => i.Id, (s, i) => (Indicator: i, s.UnitId, s.Unit)))
            .DistinctBy(p => (p.Indicator.Id, p.UnitId))
            .Where(p => !complete.Contains((p.Indicator.Id, p.UnitId)));
        return [.. pairs
            .SelectMany(p => Enumerable.Range(1, IndicatorStatus.PeriodCount(p.Indicator.Profile))
                .Where(period => ToDoRules.PeriodEnded(p.Indicator.Year, p.Indicator.Profile, period, today)
                    && !given.Contains(new { IndicatorId = p.Indicator.Id, p.UnitId, Period = period }))
                .Select(period => new OwedValue(p.Indicator.Id, p.Indicator.Name, p.Indicator.Profile, p.Indicator.Year, p.Unit, period,
                    ToDoRules.IndicatorValueDue(p.Indicator.Year, p.Indicator.Profile, period))))
            .OrderBy(o => o.Due)];
    }

    private ToDoEntry ValueEntry(ToDoStep step, string indicator, ScheduleProfile profile, int indicatorId, string unit, int year, int period) =>
        Entry(ToDoKind.Indicator, step, t["ToDo.IndicatorTitle", indicator, year, IndicatorText.Period(t, profile, period)], unit,
            $"/goals/indicators/{indicatorId}", ToDoRules.IndicatorValueDue(year, profile, period));
}
