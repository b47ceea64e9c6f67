using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Figures;

/// <summary>
/// Kept monthly figures (decision 0041) equal the figures computed from history, for every month
/// of the demo and of a generated year, at every instant a page asks for; and a write marks
/// exactly the months it changes. Private apps: the tests count and rewrite kept rows, and other
/// tests' writes in a shared app would mark them changed at any moment.
/// </summary>
public sealed class KeptFiguresTests
{
    private const long Wan = 10_000;

    /// <summary>A year the demo does not use (checked), generated in the test's own app.</summary>
    private const int Generated = 2015;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Kept_figures_equal_computed_ones_for_every_month_of_the_demo_and_of_a_generated_year(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await GenerateYearAsync(app, Generated, seed: 41);
        var ct = TestContext.Current.CancellationToken;

        List<int> years;
        using (var scope = app.SystemScope())
        {
            years = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AnnualPlanEntry>()
                .Select(e => e.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
        }

        Assert.Contains(Generated, years);
        Assert.True(years.Count >= 3, string.Join(",", years));
        var compared = 0;
        foreach (var year in years)
        {
            foreach (var (month, knownAt) in await InstantsAsync(app, year))
            {
                var computed = await FiguresAsync(app, null, year, month, knownAt);
                var first = await FiguresAsync(app, "leader", year, month, knownAt);
                var kept = await FiguresAsync(app, "leader", year, month, knownAt);
                Assert.True(computed == first, $"{year}-{month} known at {knownAt:O}: computed and first kept differ\n{computed}\n{first}");
                Assert.True(computed == kept, $"{year}-{month} known at {knownAt:O}: computed and kept differ\n{computed}\n{kept}");
                compared++;
            }
        }

        using (var scope = app.SystemScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeptFigure>().AsNoTracking().ToListAsync(ct);
            // Every figure asked was kept and is current, and every kind was asked.
            Assert.Equal(compared, rows.Count(r => r.Kind == KeptKind.BulletinGroups));
            Assert.Equal(Enum.GetValues<KeptKind>().Except([KeptKind.SupervisionRanking]).Order(), rows.Select(r => r.Kind).Distinct().Order());
            Assert.All(rows, r => Assert.True(r.Data is not null && r.KeptChanges == r.Changes, $"{r.Kind} {r.Year}-{r.Month} not kept"));
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_reader_who_sees_every_unit_reads_the_kept_row_and_a_scoped_reader_computes(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await GenerateYearAsync(app, Generated, seed: 42);
        var ct = TestContext.Current.CancellationToken;
        var before = await TableAsync(app, "leader", Generated, 6);

        // Rewrite the kept groups: the leader's next read must show exactly what the row says.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var row = await db.Set<KeptFigure>().SingleAsync(k => k.Kind == KeptKind.BulletinGroups && k.Year == Generated && k.Month == 6, ct);
            var groups = JsonSerializer.Deserialize<List<Bulletin.Group>>(row.Data!)!;
            var doubled = groups.Select(g => g with { Totals = g.Totals + g.Totals }).ToList();
            var data = JsonSerializer.Serialize(doubled);
            // As a store does: new data with the instant it was computed (a reader remembers the version it read).
            await db.Set<KeptFigure>().Where(k => k.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.Data, data).SetProperty(k => k.ComputedAtUtc, row.ComputedAtUtc!.Value.AddSeconds(1)), ct);
        }

        var after = await TableAsync(app, "leader", Generated, 6);
        Assert.Equal(before.All.Figures.Totals.AnnualPlan * 2, after.All.Figures.Totals.AnnualPlan);
        // A county leader's figures are their county's, computed: never the kept whole city's.
        var county = await TableAsync(app, "anyue.leader", Generated, 6);
        Assert.True(county.All.Figures.Totals.AnnualPlan < before.All.Figures.Totals.AnnualPlan);
    }

    /// <summary>A kept row read again while it holds the same version is not read or deserialised again; a new version is.</summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_kept_row_read_again_unchanged_comes_from_memory_and_a_new_version_from_the_row(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await GenerateYearAsync(app, Generated, seed: 43);
        var ct = TestContext.Current.CancellationToken;
        var table = await TableAsync(app, "leader", Generated, 6);

        async Task<List<Bulletin.Group>> KeptGroupsAsync()
        {
            using var scope = await app.UserScopeAsync("leader");
            var (value, _) = await KeptFigures.TryGetAsync<List<Bulletin.Group>>(scope.ServiceProvider.GetRequiredService<BlueprintDb>(),
                KeptKind.BulletinGroups, Generated, 6, null, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
            return Assert.IsType<List<Bulletin.Group>>(value);
        }

        var first = await KeptGroupsAsync();
        Assert.Same(first, await KeptGroupsAsync());
        Assert.Equal(table.All.Figures.Totals.AnnualPlan, first.Sum(g => g.Totals.AnnualPlan));

        // A write marks the row changed: the next read computes and stores a new version, read from the row.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var entry = await db.Set<AnnualPlanEntry>().Where(e => e.Year == Generated && e.PlanType != PlanType.Reserve).OrderBy(e => e.Id).FirstAsync(ct);
            entry.AnnualPlannedInvestment += 100 * Wan;
            await db.SaveChangesAsync(ct);
        }

        var marked = await KeptRowAsync(app, Generated, 6);
        Assert.NotEqual(marked.Changes, marked.KeptChanges);
        var recomputed = await TableAsync(app, "leader", Generated, 6);
        Assert.Equal(table.All.Figures.Totals.AnnualPlan + (100 * Wan), recomputed.All.Figures.Totals.AnnualPlan);
        var second = await KeptGroupsAsync();
        Assert.NotSame(first, second);
        Assert.Equal(recomputed.All.Figures.Totals.AnnualPlan, second.Sum(g => g.Totals.AnnualPlan));
        Assert.Same(second, await KeptGroupsAsync());
    }

