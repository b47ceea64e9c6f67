using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>Which projects and which moment a bulletin describes.</summary>
/// <param name="Year">The plan year.</param>
/// <param name="Month">The month whose end the figures describe (1–12).</param>
/// <param name="KnownAtUtc">The instant whose knowledge counts (default: now). Reports accepted
/// later, and corrections accepted later, are left out, and the annual plan is the one recorded by
/// then (<see cref="AnnualPlanRevision"/>), so a past bulletin can be reproduced.</param>
public sealed record BulletinQuery(int Year, int Month, DateTime? KnownAtUtc = null, int? UnitId = null, ProjectCategory? Category = null, PlanType? PlanType = null);

public sealed record BulletinRow(string Key, string Label, BulletinFigures Figures);

/// <summary>The standard figures of one key-list project on its own.</summary>
public sealed record ProjectBulletinRow(int KeyProjectId, string Code, string Name, int UnitId, PlanType PlanType, BulletinFigures Figures);

/// <summary>The key-list projects behind schedule (<see cref="Bulletin.LaggingAsync"/>).</summary>
public sealed record LaggingProjects(int RedCount, IReadOnlyList<ProjectBulletinRow> Red, IReadOnlyList<ProjectBulletinRow> Behind);

/// <summary>How many key-list projects there are, and the first of them by distance to 序时进度 (most behind first, those without a rate last).</summary>
public sealed record ProjectsBySchedule(int Count, IReadOnlyList<ProjectBulletinRow> First);

/// <summary>The summary table bulletins print: all, each category, each plan type, each unit.</summary>
public sealed record BulletinTable(BulletinQuery Query, DateTime KnownAtUtc, BulletinRow All, IReadOnlyList<BulletinRow> ByCategory, IReadOnlyList<BulletinRow> ByPlanType, IReadOnlyList<BulletinRow> ByUnit);

/// <summary>
/// The one place that turns the database into the standard figures of PRODUCT.md. One SQL
/// query aggregates per (unit, category, plan type, 计划竣工); every row of the table is a sum of
/// those groups, and <see cref="BulletinFigures"/> derives the rates.
/// </summary>
public static class Bulletin
{
    /// <summary>The totals of the projects of one top unit (a unit directly under the city, with everything below it), category and plan type.</summary>
    public sealed record Group(int TopUnitId, ProjectCategory Category, PlanType PlanType, BulletinTotals Totals);

