using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Supervision;

/// <summary>One lead unit's supervision record over a period (see <see cref="SupervisionRankings"/> for the definitions).</summary>
public sealed record UnitRanking(
    int UnitId, string UnitName, int FeedbacksDue, int FeedbacksOnTime, decimal? OnTimeRate,
    int ItemsDue, int ItemsClosed, decimal? ClosureRate, int OverdueCount, int RemindedCount);

/// <summary>The ranking of units over a period, as of today.</summary>
public sealed record RankingReport(DateOnly From, DateOnly To, DateOnly Today, IReadOnlyList<UnitRanking> Units);

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum RankingSort
{
    OnTime = 0,
    Overdue = 1,
    Closure = 2,
    Unit = 3,
}

/// <summary>
/// Unit rankings of supervision work over a period [From, To] (calendar days in the city, both
/// ends included), each unit judged on the items it leads, with the current (extended) deadline:
///
/// - Feedbacks due: the due dates of each item's feedback calendar (<see cref="SupervisionLights.DueDates"/>)
///   that fall in the period and have passed (before today); an item closed on day C owes none after C.
/// - Feedbacks on time: those due dates for which the lead unit gave a feedback after the previous
///   due date and no later than the due date itself.
/// - On-time feedback rate = feedbacks on time ÷ feedbacks due ("—" when none was due).
/// - Items due: items whose deadline falls in the period.
/// - Items closed: items due that are closed today, whether on time or late.
/// - Closure rate = items closed ÷ items due ("—" when none was due).
/// - Overdue count: items due whose deadline has passed and that were not closed by it (still
///   open, or closed after it).
/// - Reminded (被催办): the office's 催办 on the unit's items during the period, whatever the items' deadlines.
///
/// The calendar is not SQL, so the few columns needed are read with one query each and counted
/// here; the scope filter confines the items to the units the reader may see.
/// </summary>
public static class SupervisionRankings
{
    private sealed record Row(int Id, int UnitId, DateTime CreatedAtUtc, DateOnly Deadline, FeedbackCadence Cadence,
        SupervisionStatus Status, DateTime? ClosedAtUtc);

    /// <summary>
    /// The ranking over [from, to] as of today. A period from January 1 to a month's end (to today
    /// within the running month) is the same for every reader who sees every unit: for them it is
    /// kept per month and day (decision 0041; the unit page reads the same row); any other period or
    /// reader is computed.
    /// </summary>
    public static async Task<RankingReport> ReadAsync(BlueprintDb db, DateOnly from, DateOnly to, DateOnly today, TimeProvider clock, CancellationToken ct)
    {
        var monthEnd = new DateOnly(to.Year, to.Month, 1).AddMonths(1).AddDays(-1);
        return KeptFigures.Keeps(db) && from == new DateOnly(to.Year, 1, 1) && to == (monthEnd < today ? monthEnd : today)
            ? await KeptFigures.GetAsync(db, KeptKind.SupervisionRanking, to.Year, to.Month, SupervisionLights.EndOfDayUtc(today), clock,
                () => ComputeAsync(db, from, to, today, ct), ct)
            : await ComputeAsync(db, from, to, today, ct);
    }

