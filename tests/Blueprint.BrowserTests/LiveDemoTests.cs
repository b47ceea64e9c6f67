using System.Globalization;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>The demo seeded for today, as `dotnet run` loads it (not pinned to the story's day).</summary>
public sealed class LiveDemoFixture() : BrowserFixture(seedDemo: true, liveDemo: true);

/// <summary>
/// A new user opening the demo on any day (issue 14 item 9, decision 0027): this year's figures on
/// the home page and the cockpit with its rankings, supervision items overdue by days, not years.
/// </summary>
public sealed class LiveDemoTests(LiveDemoFixture browser) : IClassFixture<LiveDemoFixture>
{
    private static DemoCalendar Today => new(ReportingWindows.Today(TimeProvider.System));

    [Fact]
    public async Task The_leader_sees_this_years_figures_and_full_rankings_on_first_open()
    {
        BrowserFixture.RequireChromium();
        var (year, month) = Today.OpenMonth;
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await SignInAsync(page, "leader");

        await Assertions.Expect(page.Locator("#home-progress h2")).ToContainTextAsync($"{year}年1—{month}月");
        await Assertions.Expect(page.Locator("#progress-rate")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d%$"));
        await BrowserFixture.ScreenshotAsync(page, "46-live-home-1440");

        await page.GotoAsync("/cockpit");
        await Assertions.Expect(page.Locator("#cockpit-month")).ToContainTextAsync($"{year}年{month}月");
        Assert.True(await page.Locator("#rank-completion tbody tr").CountAsync() > 1);
        var reporting = await page.Locator("#rank-reporting tbody tr").AllInnerTextsAsync();
        Assert.True(reporting.Count > 1);
        Assert.Contains(reporting, row => row.Contains("100.0%", StringComparison.Ordinal));
        Assert.Contains(reporting, row => !row.Contains("100.0%", StringComparison.Ordinal)); // the units late in the open month
        await BrowserFixture.ScreenshotAsync(page, "47-live-cockpit-1440");
    }

    [Theory]
    [InlineData(1440, 900, "48-live-red-list-1440")]
    [InlineData(375, 812, "49-live-red-list-375")]
    public async Task The_red_list_counts_days_not_years(int width, int height, string screenshot)
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width, height);
        await page.GotoAsync("/supervision/red");
        await SignInAsync(page, "supervision.office");

        // The supervision job marks the lights when the server starts; a reload shows its work.
        for (var i = 0; i < 30 && await page.Locator("#red-list").CountAsync() == 0; i++)
        {
            await Task.Delay(1_000, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }

        var days = (await page.Locator("#red-list .days-overdue").AllInnerTextsAsync())
            .Select(d => int.Parse(d.Trim(), CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(days);
        Assert.All(days, d => Assert.InRange(d, 1, 45));
        await Assertions.Expect(page.Locator("#red-list")).ToContainTextAsync($"ZYDB-{Today.ConferenceYear}-003");
        await BrowserFixture.ScreenshotAsync(page, screenshot);
    }
}
