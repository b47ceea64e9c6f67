using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Blueprint.BrowserTests.BrowserFixture;
using Unit = Blueprint.Web.Features.Units.Unit;

namespace Blueprint.BrowserTests;

/// <summary>
/// Issue 20 item 5 in the browser: past 200 units the project list's unit choice is the top of
/// the tree with a search box; typing finds a department deep in the tree, the keyboard moves on
/// to the choice, and the list filters by it.
/// </summary>
public sealed class UnitSearchTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_unit_past_the_short_list_is_found_by_typing_and_filters_the_project_list()
    {
        RequireChromium();
        var wanted = await ArrangeAsync();

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/projects");
        await SignInAsync(page, "leader");
        var select = page.Locator("#project-filters select[name=unitId]");
        await Assertions.Expect(select).ToHaveAttributeAsync("data-unit-search", "/api/units/lookup");
        Assert.InRange(await select.Locator("option").CountAsync(), 2, UnitChoices.Limit + 1);
        Assert.Equal(0, await select.Locator($"option[value=\"{wanted}\"]").CountAsync());

        var search = page.Locator("#project-filters input.unit-search");
        await search.FillAsync("搜索科室123");
        await Assertions.Expect(select.Locator("optgroup[data-found] option")).ToHaveTextAsync("搜索科室123");
        await Assertions.Expect(select).ToHaveValueAsync(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ScreenshotAsync(page, "56-unit-search-1440");

        // Enter in the box goes to the choice (it does not send the form with the old unit).
        await search.PressAsync("Enter");
        await Assertions.Expect(select).ToBeFocusedAsync();
        await page.ClickAsync("#filter-submit");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"unitId={wanted}(&|$)"));
        await Assertions.Expect(select.Locator("option:checked")).ToHaveTextAsync("搜索科室123");
    }

    [Fact]
    public async Task An_edit_form_finds_its_unit_by_typing_and_saves_it()
    {
        RequireChromium();
        await ArrangeAsync();
        int project, wanted;
        using (var scope = browser.Server.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            project = await db.Set<Blueprint.Web.Features.Projects.KeyProject>().Where(p => !p.IsArchived).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(TestContext.Current.CancellationToken);
            wanted = await db.Set<Unit>().Where(u => u.Code == "SK045").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync($"/projects/{project}/edit");
        await SignInAsync(page, "project.office");
        await page.GotoAsync($"/projects/{project}/edit");
        var select = page.Locator("#f-unit");
        await Assertions.Expect(select).ToHaveAttributeAsync("data-unit-search", "/api/units/lookup?writable=true");
        Assert.Equal(0, await select.Locator($"option[value=\"{wanted}\"]").CountAsync());

        // The keyboard only: type, Enter to the choice, Tab on to the next field.
        var search = page.Locator("#project-form input.unit-search");
        await search.FocusAsync();
        await page.Keyboard.TypeAsync("科室045");
        await Assertions.Expect(select.Locator("optgroup[data-found] option")).ToHaveTextAsync("搜索科室045");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(select).ToBeFocusedAsync();
        await Assertions.Expect(select).ToHaveValueAsync(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ScreenshotAsync(page, "57-unit-search-edit-1440");

        await page.ClickAsync("#project-save");
        // The URL polled, not a load event waited for (see SignInAsync): the browser's log says where the save went if not here.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/projects/{project}$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("搜索科室045");

        // The form again: the chosen unit is in the choice without a search.
        await page.GotoAsync($"/projects/{project}/edit");
        await Assertions.Expect(page.Locator("#f-unit option:checked")).ToHaveTextAsync("搜索科室045");
    }

    [Fact]
    public async Task A_multiple_choice_keeps_the_units_chosen_among_the_found_when_the_search_changes()
    {
        RequireChromium();
        await ArrangeAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/supervision/new");
        await SignInAsync(page, "supervision.office");
        await page.GotoAsync("/supervision/new");
        var lead = page.Locator("#item-unit");
        var co = page.Locator("#item-counits");
        await Assertions.Expect(co).ToHaveAttributeAsync("data-unit-search", "/api/units/lookup?writable=true");

        // The lead unit: found and chosen by typing.
        await page.Locator("input.unit-search").First.FillAsync("科室007");
        await Assertions.Expect(lead.Locator("optgroup[data-found] option")).ToHaveTextAsync("搜索科室007");

        // Two cooperating units from two searches: nothing is chosen for the user, the first stays chosen.
        var coSearch = page.Locator("input.unit-search").Nth(1);
        await coSearch.FillAsync("科室010");
        await Assertions.Expect(co.Locator("optgroup[data-found] option")).ToHaveTextAsync("搜索科室010");
        Assert.Empty(await co.EvaluateAsync<string[]>("s => Array.from(s.selectedOptions).map(o => o.text)"));
        await co.SelectOptionAsync(new SelectOptionValue { Label = "搜索科室010" });
        await coSearch.FillAsync("科室020");
        await Assertions.Expect(co.Locator("optgroup[data-found] option")).ToHaveTextAsync("搜索科室020");
        await co.Locator("optgroup[data-found] option").EvaluateAsync("o => { o.selected = true; }");
        Assert.Equal(["搜索科室010", "搜索科室020"], (await co.EvaluateAsync<string[]>("s => Array.from(s.selectedOptions).map(o => o.text)")).Order());
        await ScreenshotAsync(page, "58-unit-search-multiple-1440");

        // Posted as chosen: the item names its lead unit and both cooperating units.
        await page.FillAsync("#item-title", "多选协办单位（浏览器测试）");
        await page.FillAsync("#item-deadline", "2091-07-31");
        await page.ClickAsync("#item-save");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/supervision/[0-9]+([?]|$)"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("搜索科室007");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("搜索科室010");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("搜索科室020");
    }

    /// <summary>201 departments under 安岳县 (the demo city has a few dozen units): the list is past its limit.</summary>
    private async Task<int> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        if (await db.Set<Unit>().SingleOrDefaultAsync(u => u.Code == "SK123") is { } existing)
        {
            return existing.Id;
        }

        var units = Enumerable.Range(0, UnitChoices.Limit + 1)
            .Select(i => new Unit { Name = $"搜索科室{i:000}", Code = $"SK{i:000}", Kind = UnitKind.Department, ParentId = anyue.Id, SortOrder = 1000 + i })
            .ToList();
        db.AddRange(units);
        await db.SaveChangesAsync();
        foreach (var unit in units)
        {
            unit.Path = $"{anyue.Path}{unit.Id}/";
        }

        await db.SaveChangesAsync();
        return units[123].Id;
    }
}
