using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>One project of the library list, with its place in the figures year's plan (元).</summary>
public sealed class ProjectListRow
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string UnitName { get; init; } = "";
    public string? Leader { get; init; }
    public ProjectCategory Category { get; init; }
    public ProjectStage Stage { get; init; }
    public string? Chain { get; init; }
    public ChainLink Link { get; init; }
    public long TotalInvestment { get; init; }
    public PlanType? PlanType { get; init; }
    public bool PlannedCompletion { get; init; }
    public long AnnualPlan { get; init; }
    public long YearToDate { get; init; }
    public bool IsArchived { get; init; }
}

public sealed record ProjectListItem(ProjectListRow Row, BulletinFigures Figures);

/// <summary>The filtered list: one page of it, the year and month its figures describe.</summary>
public sealed record ProjectListResult(Page<ProjectListItem> Page, int FiguresYear, int FiguresMonth);

/// <summary>A library project's numbers behind its completion rate and light (short JSON names: a province keeps 12,000 of them per month).</summary>
public sealed record ProjectFigureRow(
    [property: JsonPropertyName("i")] int Id,
    [property: JsonPropertyName("c")] string Code,
    [property: JsonPropertyName("a")] bool Archived,
    [property: JsonPropertyName("t")] PlanType? PlanType,
    [property: JsonPropertyName("e")] bool PlannedCompletion,
    [property: JsonPropertyName("p")] long AnnualPlan,
    [property: JsonPropertyName("y")] long YearToDate);

/// <summary>
/// Every library project's numbers in a month as kept (<see cref="KeptKind.ProjectListFigures"/>),
/// with their figures and their orders by rate and light worked out once per kept version: the
/// value is shared by every request that reads the same version (<see cref="KeptFigureMemory"/>).
/// </summary>
public sealed class ProjectListFigures
{
    public required int Month { get; init; }
    public required IReadOnlyList<ProjectFigureRow> Rows { get; init; }

    private BulletinFigures[]? _figures;
    private readonly ConcurrentDictionary<(string Sort, bool Desc), int[]> _orders = new();

    /// <summary>Each row's figures, by row index.</summary>
    public BulletinFigures[] Figures() =>
        _figures ??= [.. Rows.Select(r => ProjectFigures.For(r.PlanType, r.PlannedCompletion, r.AnnualPlan, r.YearToDate, Month))];

    /// <summary>The row indexes in the list's order by rate or light (<see cref="ProjectList.ByFigures{T}"/>).</summary>
    public int[] Order(string sort, bool desc) => _orders.GetOrAdd((sort, desc), key =>
        [.. ProjectList.ByFigures(Enumerable.Range(0, Rows.Count), i => Figures()[i], i => Rows[i].Code, key.Sort, key.Desc)]);
}

/// <summary>
/// The project library query. Filters and plain sorts run in the database; the completion rate
/// and light come from <see cref="ProjectFigures"/>, so filtering or sorting by them loads the
/// matching rows' few numbers and decides in memory rather than restating the rule in SQL.
/// </summary>
public static class ProjectList
{
    public static readonly string[] SortKeys = ["code", "name", "unit", "category", "stage", "total", "plan", "ytd", "rate", "light"];

