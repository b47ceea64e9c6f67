using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>Which projects and which moment a bulletin describes.</summary>
/// <param name="Year">The plan year.</param>
/// <param name="Month">The month whose end the figures describe (1–12).</param>
/// <param name="KnownAtUtc">The instant whose knowledge counts (default: now). Reports accepted
/// later, and corrections accepted later, are left out, so a past bulletin can be reproduced.</param>
public sealed record BulletinQuery(int Year, int Month, DateTime? KnownAtUtc = null, int? UnitId = null, ProjectCategory? Category = null, PlanType? PlanType = null);

public sealed record BulletinRow(string Key, string Label, BulletinFigures Figures);

/// <summary>The summary table bulletins print: all, each category, each plan type, each unit.</summary>
public sealed record BulletinTable(BulletinQuery Query, DateTime KnownAtUtc, BulletinRow All, IReadOnlyList<BulletinRow> ByCategory, IReadOnlyList<BulletinRow> ByPlanType, IReadOnlyList<BulletinRow> ByUnit);

/// <summary>
/// The one place that turns the database into the standard figures of PRODUCT.md. One SQL
/// query aggregates per (unit, category, plan type, 计划竣工); every row of the table is a sum of
/// those groups, and <see cref="BulletinFigures"/> derives the rates.
/// </summary>
public static class Bulletin
{
    private sealed record Group(int UnitId, ProjectCategory Category, PlanType PlanType, BulletinTotals Totals);

