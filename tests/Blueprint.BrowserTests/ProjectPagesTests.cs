using System.Text.RegularExpressions;
using Blueprint.Web.Features.Demo;
using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>The project library as the office uses it: filter the list, open a project, read its chart.</summary>
public sealed class ProjectPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Office_filters_by_category_and_opens_a_project_with_its_schedule_chart()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // The shell has no favicon yet; Chromium's own request for it is not this page's error.
            if (message.Type == "error" && !message.Location.Contains("favicon.ico", StringComparison.Ordinal))
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("/projects");
        await page.FillAsync("#username", "project.office");
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("重点项目");
        await Assertions.Expect(page.Locator("#project-list tbody tr").First).ToBeVisibleAsync();
        var allCount = await page.Locator("#projects-count").InnerTextAsync();

        await page.SelectOptionAsync("#filter-category", "Industry");
        await page.ClickAsync("#filter-submit");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("category=Industry"));
        await Assertions.Expect(page.Locator("#projects-count")).Not.ToHaveTextAsync(allCount);
        var rows = page.Locator("#project-list tbody tr");
        Assert.True(await rows.CountAsync() > 0, "the demo city has industry projects");
        foreach (var category in await rows.Locator("td:nth-child(4)").AllInnerTextsAsync())
        {
            Assert.Equal("产业", category);
        }

        Assert.True(await page.Locator("#project-list .tag[data-light]").CountAsync() > 0, "lights are shown with their word");
        await BrowserFixture.ScreenshotAsync(page, "20-projects-industry-zh");

        var name = await rows.First.Locator("td:nth-child(2) a").InnerTextAsync();
        await rows.First.Locator("td:nth-child(2) a").ClickAsync();
        await Assertions.Expect(page.Locator("#project-name")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("#project-chart canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#project-benefit")).ToContainTextAsync("年产值 ÷ 总投资");
        await Assertions.Expect(page.Locator("#month-table tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#project-light .tag")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "21-project-detail-zh");

        // A page opened directly (no enhanced navigation) draws its chart too.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#project-chart canvas")).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Annual_plan_shows_the_key_list_and_the_reserve_list_on_a_phone()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width: 375, height: 812);
        await page.GotoAsync("/plans?year=2023");
        await page.FillAsync("#username", "project.office");
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("年度计划");
        Assert.True(int.Parse(await page.Locator("#plan-key-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(page.Locator("#carry-form")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "22-plan-phone-zh");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "23-plan-phone-top-zh.png") });

        await page.ClickAsync("#tab-reserve");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("list=reserve"));
        await Assertions.Expect(page.Locator("#plan-list")).ToContainTextAsync("加快前期");
    }

    [Fact]
    public async Task Office_adjusts_a_plan_entry_with_a_reason_and_sees_its_history()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPageAsync(width: 375, height: 812);
        await page.GotoAsync("/plans?year=2024");
        await page.FillAsync("#username", "project.office");
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("年度计划");
        var row = page.Locator("#plan-list tbody tr").First;
        var code = await row.GetAttributeAsync("data-project-code");
        await row.Locator("a.plan-adjust").ClickAsync();
        await Assertions.Expect(page.Locator("#plan-entry-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#plan-history tbody tr")).ToHaveCountAsync(1);

        // No reason: refused, with the message next to the field, and nothing saved.
        await page.FillAsync("#plan-investment", "12345.6");
        await page.EvaluateAsync("document.querySelector('#plan-reason').removeAttribute('required')");
        await page.ClickAsync("#plan-entry-save");
        await Assertions.Expect(page.Locator(".field-error[data-field=reason]")).ToContainTextAsync("调整原因");
        await Assertions.Expect(page.Locator("#plan-history tbody tr")).ToHaveCountAsync(1);

        await page.FillAsync("#plan-investment", "12345.6");
        await page.FillAsync("#plan-reason", "经市政府常务会议研究调整");
        await page.ClickAsync("#plan-entry-save");
        await Assertions.Expect(page.Locator("#plan-history tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#plan-history")).ToContainTextAsync("经市政府常务会议研究调整");
        await BrowserFixture.ScreenshotAsync(page, "24-plan-adjust-phone-zh");

        await page.GotoAsync("/plans?year=2024&q=" + code);
        await Assertions.Expect(page.Locator($"#plan-list tr[data-project-code='{code}']")).ToContainTextAsync("12,346");
    }
}