    private static async Task<KeptFigure> KeptRowAsync(TestApp app, int year, int month)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeptFigure>().AsNoTracking()
            .SingleAsync(k => k.Kind == KeptKind.BulletinGroups && k.Year == year && k.Month == month && k.KnownAtTicks == KeptFigure.Now, TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_write_marks_only_the_months_it_changes_and_the_next_read_equals_the_computed_figures(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await GenerateYearAsync(app, Generated, seed: 43);
        await GenerateYearAsync(app, Generated + 1, seed: 44);
        var ct = TestContext.Current.CancellationToken;
        var clock = app.Services.GetRequiredService<TimeProvider>();

        async Task ReadAllAsync()
        {
            foreach (var year in new[] { Generated, Generated + 1 })
            {
                for (var month = 1; month <= 12; month++)
                {
                    var computed = await FiguresAsync(app, null, year, month, null);
                    Assert.True(computed == await FiguresAsync(app, "leader", year, month, null), $"{year}-{month}");
                }
            }
        }

        async Task<string> ChangedAsync(params KeptKind[] kinds)
        {
            using var scope = app.SystemScope();
            kinds = kinds.Length > 0 ? kinds : [KeptKind.BulletinGroups, KeptKind.CompletionCurve, KeptKind.LaggingProjects, KeptKind.Funnel, KeptKind.IndicatorLights];
            var rows = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeptFigure>().AsNoTracking()
                .Where(k => k.KeptChanges != k.Changes && kinds.Contains(k.Kind)).OrderBy(k => k.Kind).ThenBy(k => k.Year).ThenBy(k => k.Month).ToListAsync(ct);
            return string.Join(" ", rows.GroupBy(r => (r.Kind, r.Year)).Select(g => $"{g.Key.Kind}:{g.Key.Year}:{string.Join(",", g.Select(r => r.Month).Distinct())}"));
        }

        async Task WriteAsync(Func<BlueprintDb, Task> write)
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            await write(db);
            await db.SaveChangesAsync(ct);
        }

        const string Projects = "BulletinGroups:{0} CompletionCurve:{0} LaggingProjects:{0} Funnel:{0}";
        string ProjectsOf(string year) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Projects, year);