    public static async Task<ProjectListResult> LoadAsync(BlueprintDb db, ProjectListQuery q, TimeProvider clock, bool allRows = false, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var year = q.Year ?? await DefaultFiguresYearAsync(db, now, ct);
        var month = q.Month ?? ProjectFigures.DefaultMonth(year, now);
        var (projects, rows) = await FilterAsync(db, q, year, month, now, ct);

        ProjectListItem Item(ProjectListRow r) =>
            new(r, ProjectFigures.For(r.PlanType, r.PlannedCompletion, r.AnnualPlan, r.YearToDate, month));

        if (q.Light is null && q.Sort is not ("rate" or "light") && !allRows)
        {
            // Counted without the plan-entry join (one entry per project and year: the same rows).
            var page = await Sorted(rows, q).ToPageAsync(projects, q.Page, q.PageSize, ct);
            return new(new Page<ProjectListItem>([.. page.Items.Select(Item)], page.Total, page.PageNumber, page.PageSize), year, month);
        }

        if (allRows || q.Sort is not ("rate" or "light"))
        {
            // A light is decided in memory: the export, or a light filter under a plain sort, reads every matching row.
            var all = ByFigures((await Sorted(rows, q).ToListAsync(ct)).Select(Item).Where(i => q.Light is null || i.Figures.Light == q.Light), i => i.Figures, i => i.Row.Code, q.Sort, q.Desc).ToList();
            var size = allRows ? Math.Max(1, all.Count) : q.PageSize;
            var number = allRows ? 1 : q.Page;
            return new(new Page<ProjectListItem>([.. all.Skip((number - 1) * size).Take(size)], all.Count, number, size), year, month);
        }

        // Sorting a page by rate or light needs every matching project's figures but only the
        // page's rows in full: the few numbers of each, ordered in memory, then the page's rows by id.
        // A reader who sees every unit takes the numbers kept for the month (decision 0053) and, under a
        // filter, only the ids of the matching projects from the database; anyone else reads them.
        List<int> ordered;
        if (KeptFigures.Keeps(db))
        {
            var kept = await KeptFigures.GetAsync(db, KeptKind.ProjectListFigures, year, month, null, clock, () => ListFiguresAsync(db, year, month, now, ct), ct);
            var matching = IsFiltered(q) ? (await ManyRows.ToListAsync(projects.Select(p => p.Id), db, ct)).ToHashSet() : null;
            var figures = kept.Figures();
            ordered = [.. kept.Order(q.Sort, q.Desc)
                .Where(i => kept.Rows[i].Archived == q.Archived && (matching is null || matching.Contains(kept.Rows[i].Id)) && (q.Light is null || figures[i].Light == q.Light))
                .Select(i => kept.Rows[i].Id)];
        }
        else
        {
            var figures = (await ManyRows.ToListAsync(rows.Select(r => new ProjectFigureRow(r.Id, r.Code, r.IsArchived, r.PlanType, r.PlannedCompletion, r.AnnualPlan, r.YearToDate)), db, ct))
                .Select(r => (r.Id, r.Code, Figures: ProjectFigures.For(r.PlanType, r.PlannedCompletion, r.AnnualPlan, r.YearToDate, month)))
                .Where(r => q.Light is null || r.Figures.Light == q.Light);
            ordered = [.. ByFigures(figures, r => r.Figures, r => r.Code, q.Sort, q.Desc).Select(r => r.Id)];
        }

        var pageIds = ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();
        var pageRows = (await rows.Where(r => pageIds.Contains(r.Id)).ToListAsync(ct)).ToDictionary(r => r.Id);
        return new(new Page<ProjectListItem>([.. pageIds.Where(pageRows.ContainsKey).Select(id => Item(pageRows[id]))], ordered.Count, q.Page, q.PageSize), year, month);
    }

    /// <summary>Whether the list is narrowed by anything but the archive switch (its sort, page and month narrow nothing).</summary>
    private static bool IsFiltered(ProjectListQuery q) =>
        q with { Archived = false, Light = null, Month = null, Sort = "code", Desc = false, Page = 1, PageSize = 20 } != new ProjectListQuery();

    /// <summary>Every library project's numbers behind its rate and light in the month, archived or not, as known now (the kept figures).</summary>
    private static async Task<ProjectListFigures> ListFiguresAsync(BlueprintDb db, int year, int month, DateTime now, CancellationToken ct)
    {
        var (_, rows) = await FilterAsync(db, new ProjectListQuery(), year, month, now, ct, anyArchived: true);
        return new ProjectListFigures
        {
            Month = month,
            Rows = await ManyRows.ToListAsync(rows.Select(r => new ProjectFigureRow(r.Id, r.Code, r.IsArchived, r.PlanType, r.PlannedCompletion, r.AnnualPlan, r.YearToDate)), db, ct),
        };
    }

    /// <summary>Items in the order of their rate or light (projects without one, not on the key list, last either way), then code; other sorts unchanged.</summary>
    internal static IEnumerable<T> ByFigures<T>(IEnumerable<T> items, Func<T, BulletinFigures> figures, Func<T, string> code, string sort, bool desc) => sort switch
    {
        "rate" => items.OrderBy(i => figures(i).InvestmentCompletionRate is null)
            .ThenBy(i => desc ? -(figures(i).InvestmentCompletionRate ?? 0) : figures(i).InvestmentCompletionRate ?? 0)
            .ThenBy(code, StringComparer.Ordinal),
        "light" => items.OrderBy(i => figures(i).Light is null)
            .ThenBy(i => desc ? -(int)(figures(i).Light ?? 0) : (int)(figures(i).Light ?? 0))
            .ThenBy(code, StringComparer.Ordinal),
        _ => items,
    };

    /// <summary>The latest plan year that has begun; the current year when there is none.</summary>
    public static async Task<int> DefaultYearAsync(BlueprintDb db, DateTime nowUtc, CancellationToken ct = default) =>
        await LatestPlanYear.For(db)(db, nowUtc.Year, ct) ?? nowUtc.Year;

