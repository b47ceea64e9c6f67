using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

using static Blueprint.BrowserTests.BrowserFixture;

namespace Blueprint.BrowserTests;

/// <summary>
/// The to-do on a 375-px phone: the 安岳 reporter's home starts with the month they owe (overdue,
/// with how late), they follow the entry to the form and submit; the county leader's home then
/// starts with it to approve; the full list filters by kind.
/// </summary>
public sealed class ToDoTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Year = 2046;
    private const int BatchYear = 2048;
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
        await Assertions.Expect(phone.Locator("#todo-badge")).ToHaveTextAsync(Badge(before));
        Assert.True(await FitsAsync(phone), "the home page fits 375 px without sideways scrolling");
        await BrowserFixture.ScreenshotAsync(phone, "72-todo-home-reporter-375");

        // The entry leads to the month's form; once submitted it leaves the reporter's to-do.
        await first.Locator("a.todo-title").ClickAsync();
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync(Project);
        Assert.EndsWith($"/progress/{projectId}/{Year}/4", phone.Url, StringComparison.Ordinal);
        // 1,200 万 in one month on a 1,000 万 annual plan: warned, and not submitted without a 情况说明.
        await phone.FillAsync("#Fill-investmentThisMonth", "1200");
        await phone.FillAsync("#Fill-investmentYearToDate", "1500");
        await phone.FillAsync("#Fill-investmentSinceStart", "2100");
        await phone.FillAsync("#Fill-physicalProgress", "主体结构封顶");
        await phone.ClickAsync("#submit-report");
        await Assertions.Expect(phone.Locator("#error-explanation")).ToContainTextAsync("情况说明");
        await Assertions.Expect(phone.Locator("#error-explanation")).ToContainTextAsync("超过年度计划");
        Assert.True(await FitsAsync(phone), "the warned form fits 375 px without sideways scrolling");
        await BrowserFixture.ScreenshotAsync(phone, "75-progress-warning-375");
        await phone.FillAsync("#Fill-explanation", "设备集中到货，提前支付进度款");
        await phone.ClickAsync("#submit-report");
        await Assertions.Expect(phone.Locator("#progress-done")).ToContainTextAsync("已提交");
        await phone.GotoAsync("/");
        await Assertions.Expect(phone.Locator("#home-todo")).Not.ToContainTextAsync(Project);
        Assert.Equal(before - 1, await CountAsync(phone));
        // The top bar remembers its count (decision 0047), but not past the reporter's own step.
        if (before > 1)
        {
            await Assertions.Expect(phone.Locator("#todo-badge")).ToHaveTextAsync(Badge(before - 1));
        }

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
        // The approver sees the warning and the reporter's explanation before approving.
        await Assertions.Expect(leader.Locator("#figure-warnings")).ToContainTextAsync("年度计划");
        await Assertions.Expect(leader.Locator("#figure-explanation")).ToContainTextAsync("设备集中到货");
        await BrowserFixture.ScreenshotAsync(leader, "76-progress-warning-leader-375");
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

    [Fact]
    public async Task The_office_accepts_the_months_approved_reports_in_one_step_from_the_list()
    {
        BrowserFixture.RequireChromium();
        await ApprovedAsync(BatchYear, 3);

        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync("/");
        await SignInAsync(phone, "project.office");
        await phone.GotoAsync($"/progress?year={BatchYear}&month=4");
        await Assertions.Expect(phone.Locator("#progress-list input[name=pick]")).ToHaveCountAsync(3);
        await phone.CheckAsync("#select-all");
        foreach (var box in await phone.Locator("#progress-list input[name=pick]").AllAsync())
        {
            await Assertions.Expect(box).ToBeCheckedAsync();
        }

        // One cleared by hand clears 全选 too; ticked again, all three are accepted in one step.
        await phone.Locator("#progress-list input[name=pick]").First.UncheckAsync();
        await Assertions.Expect(phone.Locator("#select-all")).Not.ToBeCheckedAsync();
        await phone.CheckAsync("#select-all");
        await phone.ClickAsync("#batch-accept");
        await Assertions.Expect(phone.Locator("#batch-summary")).ToHaveTextAsync("已办理 3 份，未办理 0 份");
        await Assertions.Expect(phone.Locator("#progress-list")).ToContainTextAsync("已接收");
        await Assertions.Expect(phone.Locator("#progress-list input[name=pick]")).ToHaveCountAsync(0);
        Assert.True(await FitsAsync(phone), "the list with tick boxes fits 375 px without sideways scrolling");
        await BrowserFixture.ScreenshotAsync(phone, "77-progress-batch-accepted-375");
    }

    private static string Badge(int count) => count > 99 ? "99+" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

    /// <summary>A continuing 2046 project of 安岳县; April 2046 is open, was due on 2001-01-01 (so it is the reporter's most urgent entry) and is reopened for 安岳.</summary>
    private async Task<int> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var project = new KeyProject { Code = "TD-2046-1", Name = Project, UnitId = unit.Id, TotalInvestment = 500_000_000 };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = Year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 10_000_000 });
        var window = new ReportingWindow { Year = Year, Month = 4, OpensOn = new DateOnly(2000, 1, 1), DueOn = new DateOnly(2001, 1, 1) };
        db.Add(window);
        // Past its 截止日, the month takes 安岳's report only because the office reopened it (a late report, decision 0023).
        db.Add(new ReportingReopening { Window = window, UnitId = unit.Id, Reason = "待办测试：逾期补报", ReopenedAtUtc = new DateTime(2001, 1, 2, 0, 0, 0, DateTimeKind.Utc) });
        await db.SaveChangesAsync();
        return project.Id;
    }

    /// <summary>April reports of <paramref name="count"/> 安岳 projects of <paramref name="year"/>, submitted by the reporter and approved by the county leader.</summary>
    private async Task ApprovedAsync(int year, int count)
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var reporter = await db.Set<User>().Where(u => u.UserName == "anyue.reporter").Select(u => u.Id).SingleAsync();
        var leader = await db.Set<User>().Where(u => u.UserName == "anyue.leader").Select(u => u.Id).SingleAsync();
        db.Add(new ReportingWindow { Year = year, Month = 4, OpensOn = new DateOnly(2000, 1, 1), DueOn = new DateOnly(2100, 12, 31) });
        for (var i = 1; i <= count; i++)
        {
            var project = new KeyProject { Code = $"TB-{year}-{i}", Name = $"安岳县批量验收测试项目{i}", UnitId = unit.Id, TotalInvestment = 500_000_000 };
            db.Add(project);
            db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 100_000_000 });
            db.Add(new ProgressReport
            {
                KeyProject = project,
                UnitId = unit.Id,
                Year = year,
                Month = 4,
                InvestmentThisMonth = 1_000_000 * i,
                InvestmentYearToDate = 1_000_000 * i,
                InvestmentSinceStart = 1_000_000 * i,
                Status = SubmissionStatus.Approved,
                SubmittedById = reporter,
                ApprovedById = leader,
                RecordedAtUtc = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc),
            });
        }

        await db.SaveChangesAsync();
    }
}
