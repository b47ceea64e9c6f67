using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>The cockpit in a real browser: every chart draws on a canvas without a console error, on a desktop and a phone, and the as-of selector changes the figures.</summary>
public sealed class CockpitTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Charts = ["#chart-curve", "#chart-category", "#chart-unit", "#chart-funnel", "#chart-lights"];

    [Theory]
    [InlineData(1440, 900, "30-cockpit-1440")]
    [InlineData(375, 812, "31-cockpit-375")]
    public async Task Every_chart_renders_without_console_errors(int width, int height, string screenshot)
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width, height);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/cockpit?year=2023&month=11");
        await SignInAsync(page, "leader");
        await Assertions.Expect(page.Locator("#cockpit-month")).ToContainTextAsync("2023年11月");
        await Assertions.Expect(page.Locator("#fig-completion [data-figure]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d%$"));
        await Assertions.Expect(page.Locator("#red-list")).ToBeVisibleAsync();

        Assert.Equal(Charts.Length, await page.Locator(".cockpit-charts .chart").CountAsync());
        foreach (var chart in Charts)
        {
            await Assertions.Expect(page.Locator($"{chart} canvas")).ToHaveCountAsync(1);
        }

        // The page fits the screen: nothing wider than the viewport forces a sideways scroll.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"the page is {overflow}px wider than the screen");
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, screenshot + ".png");
        TestContext.Current.SendDiagnosticMessage($"Cockpit screenshot: {path}");
        Console.WriteLine($"Cockpit screenshot: {path}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_as_of_selector_shows_a_past_months_figures()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/cockpit?year=2023&month=11");
        await SignInAsync(page, "project.office");
        var november = await page.Locator("#fig-completion [data-figure]").TextContentAsync();
        var novemberSchedule = await page.Locator("#fig-completion .cockpit-card-line").First.TextContentAsync();

        await page.SelectOptionAsync("#cockpit-asof select[name=month]", "4");
        await page.ClickAsync("#cockpit-asof button[type=submit]");

        await Assertions.Expect(page.Locator("#cockpit-month")).ToContainTextAsync("2023年4月");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"year=2023&month=4"));
        await Assertions.Expect(page.Locator("#fig-completion .cockpit-card-line").First).ToContainTextAsync("33.3%");
        var april = await page.Locator("#fig-completion [data-figure]").TextContentAsync();
        Assert.NotEqual(november, april);
        Assert.Contains("91.7%", novemberSchedule);
        await Assertions.Expect(page.Locator("#fig-completion")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"reports/bulletin\?year=2023&month=4"));
    }
}
