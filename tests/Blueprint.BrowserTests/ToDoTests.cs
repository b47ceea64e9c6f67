using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>
/// The to-do on a 375-px phone: the 安岳 reporter's home starts with the month they owe (overdue,
/// with how late), they follow the entry to the form and submit; the county leader's home then
/// starts with it to approve; the full list filters by kind.
/// </summary>
public sealed class ToDoTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Year = 2046;
    private const string Project = "安岳县待办测试项目";

    [Fact]
    public async Task The_reporter_follows_the_overdue_entry_from_the_home_page_and_it_moves_to_the_leaders_home()
    {
        BrowserFixture.RequireChromium();
        var projectId = await ArrangeAsync();
        var today = ReportingWindows.Today(browser.Server.Services.GetRequiredService<TimeProvider>());
        var late = $"逾期{today.DayNumber - new DateOnly(2001, 1, 1).DayNumber}天";

        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync("/");
        await SignInAsync(phone, "anyue.reporter");
        var first = phone.Locator("#home-todo-list .todo-item").First;
        await Assertions.Expect(first).ToContainTextAsync(Project);
        await Assertions.Expect(first.Locator(".todo-step")).ToHaveTextAsync("填报");
        await Assertions.Expect(first.Locator(".todo-due")).ToHaveTextAsync(late);
        await Assertions.Expect(first.Locator(".todo-deadline")).ToHaveTextAsync("2001-01-01");
        await Assertions.Expect(phone.Locator("#todo-badge")).ToBeVisibleAsync();
        var before = await CountAsync(phone);
        Assert.True(await FitsAsync(phone), "the home page fits 375 px without sideways scrolling");
        await BrowserFixture.ScreenshotAsync(phone, "72-todo-home-reporter-375");

        // The entry leads to the month's form; once submitted it leaves the reporter's to-do.
        await first.Locator("a.todo-title").ClickAsync();
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync(Project);
        Assert.EndsWith($"/progress/{projectId}/{Year}/4", phone.Url, StringComparison.Ordinal);
        await phone.FillAsync("#Fill-investmentThisMonth", "120");
        await phone.FillAsync("#Fill-investmentYearToDate", "420");
        await phone.FillAsync("#Fill-investmentSinceStart", "1020");
        await phone.FillAsync("#Fill-physicalProgress", "主体结构封顶");
        await phone.ClickAsync("#submit-report");
        await Assertions.Expect(phone.Locator("#progress-done")).ToContainTextAsync("已提交");
        await phone.GotoAsync("/");
        await Assertions.Expect(phone.Locator("#home-todo")).Not.ToContainTextAsync(Project);
        Assert.Equal(before - 1, await CountAsync(phone));

        // The county leader's home now starts with it, to approve, and the entry leads there too.
        var leader = await browser.NewPageAsync(width: 375, height: 812);
        await leader.GotoAsync("/");
        await SignInAsync(leader, "anyue.leader");
        var waiting = leader.Locator("#home-todo-list .todo-item").First;
        await Assertions.Expect(waiting).ToContainTextAsync(Project);
        await Assertions.Expect(waiting.Locator(".todo-step")).ToHaveTextAsync("审核");
        await Assertions.Expect(waiting.Locator(".todo-due")).ToHaveTextAsync(late);
        await BrowserFixture.ScreenshotAsync(leader, "73-todo-home-leader-375");
        await waiting.Locator("a.todo-title").ClickAsync();
        await leader.ClickAsync("#approve");
        await Assertions.Expect(leader.Locator("#progress-done")).ToContainTextAsync("已审核");

        // The whole list, filtered to supervision items, from the top bar.
        await leader.GotoAsync("/");
        await leader.ClickAsync("#todo-link");
        await Assertions.Expect(leader.Locator("h1")).ToHaveTextAsync("待办");
        await Assertions.Expect(leader.Locator("#todo-list")).Not.ToContainTextAsync(Project);
        await leader.SelectOptionAsync("#todo-filter select[name=kind]", "Supervision");
        await leader.ClickAsync("#todo-filter button[type=submit]");
        await Assertions.Expect(leader.Locator("#todo-list .todo-item").First).ToBeVisibleAsync();
        foreach (var item in await leader.Locator("#todo-list .todo-item").AllAsync())
        {
            Assert.Equal("Supervision", await item.GetAttributeAsync("data-kind"));
        }

        Assert.True(await FitsAsync(leader), "the to-do list fits 375 px without sideways scrolling");
        await BrowserFixture.ScreenshotAsync(leader, "74-todo-list-supervision-375");
    }

    /// <summary>The count the top bar shows, read from the API with the page's own sign-in.</summary>
    private static async Task<int> CountAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/todo/count");
        Assert.True(response.Ok, await response.TextAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("count").GetInt32();
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>A continuing 2046 project of 安岳县; April 2046 is open and was due on 2001-01-01, so it is the reporter's most urgent entry.</summary>
    private async Task<int> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var project = new KeyProject { Code = "TD-2046-1", Name = Project, UnitId = unit.Id, TotalInvestment = 500_000_000 };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = Year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 10_000_000 });
        db.Add(new ReportingWindow { Year = Year, Month = 4, OpensOn = new DateOnly(2000, 1, 1), DueOn = new DateOnly(2001, 1, 1) });
        await db.SaveChangesAsync();
        return project.Id;
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#logout")).ToBeVisibleAsync();
    }
}