    public static async Task<BulletinTable> ComputeAsync(BlueprintDb db, BulletinQuery q, TimeProvider clock, CancellationToken ct = default)
    {
        var knownAt = q.KnownAtUtc ?? clock.GetUtcNow().UtcDateTime;
        IEnumerable<Group> groups;
        if (q.UnitId is null && KeptFigures.Keeps(db))
        {
            // The whole city's groups are kept per month and instant (decision 0041); a category or
            // plan type is a selection of them.
            var all = await KeptFigures.GetAsync(db, KeptKind.BulletinGroups, q.Year, q.Month, q.KnownAtUtc, clock,
                () => GroupsAsync(db, q with { Category = null, PlanType = null }, knownAt, ct), ct);
            groups = all.Where(g => (q.Category is null || g.Category == q.Category) && (q.PlanType is null || g.PlanType == q.PlanType));
        }
        else if (q.UnitId is { } unitId && KeptFigures.Keeps(db) && await IsTopUnitAsync(db, unitId, ct))
        {
            // A unit directly under the city, with everything below it, is one top unit of the whole
            // city's kept groups: its own groups are those (the unit page of a county or a district).
            var all = await KeptFigures.GetAsync(db, KeptKind.BulletinGroups, q.Year, q.Month, q.KnownAtUtc, clock,
                () => GroupsAsync(db, q with { UnitId = null, Category = null, PlanType = null }, knownAt, ct), ct);
            groups = all.Where(g => g.TopUnitId == unitId && (q.Category is null || g.Category == q.Category) && (q.PlanType is null || g.PlanType == q.PlanType));
        }
        else
        {
            groups = await GroupsAsync(db, q, knownAt, ct);
        }

        var schedule = ElapsedSchedule.AtMonthEnd(q.Month);
        BulletinRow Row(string key, string label, IEnumerable<Group> gs) =>
            new(key, label, new BulletinFigures(gs.Aggregate(BulletinTotals.Empty, (sum, g) => sum + g.Totals), schedule));

        // Unit rows are the units directly under the city, each with everything below it; the
        // city's own projects get a row of their own. (An IN of the roots, not a correlated EXISTS:
        // both sides of the OR then read the parent index instead of every unit.)
        var roots = db.Set<Unit>().Where(u => u.ParentId == null);
        var top = await db.Set<Unit>().AsNoTracking()
            .Where(u => u.ParentId == null || roots.Select(r => (int?)r.Id).Contains(u.ParentId))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.ParentId, Label = u.ShortName ?? u.Name }).ToListAsync(ct);
        var root = top.Where(u => u.ParentId == null).MinBy(u => u.Id);
        var byTopUnit = groups.ToLookup(g => g.TopUnitId);
        var unitRows = top.Where(u => root is not null && (u.ParentId == root.Id || u.Id == root.Id) && byTopUnit.Contains(u.Id))
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

    /// <summary>Whether the unit is directly under a city (a root unit): its groups are a top unit's.</summary>
    private static Task<bool> IsTopUnitAsync(BlueprintDb db, int unitId, CancellationToken ct) =>
        db.Set<Unit>().AnyAsync(u => u.Id == unitId && u.ParentId != null && u.Parent!.ParentId == null, ct);

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

    /// <summary>How many of the lagging projects <see cref="LaggingAsync"/> names (the cockpit's red list and the bulletin name ten).</summary>
    public const int LaggingNamed = 10;

    /// <summary>
    /// The key-list projects behind schedule, most behind first (then by code): how many are red,
    /// the first <see cref="LaggingNamed"/> red ones and the first behind their 序时进度. The whole
    /// city's are kept per month and instant (decision 0041).
    /// </summary>
    public static async Task<LaggingProjects> LaggingAsync(BlueprintDb db, BulletinQuery q, TimeProvider clock, CancellationToken ct = default)
    {
        var knownAt = q.KnownAtUtc ?? clock.GetUtcNow().UtcDateTime;
        async Task<LaggingProjects> Compute()
        {
            var behind = (await ByProjectAsync(db, q with { KnownAtUtc = knownAt }, clock, ct))
                .Where(p => p.Figures.AheadOfSchedulePoints < 0)
                .OrderBy(p => p.Figures.AheadOfSchedulePoints).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
            var red = behind.Where(p => p.Figures.Light == StatusLight.Red).ToList();
            return new LaggingProjects(red.Count, [.. red.Take(LaggingNamed)], [.. behind.Take(LaggingNamed)]);
        }

        return await WholeCityKeptAsync(db, KeptKind.LaggingProjects, q, clock, Compute, ct);
    }

    /// <summary>How many projects <see cref="ByScheduleAsync"/> names: the unit page's table.</summary>
    public const int ByScheduleNamed = 20;

    /// <summary>
    /// The key-list projects by distance to 序时进度, most behind first, those without a rate last,
    /// then by code: how many, and the first <see cref="ByScheduleNamed"/>. The whole city's are kept
    /// per month and instant (decision 0041): at province scale they are 12,000 projects' figures.
    /// </summary>
    public static async Task<ProjectsBySchedule> ByScheduleAsync(BlueprintDb db, BulletinQuery q, TimeProvider clock, CancellationToken ct = default)
    {
        var knownAt = q.KnownAtUtc ?? clock.GetUtcNow().UtcDateTime;
        async Task<ProjectsBySchedule> Compute()
        {
            var rows = await ByProjectAsync(db, q with { KnownAtUtc = knownAt }, clock, ct);
            return new ProjectsBySchedule(rows.Count, [.. rows
                .OrderBy(p => p.Figures.AheadOfSchedulePoints is null).ThenBy(p => p.Figures.AheadOfSchedulePoints).ThenBy(p => p.Code, StringComparer.Ordinal)
                .Take(ByScheduleNamed)]);
        }

        return await WholeCityKeptAsync(db, KeptKind.ProjectsBySchedule, q, clock, Compute, ct);
    }

    /// <summary>The whole city's figures of a kind, kept per month and instant for a reader who sees every unit (decision 0041); a selection's, or a scoped reader's, computed.</summary>
    private static async Task<T> WholeCityKeptAsync<T>(BlueprintDb db, KeptKind kind, BulletinQuery q, TimeProvider clock, Func<Task<T>> compute, CancellationToken ct) where T : class =>
        q is { UnitId: null, Category: null, PlanType: null } && KeptFigures.Keeps(db)
            ? await KeptFigures.GetAsync(db, kind, q.Year, q.Month, q.KnownAtUtc, clock, compute, ct)
            : await compute();

    /// <summary>
    /// The same figures for each key-list project on its own (a row of one), e.g. to name the
    /// projects most behind schedule. One row per project of the filtered key list.
    /// </summary>
    public static async Task<IReadOnlyList<ProjectBulletinRow>> ByProjectAsync(BlueprintDb db, BulletinQuery q, TimeProvider clock, CancellationToken ct = default)
    {
        var knownAt = q.KnownAtUtc ?? clock.GetUtcNow().UtcDateTime;
        var facts = await (await FactsAsync(db, q, knownAt, ct))
            .Where(f => f.PlanType != PlanType.Reserve)
            .Select(f => new { f.KeyProjectId, f.Code, f.Name, f.UnitId, f.PlanType, f.PlannedCompletion, f.AnnualPlannedInvestment, f.YearToDate, f.Started, f.StartedThisYear, f.Completed })
            .ToListAsync(ct);
        var schedule = ElapsedSchedule.AtMonthEnd(q.Month);
        return [.. facts.Select(f => new ProjectBulletinRow(f.KeyProjectId, f.Code, f.Name, f.UnitId, f.PlanType, new BulletinFigures(
            Totals(f.PlanType, 1, f.AnnualPlannedInvestment, f.YearToDate, f.Started ? 1 : 0, f.StartedThisYear ? 1 : 0, f.PlannedCompletion ? 1 : 0, f.PlannedCompletion && f.Completed ? 1 : 0),
            schedule)))];
    }

    /// <summary>
    /// One SQL query aggregates per (unit, category, plan type); the units' groups are then added
    /// up per top unit, named by the second segment of the unit's path ("/city/unit/…"; the city's
    /// own projects are the city's).
    /// </summary>
    private static async Task<List<Group>> GroupsAsync(BlueprintDb db, BulletinQuery q, DateTime knownAt, CancellationToken ct)
    {
        var rows = await (await FactsAsync(db, q, knownAt, ct))
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

        var unitIds = rows.Select(r => r.UnitId).Distinct().ToList();
        var paths = await db.Set<Unit>().AsNoTracking().Where(u => EF.Parameter(unitIds).Contains(u.Id)).Select(u => new { u.Id, u.Path })
            .ToDictionaryAsync(u => u.Id, u => u.Path, ct);
        return [.. rows
            .GroupBy(r => (Top: paths.TryGetValue(r.UnitId, out var path) ? Unit.TopUnitOf(r.UnitId, path) : r.UnitId, r.Category, r.PlanType))
            .OrderBy(g => g.Key.Top).ThenBy(g => g.Key.Category).ThenBy(g => g.Key.PlanType)
            .Select(g => new Group(g.Key.Top, g.Key.Category, g.Key.PlanType, g.Aggregate(BulletinTotals.Empty, (sum, r) =>
                sum + Totals(r.PlanType, r.Count, r.AnnualPlan, r.YearToDate, r.Started, r.StartedThisYear, r.PlannedCompletions, r.Completed))))];
    }

    /// <summary>The totals of a set of projects of one plan type.</summary>
    private static BulletinTotals Totals(PlanType planType, int count, long annualPlan, long yearToDate, int started, int startedThisYear, int plannedCompletions, int completed) =>
        planType == PlanType.Reserve
            // The reserve list carries no annual target: it enters only the 转化率.
            ? BulletinTotals.Empty with { Reserve = count, ReserveStarted = startedThisYear }
            : new BulletinTotals(
                KeyListCount: count,
                AnnualPlan: annualPlan,
                CompletedYearToDate: yearToDate,
                PlannedStarts: planType == PlanType.PlannedStart ? count : 0,
                PlannedStartsStarted: planType == PlanType.PlannedStart ? started : 0,
                PlannedCompletions: plannedCompletions,
                PlannedCompletionsCompleted: completed,
                Reserve: 0,
                ReserveStarted: 0);

    /// <summary>One row per plan entry of the filtered year, with what was known of it at knownAt.</summary>
    private sealed class Fact
    {
        public int KeyProjectId { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public int UnitId { get; init; }
        public ProjectCategory Category { get; init; }
        public PlanType PlanType { get; init; }
        public bool PlannedCompletion { get; init; }
        public long AnnualPlannedInvestment { get; init; }
        public long YearToDate { get; init; }
        public bool Started { get; init; }
        public bool StartedThisYear { get; init; }
        public bool Completed { get; init; }
    }

    /// <summary>The plan figures of one (year, project) that a bulletin reads.</summary>
    private sealed class PlanRow
    {
        public int KeyProjectId { get; init; }
        public int UnitId { get; init; }
        public PlanType PlanType { get; init; }
        public bool PlannedCompletion { get; init; }
        public long AnnualPlannedInvestment { get; init; }
    }

    /// <summary>
    /// The year's plan as known at an instant. When nothing in the year's plan changed after the
    /// instant (every "now" query, and most past ones) the current entries are that plan and the
    /// query reads them directly; otherwise it reads, per project, the latest revision recorded
    /// by then, leaving out projects that were not yet on the plan or had been removed from it.
    /// </summary>
    private static async Task<IQueryable<PlanRow>> PlanAsync(BlueprintDb db, int year, DateTime knownAt, CancellationToken ct)
    {
        var revisions = db.Set<AnnualPlanRevision>();
        if (!await revisions.AnyAsync(r => r.Year == year && r.RecordedAtUtc > knownAt, ct))
        {
            return db.Set<AnnualPlanEntry>().AsNoTracking().Where(e => e.Year == year).Select(e => new PlanRow
            {
                KeyProjectId = e.KeyProjectId,
                UnitId = e.UnitId,
                PlanType = e.PlanType,
                PlannedCompletion = e.PlannedCompletion,
                AnnualPlannedInvestment = e.AnnualPlannedInvestment,
            });
        }

        return revisions.AsNoTracking()
            .Where(r => r.Year == year && r.RecordedAtUtc <= knownAt && !r.Removed
                && !revisions.Any(n => n.Year == year && n.KeyProjectId == r.KeyProjectId && n.RecordedAtUtc <= knownAt
                    && (n.RecordedAtUtc > r.RecordedAtUtc || (n.RecordedAtUtc == r.RecordedAtUtc && n.Id > r.Id))))
            .Select(r => new PlanRow
            {
                KeyProjectId = r.KeyProjectId,
                UnitId = r.UnitId,
                PlanType = r.PlanType,
                PlannedCompletion = r.PlannedCompletion,
                AnnualPlannedInvestment = r.AnnualPlannedInvestment,
            });
    }

    private static async Task<IQueryable<Fact>> FactsAsync(BlueprintDb db, BulletinQuery q, DateTime knownAt, CancellationToken ct)
    {
        var yearStart = new DateOnly(q.Year, 1, 1);
        var monthEnd = new DateOnly(q.Year, q.Month, 1).AddMonths(1).AddDays(-1);
        var stages = db.Set<ProjectStageChange>();
        var valid = CountingReports(db, q.Year, q.Month, knownAt);

        var plan = await PlanAsync(db, q.Year, knownAt, ct);
        if (q.UnitId is { } unitId)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            plan = plan.Where(e => db.Set<Unit>().Any(u => u.Id == e.UnitId && u.Path.StartsWith(path)));
        }

        plan = q.PlanType is { } planType ? plan.Where(e => e.PlanType == planType) : plan;
        var entries = plan.Join(db.Set<KeyProject>(), e => e.KeyProjectId, p => p.Id, (e, p) => new { Entry = e, Project = p });
        entries = q.Category is { } category ? entries.Where(x => x.Project.Category == category) : entries;

        return entries.Select(x => new Fact
        {
            KeyProjectId = x.Entry.KeyProjectId,
            Code = x.Project.Code,
            Name = x.Project.Name,
            UnitId = x.Entry.UnitId,
            Category = x.Project.Category,
            PlanType = x.Entry.PlanType,
            PlannedCompletion = x.Entry.PlannedCompletion,
            AnnualPlannedInvestment = x.Entry.AnnualPlannedInvestment,
            // Each lookup runs only for the entries whose figure needs it (most are continuing
            // projects); the lookups are index-only (see the indexes of ProgressReport and ProjectStageChange).
            YearToDate = x.Entry.PlanType == PlanType.Reserve ? 0 : valid.Where(r => r.KeyProjectId == x.Entry.KeyProjectId).OrderByDescending(r => r.Month).Select(r => r.InvestmentYearToDate).FirstOrDefault(),
            Started = x.Entry.PlanType == PlanType.PlannedStart && stages.Any(s => s.KeyProjectId == x.Entry.KeyProjectId && s.Stage >= ProjectStage.Started && s.OnDate <= monthEnd && s.RecordedAtUtc <= knownAt),
            StartedThisYear = x.Entry.PlanType == PlanType.Reserve && stages.Any(s => s.KeyProjectId == x.Entry.KeyProjectId && s.Stage >= ProjectStage.Started && s.OnDate >= yearStart && s.OnDate <= monthEnd && s.RecordedAtUtc <= knownAt),
            Completed = x.Entry.PlannedCompletion && stages.Any(s => s.KeyProjectId == x.Entry.KeyProjectId && s.Stage >= ProjectStage.Completed && s.OnDate <= monthEnd && s.RecordedAtUtc <= knownAt),
        });
    }
}
