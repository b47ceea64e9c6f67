using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Reviews;

/// <summary>
/// Where a review item's target stands: its status (the enum name, e.g. "InProgress"), the
/// supervision light, and its latest figure — the newest feedback, the answer, or the latest
/// accepted value of the indicator as a whole (its own unit's, not a share) against the annual target.
/// </summary>
public sealed record TargetOutcome(
    ReviewItemTarget Target, int Id, string Title, string? Status, StatusLight? Light, string? Latest, DateTime? LatestAtUtc, string Link);

public sealed record ReviewItemDto(
    int Id, int ReviewSubmissionId, int UnitId, ReviewItemKind Kind, string? SectionKey, string Text, ReviewItemTarget Target,
    int? TargetId, DateTime CreatedAtUtc, int Version, TargetOutcome? Outcome = null);

/// <summary>Where a target came from: the review item, its submission, campaign and unit.</summary>
public sealed record ReviewOrigin(int ReviewItemId, int ReviewSubmissionId, int CampaignId, int Year, string CampaignTitle, string UnitName, ReviewItemKind Kind, string Text);

public static class ReviewOutcomes
{
    public static ReviewItemDto AsDto(ReviewItem i) => new(
        i.Id, i.ReviewSubmissionId, i.UnitId, i.Kind, i.SectionKey, i.Text, i.Target,
        i.GoalId ?? i.IndicatorId ?? i.SupervisionItemId ?? i.ProblemId, i.CreatedAtUtc, i.Version);

    /// <summary>The items of one submission, each with its target's outcome.</summary>
    public static async Task<List<ReviewItemDto>> ForSubmissionAsync(BlueprintDb db, int submissionId, CancellationToken ct) =>
        await WithOutcomesAsync(db, await db.Set<ReviewItem>().AsNoTracking()
            .Where(i => i.ReviewSubmissionId == submissionId).OrderBy(i => i.Id).ToListAsync(ct), ct);

    /// <summary>
    /// Last year's items of a unit, with their outcomes: what the next campaign shows beside the
    /// unit's new submission. "Last year" is every campaign of <paramref name="year"/> − 1.
    /// </summary>
    public static async Task<List<ReviewItemDto>> PreviousYearAsync(BlueprintDb db, int unitId, int year, CancellationToken ct) =>
        await WithOutcomesAsync(db, await db.Set<ReviewItem>().AsNoTracking()
            .Where(i => i.UnitId == unitId && i.Submission!.Campaign!.Year == year - 1)
            .OrderBy(i => i.Kind).ThenBy(i => i.Id).ToListAsync(ct), ct);

    /// <summary>The review item a goal, indicator, supervision item or problem was made from, if any.</summary>
    public static Task<ReviewOrigin?> OriginAsync(BlueprintDb db, ReviewItemTarget target, int id, CancellationToken ct) =>
        db.Set<ReviewItem>().AsNoTracking()
            .Where(i => i.Target == target && (target == ReviewItemTarget.Goal ? i.GoalId == id
                : target == ReviewItemTarget.Indicator ? i.IndicatorId == id
                : target == ReviewItemTarget.SupervisionItem ? i.SupervisionItemId == id
                : i.ProblemId == id))
            .Select(i => new ReviewOrigin(i.Id, i.ReviewSubmissionId, i.Submission!.ReviewCampaignId, i.Submission.Campaign!.Year,
                i.Submission.Campaign.Title, i.Unit!.Name, i.Kind, i.Text))
            .FirstOrDefaultAsync(ct);

