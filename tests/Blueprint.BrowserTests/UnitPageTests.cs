using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>The unit page on a phone: a city leader reads a county's projects and ranks before a meeting.</summary>
public sealed class UnitPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_reads_a_countys_projects_and_ranks_on_a_phone()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width: 375, height: 812);
        await page.GotoAsync("/units");
        await page.FillAsync("#username", "leader");
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#logout")).ToBeVisibleAsync();

        await page.Locator("#unit-tree a", new() { HasTextString = "安岳县" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#unit-title")).ToContainTextAsync("安岳县");
        await page.SelectOptionAsync("#unit-filter select[name=month]", "12");
        await page.FillAsync("#unit-filter input[name=year]", "2023");
        await page.ClickAsync("#unit-filter button[type=submit]");
        await Assertions.Expect(page.Locator("#unit-title")).ToContainTextAsync("2023年12月");

        // Its projects, each with its light in colour and word, and its places in the rankings.
        var rows = page.Locator("#unit-project-table tbody tr");
        Assert.True(await rows.CountAsync() > 0, "安岳县 has projects on the 2023 key list");
        await Assertions.Expect(rows.First.Locator(".tag")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("正常|预警|滞后"));
        await Assertions.Expect(page.Locator("#rank-completion strong")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("第 \\d+ 名 / 共 \\d+ 个"));
        await Assertions.Expect(page.Locator("#stat-rate .stat-value")).ToContainTextAsync("%");

        // Nothing wider than the phone: tables scroll inside their frame, not the page.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the unit page scrolls sideways at 375 px");
        await BrowserFixture.ScreenshotAsync(page, "60-unit-page-phone-zh");

        // Each figure links to the list it counts.
        await page.Locator("#stat-projects").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/projects\\?year=2023&month=12&unitId=\\d+"));
    }
}