    public static async Task<BulletinTable> ComputeAsync(BlueprintDb db, BulletinQuery q, TimeProvider clock, CancellationToken ct = default)
    {
        var knownAt = q.KnownAtUtc ?? clock.GetUtcNow().UtcDateTime;
        var groups = await GroupsAsync(db, q, knownAt, ct);
        var schedule = ElapsedSchedule.AtMonthEnd(q.Month);
        BulletinRow Row(string key, string label, IEnumerable<Group> gs) =>
            new(key, label, new BulletinFigures(gs.Aggregate(BulletinTotals.Empty, (sum, g) => sum + g.Totals), schedule));

        var units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.ParentId, u.Path, Label = u.ShortName ?? u.Name }).ToListAsync(ct);
        var root = units.Where(u => u.ParentId == null).MinBy(u => u.Id);
        var path = units.ToDictionary(u => u.Id, u => u.Path);

        // Unit rows are the units directly under the city, each with everything below it; the
        // city's own projects get a row of their own. One pass: each group goes to the unit
        // named by the second segment of its path ("/city/unit/…").
        var byTopUnit = groups.ToLookup(g => TopUnit(path[g.UnitId]) ?? g.UnitId);
        var unitRows = units.Where(u => root is not null && (u.ParentId == root.Id || u.Id == root.Id) && byTopUnit.Contains(u.Id))
            .OrderBy(u => u.Id == root!.Id ? 0 : 1)
            .Select(u => Row($"unit:{u.Id}", u.Label, byTopUnit[u.Id]))
            .ToList();

        return new BulletinTable(
            q,
            knownAt,
            Row("all", "All", groups),
            [.. Enum.GetValues<ProjectCategory>().Select(c => Row($"category:{c}", c.ToString(), groups.Where(g => g.Category == c)))],
            [.. Enum.GetValues<PlanType>().Select(t => Row($"plan:{t}", t.ToString(), groups.Where(g => g.PlanType == t)))],
            unitRows);
    }

    private static int? TopUnit(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The reports that count for a year up to a month as known at an instant: accepted by then
    /// and not superseded by a correction accepted by then. A project's year-to-date figure is
    /// the one of its latest counting month. Per-project pages use this same definition.
    /// </summary>
    public static IQueryable<ProgressReport> CountingReports(BlueprintDb db, int year, int month, DateTime knownAt)
    {
        var reports = db.Set<ProgressReport>();
        return reports.Where(r => r.Year == year && r.Month <= month && r.AcceptedAtUtc != null && r.AcceptedAtUtc <= knownAt
            && !reports.Any(s => s.SupersedesId == r.Id && s.AcceptedAtUtc != null && s.AcceptedAtUtc <= knownAt));
    }

    private static async Task<List<Group>> GroupsAsync(BlueprintDb db, BulletinQuery q, DateTime knownAt, CancellationToken ct)
    {
        var yearStart = new DateOnly(q.Year, 1, 1);
        var monthEnd = new DateOnly(q.Year, q.Month, 1).AddMonths(1).AddDays(-1);
        var stages = db.Set<ProjectStageChange>();
        var valid = CountingReports(db, q.Year, q.Month, knownAt);

        var entries = db.Set<AnnualPlanEntry>().AsNoTracking().Where(e => e.Year == q.Year);
        if (q.UnitId is { } unitId)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            entries = entries.Where(e => db.Set<Unit>().Any(u => u.Id == e.UnitId && u.Path.StartsWith(path)));
        }

        entries = q.Category is { } category ? entries.Where(e => e.KeyProject!.Category == category) : entries;
        entries = q.PlanType is { } planType ? entries.Where(e => e.PlanType == planType) : entries;

        var facts = entries.Select(e => new
        {
            e.UnitId,
            e.KeyProject!.Category,
            e.PlanType,
            e.PlannedCompletion,
            e.AnnualPlannedInvestment,
            // Each lookup runs only for the entries whose figure needs it (most are continuing projects).
            YearToDate = e.PlanType == PlanType.Reserve ? 0 : valid.Where(r => r.KeyProjectId == e.KeyProjectId).OrderByDescending(r => r.Month).Select(r => r.InvestmentYearToDate).FirstOrDefault(),
            Started = e.PlanType == PlanType.PlannedStart && stages.Any(s => s.KeyProjectId == e.KeyProjectId && s.Stage >= ProjectStage.Started && s.OnDate <= monthEnd && s.RecordedAtUtc <= knownAt),
            StartedThisYear = e.PlanType == PlanType.Reserve && stages.Any(s => s.KeyProjectId == e.KeyProjectId && s.Stage >= ProjectStage.Started && s.OnDate >= yearStart && s.OnDate <= monthEnd && s.RecordedAtUtc <= knownAt),
            Completed = e.PlannedCompletion && stages.Any(s => s.KeyProjectId == e.KeyProjectId && s.Stage >= ProjectStage.Completed && s.OnDate <= monthEnd && s.RecordedAtUtc <= knownAt),
        });

        var rows = await facts
            .GroupBy(f => new { f.UnitId, f.Category, f.PlanType })
            .Select(g => new
            {
                g.Key.UnitId,
                g.Key.Category,
                g.Key.PlanType,
                Count = g.Count(),
                AnnualPlan = g.Sum(f => f.AnnualPlannedInvestment),
                YearToDate = g.Sum(f => f.YearToDate),
                Started = g.Count(f => f.Started),
                StartedThisYear = g.Count(f => f.StartedThisYear),
                PlannedCompletions = g.Count(f => f.PlannedCompletion),
                Completed = g.Count(f => f.Completed),
            })
            .ToListAsync(ct);

        return [.. rows.Select(r => new Group(r.UnitId, r.Category, r.PlanType, r.PlanType == PlanType.Reserve
            // The reserve list carries no annual target: it enters only the 转化率.
            ? BulletinTotals.Empty with { Reserve = r.Count, ReserveStarted = r.StartedThisYear }
            : new BulletinTotals(
                KeyListCount: r.Count,
                AnnualPlan: r.AnnualPlan,
                CompletedYearToDate: r.YearToDate,
                PlannedStarts: r.PlanType == PlanType.PlannedStart ? r.Count : 0,
                PlannedStartsStarted: r.PlanType == PlanType.PlannedStart ? r.Started : 0,
                PlannedCompletions: r.PlannedCompletions,
                PlannedCompletionsCompleted: r.Completed,
                Reserve: 0,
                ReserveStarted: 0)))];
    }
}