    private static async Task<List<ReviewItemDto>> WithOutcomesAsync(BlueprintDb db, List<ReviewItem> items, CancellationToken ct)
    {
        // The items were read through the scope filter; their targets are read without it. A unit
        // sees what became of its own review items even when the city gave the task to another
        // unit — only the title, status and latest figure of exactly those targets.
        var supervision = await SupervisionAsync(db, Ids(items, i => i.SupervisionItemId), ct);
        var problemIds = Ids(items, i => i.ProblemId);
        var problems = await db.Set<Problem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
            .Where(p => problemIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new TargetOutcome(ReviewItemTarget.Problem, p.Id, p.Title, p.Status.ToString(), null,
                p.Answer ?? (p.Deadline is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null), p.ClosedAtUtc, $"/problems/{p.Id}"), ct);
        var indicators = await IndicatorsAsync(db, Ids(items, i => i.IndicatorId), ct);
        var goals = await GoalsAsync(db, Ids(items, i => i.GoalId), ct);
        return [.. items.Select(i => AsDto(i) with
        {
            Outcome = i.Target switch
            {
                ReviewItemTarget.SupervisionItem when i.SupervisionItemId is { } s => supervision.GetValueOrDefault(s),
                ReviewItemTarget.Problem when i.ProblemId is { } p => problems.GetValueOrDefault(p),
                ReviewItemTarget.Indicator when i.IndicatorId is { } n => indicators.GetValueOrDefault(n),
                ReviewItemTarget.Goal when i.GoalId is { } g => goals.GetValueOrDefault(g),
                _ => null,
            },
        })];
    }

    private static List<int> Ids(List<ReviewItem> items, Func<ReviewItem, int?> key) =>
        [.. items.Select(key).OfType<int>().Distinct()];

    private static async Task<Dictionary<int, TargetOutcome>> SupervisionAsync(BlueprintDb db, List<int> ids, CancellationToken ct)
    {
        // The item and its latest feedback, whoever wrote it: the named ignore holds for the whole
        // query, so it lifts the scope from the feedback subquery too (decision 0038, "Trap").
        var rows = await db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new
            {
                s.Id,
                s.CaseNumber,
                s.Title,
                s.Status,
                s.Light,
                s.Deadline,
                Feedback = db.Set<SupervisionFeedback>().Where(f => f.SupervisionItemId == s.Id)
                    .OrderByDescending(f => f.CreatedAtUtc).Select(f => new { f.Text, f.CreatedAtUtc }).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.ToDictionary(s => s.Id, s => new TargetOutcome(ReviewItemTarget.SupervisionItem, s.Id, $"{s.Title}（{s.CaseNumber}）",
            s.Status.ToString(), s.Light, s.Feedback?.Text, s.Feedback?.CreatedAtUtc, $"/supervision/{s.Id}"));
    }

    /// <summary>Each indicator's latest figure (<see cref="LatestValuesAsync"/>), as "value measure / target measure (year-period)".</summary>
    private static async Task<Dictionary<int, TargetOutcome>> IndicatorsAsync(BlueprintDb db, List<int> ids, CancellationToken ct)
    {
        var latest = await LatestValuesAsync(db, ids, ct);
        return await db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(n => ids.Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => new TargetOutcome(ReviewItemTarget.Indicator, n.Id, n.Name, null, null,
                latest.GetValueOrDefault(n.Id) is { } v ? Figure(v, n.Measure, n.AnnualTarget) : null,
                latest.GetValueOrDefault(n.Id)?.RecordedAtUtc, $"/goals/indicators/{n.Id}"), ct);
    }

    private static async Task<Dictionary<int, TargetOutcome>> GoalsAsync(BlueprintDb db, List<int> ids, CancellationToken ct)
    {
        var goals = await db.Set<Goal>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(g => ids.Contains(g.Id)).ToListAsync(ct);
        var planYearIds = goals.Select(g => g.PlanYearId).Distinct().ToList();
        var years = await db.Set<PlanYear>().AsNoTracking().Where(y => planYearIds.Contains(y.Id)).ToDictionaryAsync(y => y.Id, y => y.Year, ct);
        var indicators = await db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
            .Where(n => n.GoalId != null && ids.Contains(n.GoalId.Value)).ToListAsync(ct);
        var latest = await LatestValuesAsync(db, [.. indicators.Select(n => n.Id)], ct);
        return goals.ToDictionary(g => g.Id, g =>
        {
            var figures = indicators.Where(n => n.GoalId == g.Id).OrderBy(n => n.Id).Take(3)
                .Select(n => latest.GetValueOrDefault(n.Id) is { } v ? $"{n.Name} {Figure(v, n.Measure, n.AnnualTarget)}" : n.Name).ToList();
            return new TargetOutcome(ReviewItemTarget.Goal, g.Id, g.Title, null, null,
                figures.Count == 0 ? null : string.Join("；", figures), null,
                string.Create(CultureInfo.InvariantCulture, $"/goals?year={years.GetValueOrDefault(g.PlanYearId)}#goal-{g.Id}"));
        });
    }

    /// <summary>
    /// Where goals or indicators came from (the other end of the thread): the review submission whose
    /// marked item was turned into each of <paramref name="ids"/>, by target id. Scoped like the
    /// submissions (a unit sees the origins in its own submissions).
    /// </summary>
    public static async Task<Dictionary<int, ReviewOrigin>> OriginsAsync(BlueprintDb db, ReviewItemTarget target, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0 || target is not (ReviewItemTarget.Goal or ReviewItemTarget.Indicator))
        {
            return [];
        }

        var items = db.Set<ReviewItem>().AsNoTracking().Where(i => i.Target == target);
        items = target == ReviewItemTarget.Goal
            ? items.Where(i => i.GoalId != null && ids.Contains(i.GoalId.Value))
            : items.Where(i => i.IndicatorId != null && ids.Contains(i.IndicatorId.Value));
        var rows = await items.Select(i => new
        {
            TargetId = target == ReviewItemTarget.Goal ? i.GoalId!.Value : i.IndicatorId!.Value,
            Origin = new ReviewOrigin(i.Id, i.ReviewSubmissionId, i.Submission!.ReviewCampaignId, i.Submission.Campaign!.Year,
                i.Submission.Campaign.Title, i.Unit!.Name, i.Kind, i.Text),
        }).ToListAsync(ct);
        return rows.GroupBy(r => r.TargetId).ToDictionary(g => g.Key, g => g.First().Origin);
    }