    // The default years, read by every view of the list without a year: compiled once (PerModel).
    private static readonly PerModel<Func<BlueprintDb, int, CancellationToken, Task<int?>>> LatestPlanYear = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, int year, CancellationToken ct) => db.Set<AnnualPlanEntry>().Where(e => e.Year <= year).Max(e => (int?)e.Year)));

    private static readonly PerModel<Func<BlueprintDb, int, CancellationToken, Task<int?>>> LatestReportedYear = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, int year, CancellationToken ct) => db.Set<ProgressReport>().Where(r => r.Year <= year).Max(r => (int?)r.Year)));

    /// <summary>
    /// The year whose progress the figures describe by default: the latest year that has begun
    /// and has monthly reports (a new plan without reports would show every project at 0 %),
    /// else <see cref="DefaultYearAsync"/>.
    /// </summary>
    public static async Task<int> DefaultFiguresYearAsync(BlueprintDb db, DateTime nowUtc, CancellationToken ct = default) =>
        await LatestReportedYear.For(db)(db, nowUtc.Year, ct) ?? await DefaultYearAsync(db, nowUtc, ct);

    private static async Task<(IQueryable<KeyProject> Projects, IQueryable<ProjectListRow> Rows)> FilterAsync(BlueprintDb db, ProjectListQuery q, int year, int month, DateTime now,
        CancellationToken ct, bool anyArchived = false)
    {
        var projects = db.Set<KeyProject>().AsNoTracking();
        projects = anyArchived ? projects : projects.Where(p => p.IsArchived == q.Archived);
        var entries = db.Set<AnnualPlanEntry>().Where(e => e.Year == year);
        if (q.Year is not null)
        {
            projects = projects.Where(p => entries.Any(e => e.KeyProjectId == p.Id));
        }

        if (q.PlanType is { } planType)
        {
            projects = projects.Where(p => entries.Any(e => e.KeyProjectId == p.Id && e.PlanType == planType));
        }

        if (q.UnitId is { } unitId)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            projects = projects.Where(p => db.Set<Unit>().Any(u => u.Id == p.UnitId && u.Path.StartsWith(path)));
        }

        projects = q.Category is { } category ? projects.Where(p => p.Category == category) : projects;
        projects = q.Stage is { } stage ? projects.Where(p => p.Stage == stage) : projects;
        projects = q.Chain is { } chain ? projects.Where(p => p.IndustryChain == chain) : projects;
        projects = q.Link is { } link ? projects.Where(p => p.ChainLink == link) : projects;
        projects = q.Leader is { } leader ? projects.Where(p => p.ResponsibleLeader == leader) : projects;
        if (q.Q is { } text)
        {
            projects = projects.Where(p => p.Name.Contains(text) || p.Code.Contains(text) || (p.Location != null && p.Location.Contains(text)));
        }

        var counting = Bulletin.CountingReports(db, year, month, now);
        // One left join on the year's plan entry (unique per project and year), not a lookup per field.
        return (projects, from p in projects
                          join e in entries on p.Id equals e.KeyProjectId into planned
                          from e in planned.DefaultIfEmpty()
                          select new ProjectListRow
                          {
                              Id = p.Id,
                              Code = p.Code,
                              Name = p.Name,
                              UnitName = p.Unit!.ShortName ?? p.Unit.Name,
                              Leader = p.ResponsibleLeader,
                              Category = p.Category,
                              Stage = p.Stage,
                              Chain = p.IndustryChain,
                              Link = p.ChainLink,
                              TotalInvestment = p.TotalInvestment,
                              PlanType = e == null ? null : e.PlanType,
                              PlannedCompletion = e != null && e.PlannedCompletion,
                              AnnualPlan = e == null ? 0 : e.AnnualPlannedInvestment,
                              YearToDate = counting.Where(r => r.KeyProjectId == p.Id).OrderByDescending(r => r.Month).Select(r => r.InvestmentYearToDate).FirstOrDefault(),
                              IsArchived = p.IsArchived,
                          });
    }

    private static IQueryable<ProjectListRow> Sorted(IQueryable<ProjectListRow> rows, ProjectListQuery q) => (q.Sort, q.Desc) switch
    {
        ("name", false) => rows.OrderBy(r => r.Name).ThenBy(r => r.Code),
        ("name", true) => rows.OrderByDescending(r => r.Name).ThenBy(r => r.Code),
        ("unit", false) => rows.OrderBy(r => r.UnitName).ThenBy(r => r.Code),
        ("unit", true) => rows.OrderByDescending(r => r.UnitName).ThenBy(r => r.Code),
        ("category", false) => rows.OrderBy(r => r.Category).ThenBy(r => r.Code),
        ("category", true) => rows.OrderByDescending(r => r.Category).ThenBy(r => r.Code),
        ("stage", false) => rows.OrderBy(r => r.Stage).ThenBy(r => r.Code),
        ("stage", true) => rows.OrderByDescending(r => r.Stage).ThenBy(r => r.Code),
        ("total", false) => rows.OrderBy(r => r.TotalInvestment).ThenBy(r => r.Code),
        ("total", true) => rows.OrderByDescending(r => r.TotalInvestment).ThenBy(r => r.Code),
        ("plan", false) => rows.OrderBy(r => r.AnnualPlan).ThenBy(r => r.Code),
        ("plan", true) => rows.OrderByDescending(r => r.AnnualPlan).ThenBy(r => r.Code),
        ("ytd", false) => rows.OrderBy(r => r.YearToDate).ThenBy(r => r.Code),
        ("ytd", true) => rows.OrderByDescending(r => r.YearToDate).ThenBy(r => r.Code),
        (_, true) => rows.OrderByDescending(r => r.Code),
        _ => rows.OrderBy(r => r.Code),
    };
}
