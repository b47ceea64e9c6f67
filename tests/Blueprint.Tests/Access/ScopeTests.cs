using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Access;

/// <summary>
/// A reporter of 安岳县 can neither read nor write 乐至县's records, through the database layer
/// (every unit-owned entity of the model) or through any API list, read or write.
/// </summary>
public sealed class ScopeTests(Apps apps)
{
    private sealed record Fixture(TestApp App, EntityGraph Anyue, EntityGraph Lezhi, HashSet<int> AnyueUnits);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<DatabaseProvider, Fixture> Fixtures = [];

    private async Task<Fixture> ArrangeAsync(DatabaseProvider provider)
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (Fixtures.TryGetValue(provider, out var existing))
            {
                return existing;
            }

            var app = await apps.GetAsync(provider);
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
            var lezhi = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Lezhi);
            var below = await db.Set<Unit>().Where(u => u.Path.StartsWith(anyue.Path)).Select(u => u.Id).ToListAsync();
            var fixture = new Fixture(
                app,
                await EntityGraph.CreateAsync(db, anyue.Id, $"ay-{provider}"),
                await EntityGraph.CreateAsync(db, lezhi.Id, $"lz-{provider}"),
                [.. below]);
            Fixtures[provider] = fixture;
            return fixture;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_county_reporter_reads_only_their_county_in_every_unit_owned_entity(DatabaseProvider provider)
    {
        var f = await ArrangeAsync(provider);
        using var scope = await f.App.UserScopeAsync("anyue.reporter");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ownedTypes = db.Model.GetEntityTypes().Where(t => typeof(IUnitOwned).IsAssignableFrom(t.ClrType)).ToList();
        Assert.True(ownedTypes.Count >= 14, $"expected the unit-owned entities of the model, found {ownedTypes.Count}");

        foreach (var type in ownedTypes)
        {
            var unitIds = await UnitIdsAsync(db, type.ClrType);
            Assert.True(unitIds.Count > 0, $"{type.ClrType.Name}: the reporter sees none of their own rows");
            Assert.All(unitIds, id => Assert.True(f.AnyueUnits.Contains(id), $"{type.ClrType.Name}: row of unit {id} is outside 安岳县"));
            var lezhiRow = f.Lezhi.All.Single(e => e.GetType() == type.ClrType);
            var own = f.Anyue.All.Single(e => e.GetType() == type.ClrType);
            Assert.Null(await FindAsync(db, type.ClrType, lezhiRow));
            Assert.NotNull(await FindAsync(db, type.ClrType, own));
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_county_reporter_cannot_write_another_countys_records(DatabaseProvider provider)
    {
        var f = await ArrangeAsync(provider);
        using var scope = await f.App.UserScopeAsync("anyue.reporter");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var lezhiUnit = f.Lezhi.Project.UnitId;

        // Changing a record of 乐至县 that was obtained around the filter is refused.
        var foreign = await db.Set<KeyProject>().IgnoreQueryFilters().SingleAsync(p => p.Id == f.Lezhi.Project.Id, TestContext.Current.CancellationToken);
        foreign.Name = "越权修改";
        await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        db.ChangeTracker.Clear();

        // Creating a record for 乐至县 is refused, and so is moving an own record there.
        db.Add(new Problem { Title = "越权新增", UnitId = lezhiUnit });
        await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        db.ChangeTracker.Clear();
        var ownId = f.Anyue.All.OfType<Problem>().Single().Id;
        var own = await db.Set<Problem>().SingleAsync(p => p.Id == ownId, TestContext.Current.CancellationToken);
        own.UnitId = lezhiUnit;
        await Assert.ThrowsAsync<ScopeViolationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    public static TheoryData<DatabaseProvider, string, string> ApiLists()
    {
        var data = new TheoryData<DatabaseProvider, string, string>();
        string[][] lists =
        [
            ["/api/projects", nameof(KeyProject)], ["/api/annual-plan", nameof(AnnualPlanEntry)], ["/api/stage-changes", nameof(ProjectStageChange)],
            ["/api/progress-reports", nameof(ProgressReport)], ["/api/problems", nameof(Problem)], ["/api/goals", "Goal"],
            ["/api/indicators", "Indicator"], ["/api/indicator-targets", "IndicatorTarget"], ["/api/indicator-values", "IndicatorValue"],
            ["/api/review-submissions", "ReviewSubmission"], ["/api/review-comments", "ReviewComment"],
            ["/api/supervision-items", "SupervisionItem"], ["/api/supervision-feedback", "SupervisionFeedback"], ["/api/extension-requests", "ExtensionRequest"],
        ];
        foreach (var provider in Apps.Providers.Select(row => row.Data))
        {
            foreach (var l in lists)
            {
                data.Add(provider, l[0], l[1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApiLists))]
    public async Task Through_the_api_a_county_reporter_lists_only_own_rows_and_gets_404_for_another_county(DatabaseProvider provider, string path, string entity)
    {
        var f = await ArrangeAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var client = await f.App.LoginAsync("anyue.reporter");

        var page = await client.GetFromJsonAsync<JsonElement>($"{path}?pageSize=500", ct);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.GetProperty("unitId").GetInt32(), f.AnyueUnits));

        var own = f.Anyue.All.Single(e => e.GetType().Name == entity);
        var foreign = f.Lezhi.All.Single(e => e.GetType().Name == entity);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{path}/{IdOf(own)}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{path}/{IdOf(foreign)}", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Through_the_api_a_county_reporter_cannot_write_another_countys_records(DatabaseProvider provider)
    {
        var f = await ArrangeAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var client = await f.App.LoginAsync("anyue.reporter");
        var lezhiUnit = f.Lezhi.Project.UnitId;
        var anyueUnit = f.Anyue.Project.UnitId;

        // Editing another county's record: it does not exist for this user.
        var edit = Data.ConcurrencyTests.NewProject(f.Lezhi.Project.Code, lezhiUnit) with { Version = f.Lezhi.Project.Version };
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/projects/{f.Lezhi.Project.Id}", edit, ct)).StatusCode);
        // Goals and supervision items are the offices' to edit: the role gate refuses a reporter any of
        // them, whatever the id, so the answer says nothing about whether another county's exists.
        var foreignGoal = f.Lezhi.All.OfType<Blueprint.Web.Features.Plans.Goal>().Single();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/goals/{foreignGoal.Id}", new { title = "越权", unitId = lezhiUnit, version = 1 }, ct)).StatusCode);
        var foreignItem = f.Lezhi.All.OfType<Blueprint.Web.Features.Supervision.SupervisionItem>().Single();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/supervision-items/{foreignItem.Id}", new { title = "越权", unitId = lezhiUnit, deadline = "2099-01-01", cadence = 0, version = 1 }, ct)).StatusCode);
        var foreignProblem = f.Lezhi.All.OfType<Problem>().Single();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/problems/{foreignProblem.Id}", new { title = "越权", unitId = lezhiUnit, version = 1 }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(f.Lezhi.Project.Id, 2099, 5, 1, 1, 1, null, null, null), ct)).StatusCode);

        // Creating a record for another county, or moving an own record there: forbidden.
        var create = await client.PostAsJsonAsync("/api/project-proposals", Data.ConcurrencyTests.NewProject($"SC-{provider}", lezhiUnit), ct);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains("数据范围", await create.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var ownProblem = f.Anyue.All.OfType<Problem>().Single();
        var move = await client.PutAsJsonAsync($"/api/problems/{ownProblem.Id}", new { title = "迁移到乐至", unitId = lezhiUnit, status = 0, version = ownProblem.Version }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);

        // Within the county the same calls succeed, so the refusals above are about scope.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/project-proposals", Data.ConcurrencyTests.NewProject($"SO-{provider}", anyueUnit), ct)).StatusCode);
    }

    public static TheoryData<DatabaseProvider, string> Readers()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in Apps.Providers.Select(row => row.Data))
        {
            foreach (var reader in (string[])["all", "own unit", "unit and below", "city and below", "system", "no scope"])
            {
                data.Add(provider, reader);
            }
        }

        return data;
    }

    /// <summary>
    /// Issue 20 item 4 (decision 0038): the filter is built per scope kind, each model holding only
    /// its own predicate. For every unit-owned set it keeps exactly the rows of the formula used
    /// before (<c>all OR UnitId = u OR (below AND the unit's path starts with the reader's)</c>).
    /// </summary>
    [Theory]
    [MemberData(nameof(Readers))]
    public async Task The_filter_of_each_scope_keeps_the_rows_of_the_single_formula_it_replaces(DatabaseProvider provider, string reader)
    {
        var f = await ArrangeAsync(provider);
        int anyue, city;
        string anyuePath, cityPath;
        using (var system = f.App.SystemScope())
        {
            var units = system.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>();
            var a = await units.AsNoTracking().SingleAsync(u => u.Code == DemoUnits.Anyue, TestContext.Current.CancellationToken);
            var c = await units.AsNoTracking().SingleAsync(u => u.Code == DemoUnits.City, TestContext.Current.CancellationToken);
            (anyue, anyuePath, city, cityPath) = (a.Id, a.Path, c.Id, c.Path);
        }

        (DataScope? Scope, int Unit, string Path) user = reader switch
        {
            "all" => (DataScope.All, anyue, anyuePath),
            "own unit" => (DataScope.OwnUnit, anyue, anyuePath),
            "unit and below" => (DataScope.UnitAndBelow, anyue, anyuePath),
            "city and below" => (DataScope.UnitAndBelow, city, cityPath),
            "system" => (DataScope.All, city, cityPath),
            _ => (null, anyue, anyuePath),
        };
        using var scope = f.App.Services.CreateScope();
        var current = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        if (reader == "system")
        {
            current.ActAsSystem();
        }
        else
        {
            System.Security.Claims.Claim[] claims = user.Scope is { } s
                ? [new(System.Security.Claims.ClaimTypes.NameIdentifier, "0"), new(CurrentUser.UnitClaim, user.Unit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new(CurrentUser.UnitPathClaim, user.Path), new(CurrentUser.ScopeClaim, s.ToString())]
                : [];
            current.ActAs(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, user.Scope is null ? null : "test")));
        }

        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ownedTypes = db.Model.GetEntityTypes().Where(t => typeof(IUnitOwned).IsAssignableFrom(t.ClrType)).ToList();
        Assert.True(ownedTypes.Count >= 14, $"expected the unit-owned entities of the model, found {ownedTypes.Count}");
        var seen = 0;
        foreach (var type in ownedTypes)
        {
            var (filtered, formula) = await ((Task<(List<int>, List<int>)>)typeof(ScopeTests).GetMethod(nameof(BothWaysAsync), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.ClrType).Invoke(null, [db, user.Scope, user.Unit, user.Path])!);
            Assert.True(formula.SequenceEqual(filtered), $"{reader}, {type.ClrType.Name}: the filter keeps {filtered.Count} rows, the formula {formula.Count}");
            seen += filtered.Count;
        }

        // Each reader but the one without scope sees something, so the equality above says something.
        Assert.True(reader == "no scope" ? seen == 0 : seen > 0, $"{reader}: {seen} rows");
    }

    /// <summary>The unit ids of the rows the model's filter keeps, and of the rows the single formula kept (same order, a multiset).</summary>
    private static async Task<(List<int> Filtered, List<int> Formula)> BothWaysAsync<T>(BlueprintDb db, DataScope? scope, int unit, string path) where T : class, IUnitOwned
    {
        var all = scope == DataScope.All;
        var below = scope == DataScope.UnitAndBelow;
        var u = scope is null ? -1 : unit;
        // Both reads in one snapshot: the app is shared, and another test may add a row between them.
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        var filtered = await db.Set<T>().AsNoTracking().Select(e => e.UnitId).OrderBy(id => id).ToListAsync();
        var formula = await db.Set<T>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
            .Where(e => all || e.UnitId == u || (below && db.Set<Unit>().Any(x => x.Id == e.UnitId && x.Path.StartsWith(path))))
            .Select(e => e.UnitId).OrderBy(id => id).ToListAsync();
        return (filtered, formula);
    }

    /// <summary>The reader who sees every unit gets no predicate at all, and an own-unit reader one equality (decision 0038).</summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_filter_is_only_the_predicate_of_the_readers_scope(DatabaseProvider provider)
    {
        var f = await ArrangeAsync(provider);
        using (var leader = await f.App.UserScopeAsync("leader"))
        {
            var sql = leader.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ProgressReport>().ToQueryString();
            Assert.DoesNotContain("WHERE", sql, StringComparison.OrdinalIgnoreCase);
        }

        using (var own = await f.App.UserScopeAsync("secadmin"))
        {
            var sql = own.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ProgressReport>().ToQueryString();
            Assert.Contains("WHERE", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" OR ", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("EXISTS", sql, StringComparison.OrdinalIgnoreCase);
        }

        using (var below = await f.App.UserScopeAsync("anyue.reporter"))
        {
            var sql = below.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ProgressReport>().ToQueryString();
            Assert.Contains(" IN (", sql, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// The widened indicator scope (decision 0008) ignores the scope filter by name and nothing
    /// else, and still confines a county reader to its own indicators and those it holds a share of.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_visible_indicators_ignore_the_scope_filter_only(DatabaseProvider provider)
    {
        var f = await ArrangeAsync(provider);
        var own = f.Anyue.All.OfType<Indicator>().Single().Id;
        var other = f.Lezhi.All.OfType<Indicator>().Single().Id;
        using var scope = await f.App.UserScopeAsync("anyue.reporter");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var visible = IndicatorScope.Visible(db);

        var ignores = new IgnoredFilters();
        ignores.Visit(visible.Expression);
        var names = Assert.Single(ignores.Calls);
        Assert.NotNull(names); // an unnamed IgnoreQueryFilters() would lift every filter of the query
        Assert.Equal([BlueprintDb.ScopeFilter], names);

        var ids = await visible.Where(i => i.Id == own || i.Id == other).Select(i => i.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([own], ids);
    }

    /// <summary>
    /// The trap the rule of decision 0038 guards against, as EF Core has it: a named ignore written
    /// on one set of a join lifts the scope filter from the other set too. Code that ignores the
    /// scope therefore reads no other unit-owned set in the same query unless it means to (or
    /// restricts it to the reader's units itself).
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_named_ignore_lifts_the_scope_filter_from_every_set_of_the_query(DatabaseProvider provider)
    {
        var f = await ArrangeAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var indicator = f.Lezhi.All.OfType<Indicator>().Single().Id;
        using var scope = await f.App.UserScopeAsync("anyue.reporter");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();

        Assert.Empty(await db.Set<Indicator>().Where(i => i.Id == indicator).Select(i => i.Id).ToListAsync(ct));
        var joined = await db.Set<Indicator>().Where(i => i.Id == indicator)
            .Join(db.Set<Blueprint.Web.Features.Plans.Goal>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]), i => i.GoalId, g => g.Id, (i, g) => i.Id)
            .ToListAsync(ct);
        Assert.Equal([indicator], joined); // 乐至's indicator, though the ignore was written on the goals
    }

    /// <summary>
    /// An unnamed <c>IgnoreQueryFilters()</c> lifts every filter of the whole query, the scope of
    /// every other set it joins included (decision 0038): code ignores the filter it means by name.
    /// Only the project code's uniqueness checks look past every filter (every unit, proposals too).
    /// </summary>
    [Fact]
    public void Only_the_project_code_checks_ignore_every_query_filter()
    {
        string[] allowed =
        [
            "Features/Projects/Excel/ProjectSheet.cs", "Features/Projects/ProjectsApi.cs",
        ];
        var root = RepositoryFiles.Path("src", "Blueprint.Web");
        var found = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(root, f)).Contains("IgnoreQueryFilters()", StringComparison.Ordinal))
            .ToList();
        Assert.Contains("Features/Projects/ProjectsApi.cs", found); // the scan reads the sources
        Assert.Empty(found.Except(allowed));
    }

    /// <summary>The filters named by each IgnoreQueryFilters call of a query (null: all of them).</summary>
    private sealed class IgnoredFilters : System.Linq.Expressions.ExpressionVisitor
    {
        public List<string[]?> Calls { get; } = [];

        protected override System.Linq.Expressions.Expression VisitMethodCall(System.Linq.Expressions.MethodCallExpression node)
        {
            if (node.Method.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters))
            {
                Calls.Add(node.Arguments.Count > 1 && node.Arguments[1] is System.Linq.Expressions.ConstantExpression { Value: IEnumerable<string> names } ? [.. names] : null);
            }

            return base.VisitMethodCall(node);
        }
    }

    private static long IdOf(object entity) => Convert.ToInt64(entity.GetType().GetProperty("Id")!.GetValue(entity), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<int>> UnitIdsAsync(BlueprintDb db, Type type) =>
        await (Task<List<int>>)typeof(ScopeTests).GetMethod(nameof(UnitIdsOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [db])!;

    private static Task<List<int>> UnitIdsOfAsync<T>(BlueprintDb db) where T : class, IUnitOwned =>
        db.Set<T>().AsNoTracking().Select(e => e.UnitId).ToListAsync();

    private static async Task<object?> FindAsync(BlueprintDb db, Type type, object entity)
    {
        var key = db.Model.FindEntityType(type)!.FindPrimaryKey()!.Properties.Select(p => p.PropertyInfo!.GetValue(entity)).ToArray();
        var found = await db.FindAsync(type, key);
        return found;
    }
}