    /// <summary>An indicator's latest figure: the value, its period, and when it was recorded.</summary>
    private sealed record LatestValue(decimal Value, int Year, int Period, DateTime RecordedAtUtc);

    /// <summary>
    /// Each indicator's latest figure, read in one query: the value of the indicator's own
    /// (responsible) unit — the whole, which <see cref="Figure"/> sets against the annual target;
    /// a value of another unit is that unit's share (<see cref="IndicatorTarget"/>), never the
    /// indicator's figure — of its latest period, among the values that count now: accepted and not
    /// superseded by an accepted correction (<see cref="IndicatorFigures.Counting"/>, so a correction
    /// waiting for acceptance leaves the accepted value standing, as on the indicator's page).
    /// </summary>
    private static async Task<Dictionary<int, LatestValue>> LatestValuesAsync(BlueprintDb db, List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var values = db.Set<IndicatorValue>();
        // The named ignore holds for the whole query, the values' subquery too: a unit sees the
        // figure of an indicator its review item became, whoever reports it.
        var rows = await db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
            .Where(n => EF.Parameter(ids).Contains(n.Id))
            .Select(n => new
            {
                n.Id,
                Latest = values
                    .Where(v => EF.Parameter(ids).Contains(v.IndicatorId) && v.IndicatorId == n.Id && v.UnitId == n.UnitId && v.AcceptedAtUtc != null
                        && !values.Any(s => s.SupersedesId == v.Id && s.AcceptedAtUtc != null))
                    .OrderByDescending(v => v.Year).ThenByDescending(v => v.Period).ThenByDescending(v => v.AcceptedAtUtc)
                    .Select(v => new LatestValue(v.Value, v.Year, v.Period, v.RecordedAtUtc)).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Where(r => r.Latest is not null).ToDictionary(r => r.Id, r => r.Latest!);
    }

    private static string Figure(LatestValue v, string measure, decimal target) => string.Create(CultureInfo.InvariantCulture,
        $"{v.Value:0.##} {measure} / {target:0.##} {measure} ({v.Year}-{v.Period:00})");
}