        await ReadAllAsync();
        Assert.Equal("", await ChangedAsync());

        // A correction of May's report, accepted now: May to December of that year, nothing else.
        await WriteAsync(async db =>
        {
            var may = await db.Set<ProgressReport>().Where(r => r.Year == Generated && r.Month == 5 && r.IsCurrent && r.AcceptedAtUtc != null).OrderBy(r => r.Id).FirstAsync(ct);
            may.IsCurrent = false;
            db.Add(Correction(may, clock.GetUtcNow().UtcDateTime, 77 * Wan));
        });
        Assert.Equal(ProjectsOf($"{Generated}:5,6,7,8,9,10,11,12"), await ChangedAsync());
        await ReadAllAsync();

        // A draft changes nothing kept.
        await WriteAsync(async db =>
        {
            var project = await db.Set<KeyProject>().Where(p => p.Code.StartsWith($"KF-{Generated}-")).OrderBy(p => p.Id).FirstAsync(ct);
            db.Add(new ProgressReport { KeyProjectId = project.Id, UnitId = project.UnitId, Year = Generated + 1, Month = 12, InvestmentThisMonth = Wan, InvestmentYearToDate = Wan, InvestmentSinceStart = Wan, Status = SubmissionStatus.Draft, RecordedAtUtc = clock.GetUtcNow().UtcDateTime, IsCurrent = false });
        });
        Assert.Equal("", await ChangedAsync());

        // A stage from August on: that year from August and every month of the next year.
        await WriteAsync(async db =>
        {
            var project = await db.Set<KeyProject>().Where(p => p.Code.StartsWith($"KF-{Generated}-")).OrderBy(p => p.Id).Skip(3).FirstAsync(ct);
            db.Add(new ProjectStageChange { KeyProjectId = project.Id, UnitId = project.UnitId, Stage = ProjectStage.Completed, OnDate = new DateOnly(Generated, 8, 3), RecordedAtUtc = clock.GetUtcNow().UtcDateTime });
        });
        Assert.Equal(Spanning(Generated, 8), await ChangedAsync());
        await ReadAllAsync();

        // A plan change: every month of its year (and the plan's history, the same year).
        await WriteAsync(async db =>
        {
            var entry = await db.Set<AnnualPlanEntry>().Where(e => e.Year == Generated + 1 && e.PlanType != PlanType.Reserve).OrderBy(e => e.Id).FirstAsync(ct);
            entry.AnnualPlannedInvestment += 123 * Wan;
        });
        Assert.Equal(ProjectsOf($"{Generated + 1}:1,2,3,4,5,6,7,8,9,10,11,12"), await ChangedAsync());
        await ReadAllAsync();

        // An indicator value: the lights only.
        await WriteAsync(async db =>
        {
            var value = await db.Set<IndicatorValue>().OrderBy(v => v.Id).FirstAsync(ct);
            value.ReviewComment = "留存指标测试";
        });
        Assert.StartsWith("IndicatorLights:", await ChangedAsync(), StringComparison.Ordinal);
        Assert.Equal("", await ChangedAsync([.. Enum.GetValues<KeptKind>().Except([KeptKind.IndicatorLights])]));
        await ReadAllAsync();
        Assert.Equal("", await ChangedAsync(Enum.GetValues<KeptKind>()));

