using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Units;

public sealed record UnitSummary(int Id, string Name, string? ShortName, UnitKind Kind, int? ParentId, string? ParentName);

/// <summary>A place in a ranking: 1 is best, <see cref="Of"/> units were ranked.</summary>
public sealed record UnitRank(int Position, int Of);

/// <summary>One indicator as the unit carries it: the whole when the unit is responsible, else the unit's share.</summary>
public sealed record UnitIndicatorLine(int IndicatorId, string Name, string Measure, bool IsShare, decimal Target, int? Period, decimal? Actual, decimal? Due, StatusLight? Light);

public sealed record UnitSupervision(int Open, int Red, int Yellow, IReadOnlyList<SupervisionItemDto> OpenItems);

/// <summary>The unit's supervision record over Jan 1 – the as-of month's end, and its places by on-time rate and by overdue count.</summary>
public sealed record UnitSupervisionRanks(DateOnly From, DateOnly To, UnitRanking Figures, UnitRank ByOnTime, UnitRank ByOverdue);

public sealed record UnitProblems(int Open, int Overdue, IReadOnlyList<ProblemDto> Items);

public sealed record UnitReviewSubmission(int Id, int CampaignId, int Year, string CampaignTitle, SubmissionStatus Status, DateTime? SubmittedAtUtc);

