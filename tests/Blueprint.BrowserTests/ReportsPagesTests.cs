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

    [Fact]
    public async Task The_project_office_issues_a_bulletin_after_confirming_and_edits_its_document_settings()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/reports/bulletin?year=2023&month=10");
        await SignInAsync(page, "project.office");

        // A draft shows the number it will get; issuing without the tick is refused and changes nothing.
        var status = page.Locator("#issue-ProjectBulletin .issue-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-issued", "false");
        var number = await status.GetAttributeAsync("data-number");
        await Assertions.Expect(status).ToContainTextAsync($"第{number}期");
        await page.ClickAsync("#issue-ProjectBulletin-submit");
        await Assertions.Expect(page.Locator("#issue-ProjectBulletin-message")).ToContainTextAsync("请先勾选");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-issued", "false");

        await page.CheckAsync("#issue-ProjectBulletin-confirm");
        await page.ClickAsync("#issue-ProjectBulletin-submit");
        await Assertions.Expect(page.Locator("#issue-ProjectBulletin-message")).ToHaveTextAsync($"已印发，第{number}期。");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-issued", "true");
        await Assertions.Expect(page.Locator("#issue-ProjectBulletin-submit")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "50-bulletin-issued-1440");

        // Reloaded, the number is fixed and the brief of the same month still waits for its own.
        await page.ReloadAsync();
        await Assertions.Expect(status).ToHaveAttributeAsync("data-issued", "true");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-number", number!);
        await Assertions.Expect(page.Locator("#issue-LeaderBrief .issue-status")).ToHaveAttributeAsync("data-issued", "false");

        // The office's settings: what the 版头 and 版记 print, edited on a phone.
        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync("/reports/settings");
        await SignInAsync(phone, "project.office");
        var form = phone.Locator("#settings-ProjectOffice");
        await Assertions.Expect(form.Locator("input[name=authority]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(phone.Locator("#settings-SupervisionOffice")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(phone, "51-document-settings-375");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the settings page scrolls sideways at 375 px");

        await form.Locator("textarea[name=copyTo]").FillAsync("市委、市政府领导同志，市级各部门");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(phone.Locator("#settings-saved")).ToHaveTextAsync("已保存。");
        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("#settings-ProjectOffice textarea[name=copyTo]")).ToHaveValueAsync("市委、市政府领导同志，市级各部门");

        // A required field left empty is refused with the field named; the saved value stays.
        await phone.Locator("#settings-ProjectOffice input[name=authority]").EvaluateAsync("e => e.removeAttribute('required')");
        await phone.Locator("#settings-ProjectOffice input[name=authority]").FillAsync("");
        await phone.Locator("#settings-ProjectOffice button[type=submit]").ClickAsync();
        await Assertions.Expect(phone.Locator("#settings-ProjectOffice .field-error").First).ToBeVisibleAsync();
        await page.GotoAsync("/reports/settings");
        await Assertions.Expect(page.Locator("#settings-ProjectOffice input[name=authority]")).Not.ToBeEmptyAsync();
        await BrowserFixture.ScreenshotAsync(page, "52-document-settings-1440");
    }
}