    public static async Task<RankingReport> ComputeAsync(BlueprintDb db, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct)
    {
        // The period's last instant in the city: the next day's midnight at UTC+8.
        var toEndUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        var items = db.Set<SupervisionItem>().AsNoTracking().Where(i => i.Deadline >= from && i.CreatedAtUtc < toEndUtc);
        var rows = await items
            .Select(i => new Row(i.Id, i.UnitId, i.CreatedAtUtc, i.Deadline, i.Cadence, i.Status, i.ClosedAtUtc))
            .ToListAsync(ct);
        var feedback = (await db.Set<SupervisionFeedback>().AsNoTracking()
                .Where(f => items.Any(i => i.Id == f.SupervisionItemId && i.UnitId == f.UnitId))
                .Select(f => new { f.SupervisionItemId, f.CreatedAtUtc }).ToListAsync(ct))
            .ToLookup(f => f.SupervisionItemId, f => SupervisionLights.Day(f.CreatedAtUtc));
        var fromUtc = CityTime.StartUtc(from);
        var reminded = await db.Set<SupervisionStep>().AsNoTracking()
            .Where(s => s.Kind == SupervisionStepKind.Reminded && s.AtUtc >= fromUtc && s.AtUtc < toEndUtc)
            .GroupBy(s => s.Item!.UnitId).Select(g => new { UnitId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UnitId, g => g.Count, ct);
        // A unit reminded only on items outside the period's deadlines is ranked too, with nothing else to count.
        var byUnit = rows.ToLookup(r => r.UnitId);
        var unitIds = byUnit.Select(g => g.Key).Union(reminded.Keys).ToList();
        var names = await db.Set<Unit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);

        var units = unitIds.Select(unitId =>
        {
            int due = 0, onTime = 0, itemsDue = 0, closed = 0, overdue = 0;
            foreach (var r in byUnit[unitId])
            {
                var closedOn = r.Status == SupervisionStatus.Closed && r.ClosedAtUtc is { } c ? SupervisionLights.Day(c) : (DateOnly?)null;
                var days = feedback[r.Id].ToList();
                foreach (var window in SupervisionLights.Windows(SupervisionLights.Day(r.CreatedAtUtc), r.Deadline, r.Cadence))
                {
                    if (window.Due >= from && window.Due <= to && window.Due < today && !(closedOn < window.Due))
                    {
                        due++;
                        onTime += SupervisionLights.Answered(window, days) ? 1 : 0;
                    }
                }

                if (r.Deadline >= from && r.Deadline <= to)
                {
                    itemsDue++;
                    closed += r.Status == SupervisionStatus.Closed ? 1 : 0;
                    overdue += r.Deadline < today && !(closedOn <= r.Deadline) ? 1 : 0;
                }
            }

            return new UnitRanking(unitId, names.GetValueOrDefault(unitId, ""), due, onTime, Figure.Ratio(onTime, due),
                itemsDue, closed, Figure.Ratio(closed, itemsDue), overdue, reminded.GetValueOrDefault(unitId));
        }).Where(u => u.FeedbacksDue > 0 || u.ItemsDue > 0 || u.RemindedCount > 0).ToList();

        return new RankingReport(from, to, today, Sort(units, RankingSort.OnTime, descending: true));
    }

    /// <summary>The orders worked out of each ranking's units, per list: a kept ranking is one list shared by every request that reads its version.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<UnitRanking>, ConcurrentDictionary<(RankingSort, bool), IReadOnlyList<UnitRanking>>> Orders = new();

    /// <summary>
    /// <see cref="Sort"/>, worked out once per list of units and order and then shared (read-only): the unit page
    /// places one unit in the province's ranking of 4,000 units twice, and sorting them took a tenth of the page.
    /// </summary>
    public static IReadOnlyList<UnitRanking> Sorted(IReadOnlyList<UnitRanking> units, RankingSort sort, bool descending) =>
        Orders.GetOrCreateValue(units).GetOrAdd((sort, descending), key => Sort(units, key.Item1, key.Item2));

    /// <summary>
    /// Best first by default: highest on-time and closure rates, fewest overdue items. A unit
    /// with nothing to judge (a rate of "—") always comes last; ties fall back to the unit's name.
    /// </summary>
    public static List<UnitRanking> Sort(IEnumerable<UnitRanking> units, RankingSort sort, bool descending)
    {
        var ordered = sort switch
        {
            RankingSort.Overdue => descending ? units.OrderByDescending(u => u.OverdueCount) : units.OrderBy(u => u.OverdueCount),
            RankingSort.Closure => units.OrderBy(u => u.ClosureRate is null).ThenBy(u => descending ? -u.ClosureRate : u.ClosureRate),
            RankingSort.Unit => descending ? units.OrderByDescending(u => u.UnitName, StringComparer.Ordinal) : units.OrderBy(u => u.UnitName, StringComparer.Ordinal),
            _ => units.OrderBy(u => u.OnTimeRate is null).ThenBy(u => descending ? -u.OnTimeRate : u.OnTimeRate),
        };
        return [.. ordered.ThenBy(u => u.UnitName, StringComparer.Ordinal)];
    }
}
