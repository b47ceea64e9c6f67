using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Blueprint.BrowserTests.BrowserFixture;
using Unit = Blueprint.Web.Features.Units.Unit;

namespace Blueprint.BrowserTests;

/// <summary>
/// Issue 20 item 5 in the browser, for projects: past 200 projects named by milestones the
/// milestones' project choice (<c>ProjectSelect</c>) holds only the chosen one, with a search box
/// that asks <c>GET /api/projects/lookup</c>; typing part of a demo project's name finds it, the
/// keyboard moves on to the choice and along the projects found, and the list filters by it.
/// </summary>
public sealed class ProjectSearchTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>The demo project whose milestone is 星河动力's start (2023-10).</summary>
    private const string Xinghe = "ZY2023-021";

    [Fact]
    public async Task A_project_past_the_short_list_is_found_by_typing_and_filters_the_milestones()
    {
        RequireChromium();
        var wanted = await ArrangeAsync();
        var id = wanted.ToString(CultureInfo.InvariantCulture);

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/milestones");
        await SignInAsync(page, "leader");
        await page.GotoAsync("/milestones");
        var select = page.Locator("#milestone-filter select[name=keyProjectId]");
        await Assertions.Expect(select).ToHaveAttributeAsync("data-unit-search", "/api/projects/lookup");
        // Past the limit the choice holds "any" only (no project is chosen yet).
        Assert.Equal(1, await select.Locator("option").CountAsync());
        Assert.True(await page.Locator("#milestone-list li[data-milestone]").CountAsync() > 1);

        var search = page.Locator("#milestone-filter input.unit-search");
        await search.FillAsync("星河动力");
        var found = select.Locator("optgroup[data-found] option");
        await Assertions.Expect(found).ToHaveTextAsync(Xinghe + " · 星河动力新一代固体飞行器研发生产基地项目");
        await Assertions.Expect(select).ToHaveValueAsync(id);

        await page.ClickAsync("#milestone-filter button[type=submit]");
        // The filtered page's document is enough (the checks below wait for what they read): waiting for every
        // subresource's load timed out once at 60 s while another test run shared the machine.
        await page.WaitForURLAsync(url => url.Contains($"keyProjectId={id}", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await AssertOnlyXingheAsync(page);
        // The chosen project stays in the choice after the filter, without a search.
        await Assertions.Expect(select.Locator("option:checked")).ToHaveTextAsync("星河动力新一代固体飞行器研发生产基地项目");
        await Assertions.Expect(search).ToBeVisibleAsync();
        await ScreenshotAsync(page, "59-project-search-milestones-1440");

        // One row on a desktop, the search box beside its choice: every field and button ends on the same line.
        var bottoms = await page.Locator("#milestone-filter").EvaluateAsync<double[]>(
            "f => Array.from(f.children).map(c => Math.round(c.getBoundingClientRect().bottom))");
        Assert.True(bottoms.Max() - bottoms.Min() <= 2, "filter fields end at " + string.Join(", ", bottoms));
        var (box, choice) = (await search.BoundingBoxAsync(), await select.BoundingBoxAsync());
        Assert.True(box!.X + box.Width <= choice!.X, "the search box stands before its choice, on the same line");

        // On a phone the row wraps inside the screen: nothing of the filter sticks out to the right.
        await page.SetViewportSizeAsync(375, 812);
        Assert.True(await page.Locator("#milestone-filter").EvaluateAsync<bool>("f => f.scrollWidth <= f.clientWidth && f.getBoundingClientRect().right <= window.innerWidth"),
            "the milestones filter fits a 375 px screen");
        await ScreenshotAsync(page, "19-milestones-filter-375");
    }

    [Fact]
    public async Task The_keyboard_alone_finds_a_project_moves_along_the_found_and_filters()
    {
        RequireChromium();
        var wanted = await ArrangeAsync();

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/milestones");
        await SignInAsync(page, "leader");
        await page.GotoAsync("/milestones");
        var select = page.Locator("#milestone-filter select[name=keyProjectId]");
        var search = page.Locator("#milestone-filter input.unit-search");

        // A code prefix finds ten demo projects, ZY2023-020 first and chosen.
        await search.FocusAsync();
        await page.Keyboard.TypeAsync("ZY2023-02");
        var found = select.Locator("optgroup[data-found] option");
        await Assertions.Expect(found).ToHaveCountAsync(10);
        await Assertions.Expect(found.First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^ZY2023-020 · "));
        await Assertions.Expect(select.Locator("option:checked")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^ZY2023-020 · "));

        // Enter goes to the choice (it does not send the form), the arrow key moves to the next project found.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(select).ToBeFocusedAsync();
        Assert.DoesNotContain("keyProjectId", page.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(select).ToHaveValueAsync(wanted.ToString(CultureInfo.InvariantCulture));

        // Tab on to the form's button and send it with Enter.
        for (var i = 0; i < 10 && !await page.Locator("#milestone-filter button[type=submit]").EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(page.Locator("#milestone-filter button[type=submit]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains($"keyProjectId={wanted}", StringComparison.Ordinal));
        await AssertOnlyXingheAsync(page);
    }

    /// <summary>The list shows 星河动力's one milestone (the demo's 2023 holds six), and names its project.</summary>
    private static async Task AssertOnlyXingheAsync(IPage page)
    {
        var items = page.Locator("#milestone-list li[data-milestone]");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items).ToContainTextAsync("星河动力新一代固体飞行器研发生产基地项目在资阳开工");
        await Assertions.Expect(items).ToContainTextAsync("星河动力新一代固体飞行器研发生产基地项目");
    }

    /// <summary>
    /// 201 projects <c>PS000</c>–<c>PS200</c> under 安岳县, each named by a milestone of 2019 (the
    /// demo's milestones name three projects): the milestones' project choice is past its limit.
    /// Returns the id of the demo project <see cref="Xinghe"/>.
    /// </summary>
    private async Task<int> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var wanted = await db.Set<KeyProject>().Where(p => p.Code == Xinghe).Select(p => p.Id).SingleAsync();
        if (await db.Set<KeyProject>().AnyAsync(p => p.Code == "PS000"))
        {
            return wanted;
        }

        var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var projects = Enumerable.Range(0, ProjectChoices.Limit + 1)
            .Select(i => new KeyProject { Code = $"PS{i:000}", Name = $"检索项目{i:000}", UnitId = anyue.Id })
            .ToList();
        db.AddRange(projects);
        db.AddRange(projects.Select(p => new Milestone { Date = new DateOnly(2019, 6, 1), MonthOnly = true, Title = $"{p.Name}开工", KeyProject = p }));
        await db.SaveChangesAsync();
        return wanted;
    }
}