/// <summary>
/// Everything about one unit at the end of a month, as its leader reads it before a meeting.
/// Projects are the unit and every unit below it (as the project list filters by unit);
/// indicators, supervision ranks and review submissions are the unit's own. <see cref="ProjectRows"/>
/// are the first <see cref="Bulletin.ByScheduleNamed"/> of the <see cref="ProjectCount"/> key-list
/// projects, most behind 序时进度 first; the project list has them all.
/// </summary>
public sealed record UnitOverview(
    UnitSummary Unit, int Year, int Month, DateTime KnownAtUtc,
    BulletinRow Projects, int ProjectCount, IReadOnlyList<ProjectBulletinRow> ProjectRows, UnitRank? CompletionRank,
    IReadOnlyList<UnitIndicatorLine> Indicators, UnitSupervision Supervision, UnitSupervisionRanks? SupervisionRanks,
    UnitProblems Problems, IReadOnlyList<UnitReviewSubmission> Reviews)
{
    public int IndicatorCount(StatusLight? light) => Indicators.Count(i => i.Light == light);
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum UnitAccess
{
    Allowed = 0,
    NotFound = 1,
    Forbidden = 2,
}

/// <summary>
/// Gathers the unit page from each feature's own module — <see cref="Bulletin"/>,
/// <see cref="IndicatorFigures"/>, <see cref="SupervisionQueries"/>, <see cref="SupervisionRankings"/>,
/// <see cref="ProblemList"/> — so every figure here is the one the feature's list shows.
/// </summary>
public static class UnitOverviews
{
    /// <summary>How many open supervision items and problems the page names (the links show the rest).</summary>
    public const int ItemsShown = 10;

    /// <summary>
    /// The unit tree is visible to everyone, the unit's records only within the reader's data
    /// scope: a unit outside it is refused, not hidden (its name is no secret, its figures are).
    /// </summary>
    public static async Task<UnitAccess> CheckAsync(BlueprintDb db, int unitId, CancellationToken ct)
    {
        if (!await db.Set<Unit>().AnyAsync(u => u.Id == unitId, ct))
        {
            return UnitAccess.NotFound;
        }

        return await IndicatorScope.ScopeUnits(db).ContainsAsync(unitId, ct) ? UnitAccess.Allowed : UnitAccess.Forbidden;
    }

    /// <summary>The overview of a unit the caller has checked with <see cref="CheckAsync"/>.</summary>
    public static async Task<UnitOverview> LoadAsync(BlueprintDb db, int unitId, int year, int month, TimeProvider clock, CancellationToken ct)
    {
        var knownAt = clock.GetUtcNow().UtcDateTime;
        var unit = await db.Set<Unit>().AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new UnitSummary(u.Id, u.Name, u.ShortName, u.Kind, u.ParentId, u.Parent != null ? u.Parent.Name : null))
            .SingleAsync(ct);

        // Figures as known now (no instant), as the project list and the bulletin page show a month by
        // default. The city's own page shows the whole city's, and a unit directly under the city its
        // share of them: for a reader of every unit those are the kept ones (decision 0041). An instant
        // would be a kept row of its own.
        var wholeCity = unit.ParentId is null && KeptFigures.Keeps(db)
            && !await db.Set<Unit>().AnyAsync(u => u.ParentId == null && u.Id != unitId, ct);
        var mine = wholeCity ? new BulletinQuery(year, month) : new BulletinQuery(year, month, UnitId: unitId);
        var projects = (await Bulletin.ComputeAsync(db, mine, clock, ct)).All;
        var projectRows = await Bulletin.ByScheduleAsync(db, mine, clock, ct);

        return new UnitOverview(
            unit, year, month, knownAt, projects, projectRows.Count, projectRows.First,
            // As known now (no instant): the whole city's figures are then the kept ones (decision 0041).
            await CompletionRankAsync(db, unit, new BulletinQuery(year, month), clock, ct),
            await IndicatorsAsync(db, unitId, year, month, ct),
            await SupervisionAsync(db, unitId, ct),
            await SupervisionRanksAsync(db, unitId, year, month, clock, ct),
            await ProblemsAsync(db, unitId, clock, ct),
            await ReviewsAsync(db, unitId, ct));
    }

    /// <summary>
    /// The unit's place in the bulletin's unit ranking (<see cref="BulletinReport.RankUnits"/>):
    /// the units directly under the city (and the city's own projects) are ranked there, so a
    /// deeper unit has no place.
    /// Ranked among the units the reader's scope shows, like every figure: a county's own staff
    /// see no place unless their scope holds other ranked units.
    /// </summary>
    private static async Task<UnitRank?> CompletionRankAsync(BlueprintDb db, UnitSummary unit, BulletinQuery all, TimeProvider clock, CancellationToken ct)
    {
        if (unit.ParentId is null)
        {
            return null;
        }

        // The same order as the ranking table of the printed bulletin, so the places agree.
        var ranked = BulletinReport.RankUnits((await Bulletin.ComputeAsync(db, all, clock, ct)).ByUnit).ToList();
        var index = ranked.FindIndex(r => r.Key == $"unit:{unit.Id}");
        // A reader whose scope shows only this unit has nothing to rank it against: no place, not "1 of 1".
        return index < 0 || ranked.Count < 2 || ranked[index].Figures.InvestmentCompletionRate is null ? null : new UnitRank(index + 1, ranked.Count);
    }

    /// <summary>The year's indicators the unit is responsible for or holds a share of, judged at the month's end (as the indicator list's as-of).</summary>
    private static async Task<List<UnitIndicatorLine>> IndicatorsAsync(BlueprintDb db, int unitId, int year, int month, CancellationToken ct)
    {
        var shares = db.Set<IndicatorTarget>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(x => x.UnitId == unitId).Select(x => x.IndicatorId);
        var indicators = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear)
            .Where(i => i.PlanYear!.Year == year && (i.UnitId == unitId || shares.Contains(i.Id)))
            .OrderBy(i => i.GoalId).ThenBy(i => i.Id).ToListAsync(ct);
        var series = (await IndicatorFigures.StatusesOfUnitAsync(db, indicators, unitId, IndicatorAsOf.MonthEnd(year, month), ct))
            .ToDictionary(s => s.IndicatorId);
        return [.. indicators.Where(i => series.ContainsKey(i.Id)).Select(i =>
        {
            var s = series[i.Id];
            return new UnitIndicatorLine(i.Id, i.Name, i.Measure, i.UnitId != unitId, s.Plan.Target, s.Status?.Period, s.Status?.Actual, s.Status?.Due, s.Status?.Light);
        })];
    }

    /// <summary>Supervision items led by the unit and the units below it, as they stand today (items keep no light history).</summary>
    private static async Task<UnitSupervision> SupervisionAsync(BlueprintDb db, int unitId, CancellationToken ct)
    {
        var open = (await SupervisionQueries.QueryAsync(db, new SupervisionFilter(UnitId: unitId), ct)).Where(i => i.Status != SupervisionStatus.Closed);
        // One pass over the unit's open items for the three counts (at province scale the city's are 20,000).
        var byLight = await open.GroupBy(i => i.Light).Select(g => new { Light = g.Key, Count = g.Count() }).ToListAsync(ct);
        return new UnitSupervision(
            byLight.Sum(l => l.Count),
            byLight.Where(l => l.Light == StatusLight.Red).Sum(l => l.Count),
            byLight.Where(l => l.Light == StatusLight.Yellow).Sum(l => l.Count),
            await open.Take(ItemsShown).Select(SupervisionQueries.AsDto).ToListAsync(ct));
    }

    /// <summary>The unit's line of the supervision rankings from January 1 to the month's end (or today, if earlier).</summary>
    private static async Task<UnitSupervisionRanks?> SupervisionRanksAsync(BlueprintDb db, int unitId, int year, int month, TimeProvider clock, CancellationToken ct)
    {
        var today = SupervisionLights.Today(clock);
        var from = new DateOnly(year, 1, 1);
        var monthEnd = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
        var to = monthEnd < today ? monthEnd : today;
        if (from > to)
        {
            return null;
        }

        // Every unit's ranking, the same for every reader who sees every unit: kept per month and day (decision 0041).
        var report = await SupervisionRankings.ReadAsync(db, from, to, today, clock, ct);
        var byOnTime = SupervisionRankings.Sorted(report.Units, RankingSort.OnTime, descending: true);
        var byOverdue = SupervisionRankings.Sorted(report.Units, RankingSort.Overdue, descending: false);
        var onTime = IndexOf(byOnTime, unitId);
        return onTime < 0 || byOnTime.Count < 2 ? null : new UnitSupervisionRanks(from, to, byOnTime[onTime],
            new UnitRank(onTime + 1, byOnTime.Count), new UnitRank(IndexOf(byOverdue, unitId) + 1, byOverdue.Count));

        static int IndexOf(IReadOnlyList<UnitRanking> units, int unitId)
        {
            for (var i = 0; i < units.Count; i++)
            {
                if (units[i].UnitId == unitId)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private static async Task<UnitProblems> ProblemsAsync(BlueprintDb db, int unitId, TimeProvider clock, CancellationToken ct)
    {
        var today = ProblemList.Today(clock);
        var open = await ProblemList.QueryAsync(db, new ProblemFilter(Status: ProblemStatus.Open, UnitId: unitId), today, ct);
        // Both counts in one pass, each problem flagged by the list's own overdue rule.
        var counts = await open.Select(ProblemList.Overdue(today)).GroupBy(_ => 1)
            .Select(g => new { All = g.Count(), Overdue = g.Count(late => late) })
            .FirstOrDefaultAsync(ct);
        return new UnitProblems(counts?.All ?? 0, counts?.Overdue ?? 0, await ProblemList.ToDtosAsync(open.Take(ItemsShown), today, ct));
    }

    /// <summary>The unit's yearly review submissions, latest campaign first.</summary>
    private static async Task<List<UnitReviewSubmission>> ReviewsAsync(BlueprintDb db, int unitId, CancellationToken ct) =>
        await db.Set<ReviewSubmission>().AsNoTracking().Where(s => s.UnitId == unitId)
            .OrderByDescending(s => s.Campaign!.Year).ThenByDescending(s => s.Id).Take(ItemsShown)
            .Select(s => new UnitReviewSubmission(s.Id, s.ReviewCampaignId, s.Campaign!.Year, s.Campaign.Title, s.Status, s.SubmittedAtUtc))
            .ToListAsync(ct);
}
