using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>The bulletin page and the problem list in a real browser, on a desktop and on a phone.</summary>
public sealed class ReportsPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_office_reads_the_bulletin_of_a_chosen_month()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/reports/bulletin");
        await SignInAsync(page, "project.office");

        await page.SelectOptionAsync("#bulletin-filter select[name=month]", "11");
        await page.FillAsync("#bulletin-filter input[name=year]", "2023");
        await page.ClickAsync("#bulletin-filter button[type=submit]");

        await Assertions.Expect(page.Locator("#bulletin-title")).ToContainTextAsync("2023年11月");
        await Assertions.Expect(page.Locator("#bulletin-table tr[data-row='all']")).ToContainTextAsync("合计");
        await Assertions.Expect(page.Locator("#bulletin-table tr[data-row='all'] .tag")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("正常|预警|滞后"));
        await Assertions.Expect(page.Locator("#funnel-table tr[data-stage='Reserve']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#bulletin-docx")).ToHaveAttributeAsync("href", "api/bulletin/docx?year=2023&month=11");
        await BrowserFixture.ScreenshotAsync(page, "20-bulletin-zh");
    }

    [Fact]
    public async Task A_county_reporter_filters_its_overdue_problems_on_a_phone()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width: 375, height: 812);
        await page.GotoAsync("/problems");
        await SignInAsync(page, "anyue.reporter");

        await page.SelectOptionAsync("#problem-filter select[name=status]", "Open");
        await page.ClickAsync("#problem-filter button[type=submit]");
        await Assertions.Expect(page.Locator("#pager-total")).ToContainTextAsync("共");
        await BrowserFixture.ScreenshotAsync(page, "21-problems-phone-zh");

        await page.Locator("#problem-list a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#answer-form")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "22-problem-detail-phone-zh");
    }
}