        // A problem's answer text: nothing kept reads it; the instant it was raised, moved back: the problem counts of the days since then,
        // nothing else (the days each supervision and problem change reaches: KeptDayChangesTests).
        await WriteAsync(async db =>
        {
            var problem = await db.Set<Problem>().Where(p => p.Status == ProblemStatus.Open).OrderBy(p => p.Id).FirstAsync(ct);
            problem.Answer = "留存数字测试：已协调";
        });
        Assert.Equal("", await ChangedAsync(Enum.GetValues<KeptKind>()));
        await WriteAsync(async db =>
        {
            var problem = await db.Set<Problem>().Where(p => p.Status == ProblemStatus.Open).OrderBy(p => p.CreatedAtUtc).FirstAsync(ct);
            problem.CreatedAtUtc = new DateTime(Generated, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        });
        Assert.Equal("", await ChangedAsync());
        Assert.Contains($"ProblemsDay:{Generated}:", await ChangedAsync(KeptKind.ProblemsDay), StringComparison.Ordinal);
        Assert.Equal("", await ChangedAsync(KeptKind.SupervisionDay));
        await ReadAllAsync();
        Assert.Equal("", await ChangedAsync(Enum.GetValues<KeptKind>()));

        // A project's industry chain and leader: the library's filter choices only, which then name them.
        await WriteAsync(async db =>
        {
            var project = await db.Set<KeyProject>().Where(p => p.Code.StartsWith($"KF-{Generated}-")).OrderBy(p => p.Id).Skip(5).FirstAsync(ct);
            project.IndustryChain = "留存链测试";
            project.ResponsibleLeader = "留存领导测试";
        });
        Assert.Equal("", await ChangedAsync([.. Enum.GetValues<KeptKind>().Except([KeptKind.ProjectChoices])]));
        Assert.Equal("ProjectChoices:0:0", await ChangedAsync(KeptKind.ProjectChoices));
        await ReadAllAsync();
        Assert.Equal("", await ChangedAsync(Enum.GetValues<KeptKind>()));
        using (var scope = await app.UserScopeAsync("leader"))
        {
            var choices = await ProjectListOptions.ChainsAndLeadersAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), clock, ct);
            Assert.Contains("留存链测试", choices.Chains);
            Assert.Contains("留存领导测试", choices.Leaders);
        }

        // A project archived: the project list's figures only (they hold the archive flag), every month of them.
        await WriteAsync(async db =>
        {
            var project = await db.Set<KeyProject>().Where(p => p.Code.StartsWith($"KF-{Generated}-")).OrderBy(p => p.Id).Skip(7).FirstAsync(ct);
            project.IsArchived = true;
        });
        Assert.Equal("", await ChangedAsync([.. Enum.GetValues<KeptKind>().Except([KeptKind.ProjectListFigures])]));
        Assert.Contains($"ProjectListFigures:{Generated}:1,2,3,4,5,6,7,8,9,10,11,12", await ChangedAsync(KeptKind.ProjectListFigures), StringComparison.Ordinal);
        await ReadAllAsync();
        Assert.Equal("", await ChangedAsync(Enum.GetValues<KeptKind>()));

        // Rows inserted in bulk (the progress import) mark their months as SaveChanges would.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().Where(p => p.Code.StartsWith($"KF-{Generated + 1}-")).OrderBy(p => p.Id).FirstAsync(ct);
            await db.Set<ProgressReport>().Where(r => r.KeyProjectId == project.Id && r.Year == Generated + 1 && r.Month == 10).ExecuteDeleteAsync(ct);
            var report = new ProgressReport { KeyProjectId = project.Id, UnitId = project.UnitId, Year = Generated + 1, Month = 10, InvestmentThisMonth = Wan, InvestmentYearToDate = 999 * Wan, InvestmentSinceStart = 999 * Wan, Status = SubmissionStatus.Accepted, RecordedAtUtc = clock.GetUtcNow().UtcDateTime, AcceptedAtUtc = clock.GetUtcNow().UtcDateTime };
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await BulkInsert.InsertAsync(db, [report], [nameof(ProgressReport.KeyProjectId), nameof(ProgressReport.Year), nameof(ProgressReport.Month)], ct);
            await AuditAppender.AppendInsertsAsync(db, [report], ct);
            await transaction.CommitAsync(ct);
        }

        Assert.Equal(ProjectsOf($"{Generated + 1}:10,11,12"), await ChangedAsync());
        await ReadAllAsync();

        // Renaming a unit changes every kept figure (unit rows are named, and paths place projects).
        await WriteAsync(async db =>
        {
            var unit = await db.Set<Unit>().Where(u => u.ParentId != null).OrderBy(u => u.Id).FirstAsync(ct);
            unit.ShortName = (unit.ShortName ?? unit.Name) + "新";
        });
        Assert.Contains("BulletinGroups:", await ChangedAsync(), StringComparison.Ordinal);
        await ReadAllAsync();
        Assert.Equal("", await ChangedAsync());
    }

    /// <summary>
    /// A reader who keeps a month while a write to that month is still open: on PostgreSQL the
    /// reader does not wait for the write (it keeps what is committed) and the write's commit marks
    /// the row changed; on SQLite the reader's row waits for the write. Either way the next read
    /// equals the figures computed from history (decision 0044).
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_month_kept_while_a_write_to_it_is_open_is_marked_changed_by_its_commit(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await GenerateYearAsync(app, Generated, seed: 45);
        var ct = TestContext.Current.CancellationToken;
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var before = await FiguresAsync(app, null, Generated, 5, null);

        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var may = await db.Set<ProgressReport>().Where(r => r.Year == Generated && r.Month == 5 && r.IsCurrent && r.AcceptedAtUtc != null).OrderBy(r => r.Id).FirstAsync(ct);
        may.IsCurrent = false;
        db.Add(Correction(may, clock.GetUtcNow().UtcDateTime, 55 * Wan));
        await db.SaveChangesAsync(ct);

        var read = Task.Run(() => FiguresAsync(app, "leader", Generated, 5, null), ct); // SQLite's calls block the thread
        if (provider == DatabaseProvider.Postgres)
        {
            Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30), ct)));
            Assert.Equal(before, await read);
        }
        else
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        await transaction.CommitAsync(ct);
        await read;

        var after = await FiguresAsync(app, null, Generated, 5, null);
        Assert.NotEqual(before, after);
        Assert.Equal(after, await FiguresAsync(app, "leader", Generated, 5, null));
        Assert.Equal(after, await FiguresAsync(app, "leader", Generated, 5, null));
    }

    private static readonly string[] ProjectKinds = ["BulletinGroups", "CompletionCurve", "LaggingProjects", "Funnel"];

    private static string Spanning(int year, int month) =>
        string.Join(" ", ProjectKinds.Select(kind =>
            $"{kind}:{year}:{string.Join(",", Enumerable.Range(month, 13 - month))} {kind}:{year + 1}:{string.Join(",", Enumerable.Range(1, 12))}"));

    /// <summary>Every month of the year as known now, as known when its window closed, and as known in the middle of the next year.</summary>
    private static async Task<List<(int Month, DateTime? KnownAt)>> InstantsAsync(TestApp app, int year)
    {
        using var scope = app.SystemScope();
        var windows = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ReportingWindow>().AsNoTracking()
            .Where(w => w.Year == year && w.ClosedAtUtc != null).ToDictionaryAsync(w => w.Month, w => w.ClosedAtUtc, TestContext.Current.CancellationToken);
        var list = new List<(int, DateTime?)>();
        for (var month = 1; month <= 12; month++)
        {
            list.Add((month, null));
            if (windows.GetValueOrDefault(month) is { } closed)
            {
                list.Add((month, CockpitAsOf.EndOfDayUtc(DateOnly.FromDateTime(closed))));
            }

            list.Add((month, new DateTime(year + 1, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
        }

        return list;
    }

    private static async Task<BulletinTable> TableAsync(TestApp app, string user, int year, int month)
    {
        using var scope = await app.UserScopeAsync(user);
        return await Bulletin.ComputeAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), new BulletinQuery(year, month),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), TestContext.Current.CancellationToken);
    }

    /// <summary>Every kept figure of a month as JSON: computed (the system, who never reads kept rows) or as the user reads it.</summary>
    private static async Task<string> FiguresAsync(TestApp app, string? user, int year, int month, DateTime? knownAt)
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = user is null ? app.SystemScope() : await app.UserScopeAsync(user);
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.Equal(user is not null, KeptFigures.Keeps(db));
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var q = new BulletinQuery(year, month, knownAt);
        var table = await Bulletin.ComputeAsync(db, q, clock, ct);
        var curve = await ScheduleCurve.ReadAsync(db, table, clock, ct);
        var lagging = await Bulletin.LaggingAsync(db, q, clock, ct);
        var bySchedule = await Bulletin.ByScheduleAsync(db, q, clock, ct);
        var funnel = await Funnel.ReadAsync(db, year, month, knownAt, clock, ct);
        // The whole cockpit (lights, supervision, problems at its own instants), but for the instants it reads "now" at.
        var cockpit = knownAt is null ? await CockpitFigures.ComputeAsync(db, year, month, clock, ct) : null;
        cockpit = cockpit is null ? null : cockpit with { AsOf = null!, Projects = cockpit.Projects with { KnownAtUtc = default } };
        // The project list's filter choices (of no month: the same row every time).
        var choices = await ProjectListOptions.ChainsAndLeadersAsync(db, clock, ct);
        // The project list by rate and light (as known now only): the year's key list, the default year's whole library, a light.
        var lists = new List<object>();
        if (knownAt is null)
        {
            foreach (var list in new[]
            {
                new ProjectListQuery { Year = year, Month = month, Sort = "rate", PageSize = 100 },
                new ProjectListQuery { Month = month, Sort = "light", Desc = true, PageSize = 100 },
                new ProjectListQuery { Year = year, Month = month, Sort = "rate", Desc = true, Light = StatusLight.Red, PageSize = 100 },
            })
            {
                var result = await ProjectList.LoadAsync(db, list, clock, ct: ct);
                lists.Add(new { result.Page.Total, result.FiguresYear, Rows = result.Page.Items.Select(i => new { i.Row.Id, i.Figures.InvestmentCompletionRate, i.Figures.Light }) });
            }
        }

        // Each unit directly under the city (its unit page): a top unit's share of the kept groups.
        var tops = await db.Set<Unit>().Where(u => u.ParentId != null && u.Parent!.ParentId == null).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
        var units = new List<object>();
        foreach (var top in tops)
        {
            var unit = await Bulletin.ComputeAsync(db, q with { UnitId = top }, clock, ct);
            units.Add(new { top, unit.All, unit.ByCategory, unit.ByPlanType, unit.ByUnit });
        }

        return JsonSerializer.Serialize(new
        {
            table.All,
            table.ByCategory,
            table.ByPlanType,
            table.ByUnit,
            curve,
            lagging,
            bySchedule,
            funnel,
            cockpit,
            choices,
            lists,
            units,
        });
    }

    private static ProgressReport Correction(ProgressReport of, DateTime acceptedAt, long more) => new()
    {
        KeyProjectId = of.KeyProjectId,
        UnitId = of.UnitId,
        Year = of.Year,
        Month = of.Month,
        InvestmentThisMonth = of.InvestmentThisMonth + more,
        InvestmentYearToDate = of.InvestmentYearToDate + more,
        InvestmentSinceStart = of.InvestmentSinceStart + more,
        Status = SubmissionStatus.Accepted,
        SupersedesId = of.Id,
        RecordedAtUtc = acceptedAt,
        AcceptedAtUtc = acceptedAt,
    };

    /// <summary>
    /// A year of 40 projects in random units of the demo city: every plan type, reports accepted
    /// through the year (some corrected weeks later), starts and completions on random days
    /// recorded later, and the months' windows closed in the middle of the next month.
    /// </summary>
    private static async Task GenerateYearAsync(TestApp app, int year, int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var rng = new Random(seed);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.False(await db.Set<AnnualPlanEntry>().AnyAsync(e => e.Year == year, ct), $"the demo uses {year}");
        var units = await db.Set<Unit>().Where(u => !u.IsDisabled).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
        var categories = Enum.GetValues<ProjectCategory>();
        var planTypes = Enum.GetValues<PlanType>();
        DateTime Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc);

        var projects = Enumerable.Range(1, 40).Select(i => new KeyProject
        {
            Code = $"KF-{year}-{i:00}",
            Name = $"留存数字测试项目{i}",
            UnitId = units[rng.Next(units.Count)],
            Category = categories[rng.Next(categories.Length)],
            TotalInvestment = rng.Next(1_000, 50_000) * Wan,
        }).ToList();
        db.AddRange(projects);
        var entries = projects.Select(p => new AnnualPlanEntry
        {
            Year = year,
            KeyProject = p,
            UnitId = p.UnitId,
            PlanType = planTypes[rng.Next(planTypes.Length)],
            PlannedCompletion = rng.Next(4) == 0,
            AnnualPlannedInvestment = rng.Next(100, 5_000) * Wan,
        }).ToList();
        foreach (var e in entries.Where(e => e.PlanType == PlanType.Reserve))
        {
            e.AnnualPlannedInvestment = 0;
            e.PlannedCompletion = false;
        }

        db.AddRange(entries);
        var reports = new List<ProgressReport>();
        foreach (var e in entries.Where(e => e.PlanType != PlanType.Reserve))
        {
            long ytd = 0;
            foreach (var month in Enumerable.Range(1, 12).Where(_ => rng.Next(3) > 0))
            {
                var thisMonth = rng.Next(0, 600) * Wan;
                ytd += thisMonth;
                var accepted = Utc(new DateTime(year, month, 1).AddMonths(1).AddDays(rng.Next(0, 25)).AddHours(rng.Next(24)));
                reports.Add(new ProgressReport
                {
                    KeyProject = e.KeyProject,
                    UnitId = e.UnitId,
                    Year = year,
                    Month = month,
                    InvestmentThisMonth = thisMonth,
                    InvestmentYearToDate = ytd,
                    InvestmentSinceStart = ytd,
                    Status = SubmissionStatus.Accepted,
                    RecordedAtUtc = accepted.AddHours(-2),
                    AcceptedAtUtc = accepted,
                });
            }
        }

        db.AddRange(reports);
        foreach (var e in entries.Where(_ => rng.Next(2) == 0))
        {
            var started = new DateOnly(year, 1, 1).AddDays(rng.Next(0, 365));
            db.Add(new ProjectStageChange { KeyProject = e.KeyProject, UnitId = e.UnitId, Stage = ProjectStage.Started, OnDate = started, RecordedAtUtc = Utc(started.ToDateTime(TimeOnly.MinValue).AddDays(rng.Next(1, 40))) });
            if (e.PlannedCompletion && rng.Next(2) == 0)
            {
                var completed = started.AddDays(rng.Next(10, 200));
                db.Add(new ProjectStageChange { KeyProject = e.KeyProject, UnitId = e.UnitId, Stage = ProjectStage.Completed, OnDate = completed, RecordedAtUtc = Utc(completed.ToDateTime(TimeOnly.MinValue).AddDays(rng.Next(1, 40))) });
            }
        }

        for (var month = 1; month <= 12; month++)
        {
            var next = new DateOnly(year, month, 1).AddMonths(1);
            db.Add(new ReportingWindow { Year = year, Month = month, OpensOn = next, DueOn = next.AddDays(9), ClosedAtUtc = Utc(next.ToDateTime(new TimeOnly(8, 0)).AddDays(14)) });
        }

        await db.SaveChangesAsync(ct);

        // Some reports corrected two to eight weeks after their acceptance.
        foreach (var report in reports.Where(_ => rng.Next(5) == 0).ToList())
        {
            report.IsCurrent = false;
            db.Add(Correction(report, report.AcceptedAtUtc!.Value.AddDays(rng.Next(14, 56)), rng.Next(-50, 200) * Wan));
        }

        await db.SaveChangesAsync(ct);
    }
}
