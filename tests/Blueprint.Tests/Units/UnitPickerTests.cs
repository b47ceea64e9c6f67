using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Units;

/// <summary>
/// Issue 20 item 5: a unit choice stays small at province scale — the search as you type
/// (<c>/api/units/lookup</c>, within the reader's scope, a few rows) and the shortened list (the
/// top of the tree and the chosen unit). Reads the demo units only.
/// </summary>
public sealed class UnitPickerTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_search_finds_units_of_the_readers_scope_by_name_code_or_alias_a_few_at_a_time(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        List<Unit> units;
        using (var scope = app.SystemScope())
        {
            units = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().AsNoTracking().ToListAsync(ct);
        }

        var anyue = units.Single(u => u.Code == DemoUnits.Anyue);
        var lezhi = units.Single(u => u.Code == DemoUnits.Lezhi);

        var leader = await app.LoginAsync("leader");
        var found = await Lookup(leader, "乐至", 20, ct);
        Assert.Equal(lezhi.Id, found[0].Id);
        Assert.All(found, u => Assert.Contains("乐至", units.Single(x => x.Id == u.Id) is var x ? x.Name + x.ShortName + x.Code + x.Aliases : "", StringComparison.Ordinal));
        Assert.Contains((await Lookup(leader, lezhi.Code, 20, ct)), u => u.Id == lezhi.Id);
        Assert.Equal(3, (await Lookup(leader, "", 3, ct)).Count);
        Assert.InRange((await Lookup(leader, "", 100_000, ct)).Count, 1, 50);

        // A county's reader finds only the county and the units below it.
        var reporter = await app.LoginAsync("anyue.reporter");
        Assert.Empty(await Lookup(reporter, "乐至", 20, ct));
        var own = await Lookup(reporter, "", 50, ct);
        Assert.Equal(anyue.Id, own[0].Id);
        Assert.All(own, u => Assert.StartsWith(anyue.Path, units.Single(x => x.Id == u.Id).Path, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Past_the_limit_the_choice_is_the_top_of_the_tree_and_the_chosen_unit(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var units = await db.Set<Unit>().AsNoTracking().ToListAsync(ct);
        var ordered = db.Set<Unit>().OrderBy(u => u.SortOrder).ThenBy(u => u.Id);

        var whole = await UnitChoices.LoadAsync(ordered, (int?)null, ct);
        Assert.False(whole.Searchable);
        Assert.Equal(units.Count, whole.Units.Count);

        var deep = units.First(u => u.ParentId is { } p && units.Single(x => x.Id == p).ParentId is not null);
        var shortened = await UnitChoices.LoadAsync(ordered, deep.Id, 5, ct);
        Assert.True(shortened.Searchable);
        Assert.InRange(shortened.Units.Count, 1, 5);
        Assert.Contains(shortened.Units, u => u.Id == deep.Id);
        Assert.All(shortened.Units.Where(u => u.Id != deep.Id), u => Assert.True(
            units.Single(x => x.Id == u.Id) is var x && (x.ParentId is null || units.Single(p => p.Id == x.ParentId).ParentId is null), $"{x.Name} is below the top of the tree"));
        Assert.Null(units.Single(u => u.Id == shortened.Units[0].Id).ParentId);

        // The lists' whole-tree choice, by reads compiled once (WholeTreeAsync, TopOfTreeAsync), is the written-out one.
        var byPath = db.Set<Unit>().OrderBy(u => u.Path).ThenBy(u => u.SortOrder);
        Assert.Equal((await UnitChoices.LoadAsync(byPath, (int?)null, ct)).Units, (await UnitChoices.WholeTreeAsync(db, null, ct)).Units);
        var topOfTree = await UnitChoices.TopOfTreeAsync(db, deep.Id, ct);
        Assert.True(topOfTree.Searchable);
        Assert.Equal((await UnitChoices.TopAndChosenAsync(byPath, [deep.Id], UnitChoices.Limit, ct)).Units, topOfTree.Units);
        Assert.Contains(topOfTree.Units, u => u.Id == deep.Id);

        // Offered units without the root: the units directly under it are still the top (their parent is any unit, not an offered one).
        var belowRoot = db.Set<Unit>().Where(u => u.ParentId != null).OrderBy(u => u.SortOrder).ThenBy(u => u.Id);
        var top = await UnitChoices.LoadAsync(belowRoot, (int?)null, 5, ct);
        Assert.True(top.Searchable);
        Assert.NotEmpty(top.Units);
        Assert.All(top.Units, u => Assert.True(
            units.Single(x => x.Id == u.Id) is var x && x.ParentId is { } parent && units.Single(p => p.Id == parent).ParentId is null, $"{x.Name} is not directly under a root"));
    }

    [Fact]
    public async Task A_list_page_of_the_demo_city_keeps_its_whole_choice_without_a_search()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var client = await app.LoginAsync("project.office");
        foreach (var path in (string[])["/projects", "/progress", "/supervision", "/problems", "/goals/indicators", "/plans", "/projects/proposals"])
        {
            var html = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
            Assert.Contains("name=\"unitId\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-unit-search=", html, StringComparison.Ordinal);
            Assert.Contains("安岳县", html, StringComparison.Ordinal);
        }
    }

    private static async Task<List<UnitLookupDto>> Lookup(HttpClient client, string q, int take, CancellationToken ct) =>
        (await client.GetFromJsonAsync<List<UnitLookupDto>>($"/api/units/lookup?q={Uri.EscapeDataString(q)}&take={take}", ct))!;
}
