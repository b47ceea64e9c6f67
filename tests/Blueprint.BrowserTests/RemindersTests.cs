using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Blueprint.BrowserTests.BrowserFixture;
using Unit = Blueprint.Web.Features.Units.Unit;

namespace Blueprint.BrowserTests;

/// <summary>
/// A month past its 截止日 in the browser: the office sees 已截止, reopens the month for 安岳 with
/// a reason and reminds every unit still owing it (一键催报); 安岳's reporter, on a phone, submits
/// late (迟报); 乐至's reporter is refused with the rule's words; the supervision office presses
/// an item (催办) and finds it in the item's history.
/// </summary>
public sealed class RemindersTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Year = 2057;

    [Fact]
    public async Task The_office_reopens_a_past_due_month_for_one_unit_reminds_the_rest_and_presses_a_supervision_item()
    {
        BrowserFixture.RequireChromium();
        var (anyueProject, lezhiProject, itemId, due) = await ArrangeAsync();

        // The office: 已截止, the units still owing the month; reopen for 安岳, then remind them all.
        var office = await browser.NewPageAsync();
        await office.GotoAsync($"/progress?year={Year}&month=3");
        await SignInAsync(office, "project.office");
        await Assertions.Expect(office.Locator("#window-state")).ToContainTextAsync("已截止");
        await Assertions.Expect(office.Locator("#late-units")).ToBeVisibleAsync();
        await office.SelectOptionAsync("#reopen-unit", new SelectOptionValue { Label = "安岳县（1个项目未报）" });
        await office.FillAsync("#reopen-reason", "汛期停工，计量资料晚到");
        await office.ClickAsync("#reopen-submit");
        await Assertions.Expect(office.Locator("#window-state .reopening")).ToContainTextAsync("汛期停工，计量资料晚到");
        await office.ClickAsync("#remind-units");
        await Assertions.Expect(office.Locator("#remind-result")).ToContainTextAsync("已催报2个单位");
        await Assertions.Expect(office.Locator("#remind-result")).ToContainTextAsync("乐至县");
        await BrowserFixture.ScreenshotAsync(office, "36-window-past-due-office");

        // 安岳's reporter, on a phone: the month is reopened for the unit; the report goes in, late.
        var anyue = await browser.NewPageAsync(width: 375, height: 812);
        await anyue.GotoAsync($"/progress/{anyueProject}/{Year}/3");
        await SignInAsync(anyue, "anyue.reporter");
        await Assertions.Expect(anyue.Locator("#progress-window")).ToContainTextAsync("项目办已为本单位重新开放");
        await FillAsync(anyue);
        await anyue.ClickAsync("#submit-report");
        await Assertions.Expect(anyue.Locator("#progress-done")).ToContainTextAsync("已提交");
        await Assertions.Expect(anyue.Locator(".progress-state .late-tag")).ToHaveTextAsync("迟报");
        await BrowserFixture.ScreenshotAsync(anyue, "37-late-report-375");

        // 乐至's reporter: the draft is kept, the submission refused in the rule's words.
        var lezhi = await browser.NewPageAsync(width: 375, height: 812);
        await lezhi.GotoAsync($"/progress/{lezhiProject}/{Year}/3");
        await SignInAsync(lezhi, "lezhi.reporter");
        await Assertions.Expect(lezhi.Locator("#progress-window")).ToContainTextAsync("已截止");
        await FillAsync(lezhi);
        await lezhi.ClickAsync("#submit-report");
        await Assertions.Expect(lezhi.Locator("#progress-error")).ToContainTextAsync($"{Year}年3月的填报已于{due:yyyy-MM-dd}截止");
        await BrowserFixture.ScreenshotAsync(lezhi, "38-past-due-refused-375");

        // The supervision office presses 乐至's item; the message stands in the history.
        var supervision = await browser.NewPageAsync();
        await supervision.GotoAsync($"/supervision/{itemId}");
        await SignInAsync(supervision, "supervision.office");
        await supervision.ClickAsync("#action-Remind summary");
        await supervision.FillAsync("#comment-Remind", "请于本周五前签收并报送推进计划。");
        await supervision.ClickAsync("#submit-Remind");
        await Assertions.Expect(supervision.Locator("#item-done")).ToBeVisibleAsync();
        await Assertions.Expect(supervision.Locator("#item-history")).ToContainTextAsync("请于本周五前签收并报送推进计划。");
        await Assertions.Expect(supervision.Locator("#item-history")).ToContainTextAsync("催办");
        await BrowserFixture.ScreenshotAsync(supervision, "39-supervision-remind");
    }

    /// <summary>
    /// 撤销重新开放 in the browser (April of 2056, a year of its own in this class: the first test
    /// counts 安岳's unreported projects of 2057): the project office sees the reopening with its
    /// withdraw form on a phone and on a desk, ticks the checkbox and withdraws it; the reopening is gone.
    /// </summary>
    [Fact]
    public async Task The_office_withdraws_a_reopening_through_the_months_form()
    {
        BrowserFixture.RequireChromium();
        const int year = 2056;
        var reopeningId = await ArrangeReopeningAsync(year);
        var month = $"/progress?year={year}&month=4";

        var desk = await browser.NewPageAsync();
        await desk.GotoAsync(month);
        await SignInAsync(desk, "project.office");
        await Assertions.Expect(desk.Locator($"#withdraw-reopening-{reopeningId}")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(desk, "101-progress-reopening-1440");

        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync(month);
        await SignInAsync(phone, "project.office");
        var form = phone.Locator($"#withdraw-reopening-{reopeningId}");
        await Assertions.Expect(phone.Locator("#window-state .reopening")).ToContainTextAsync("防汛停工，资料晚到");
        await Assertions.Expect(form).ToContainTextAsync("撤销重新开放");
        // 安岳, the only unit owing the month, is reopened: no reopen form with an empty unit choice.
        await Assertions.Expect(phone.Locator("#late-units")).ToHaveCountAsync(0);
        // Nothing on the phone is wider than the screen.
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the month page scrolls sideways at 375 px");
        await BrowserFixture.ScreenshotAsync(phone, "100-progress-reopening-375");

        await phone.CheckAsync($"#withdraw-confirm-{reopeningId}");
        await phone.ClickAsync($"#withdraw-submit-{reopeningId}");
        await Assertions.Expect(phone.Locator("#window-state .reopening")).ToHaveCountAsync(0);
        await Assertions.Expect(form).ToHaveCountAsync(0);
        await Assertions.Expect(phone.Locator("#reopen-unit option")).ToHaveTextAsync(["安岳县（1个项目未报）"]);
        await BrowserFixture.ScreenshotAsync(phone, "102-progress-reopening-withdrawn-375");
    }

    /// <summary>April of the year, due two days ago, a project of 安岳 on its plan and the month reopened for 安岳.</summary>
    private async Task<int> ArrangeReopeningAsync(int year)
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var anyue = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue).Select(u => u.Id).SingleAsync();
        var project = new KeyProject { Code = $"BW-{year}-A", Name = "安岳县撤销重新开放测试项目", UnitId = anyue, TotalInvestment = 500_000_000 };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = anyue, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 10_000_000 });
        var due = CityTime.Today(clock).AddDays(-2);
        var window = new ReportingWindow { Year = year, Month = 4, OpensOn = due.AddDays(-20), DueOn = due };
        db.Add(window);
        var reopening = new ReportingReopening { Window = window, UnitId = anyue, Reason = "防汛停工，资料晚到", ReopenedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Add(reopening);
        await db.SaveChangesAsync();
        return reopening.Id;
    }

    private static async Task FillAsync(IPage page)
    {
        await page.FillAsync("#Fill-investmentThisMonth", "120");
        await page.FillAsync("#Fill-investmentYearToDate", "360");
        await page.FillAsync("#Fill-investmentSinceStart", "980");
        await page.FillAsync("#Fill-physicalProgress", "主体结构施工");
    }

    /// <summary>March 2057, open three weeks ago and due two days ago; a project of 安岳 and one of 乐至; an item led by 乐至.</summary>
    private async Task<(int Anyue, int Lezhi, int Item, DateOnly Due)> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var units = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue || u.Code == DemoUnits.Lezhi).ToDictionaryAsync(u => u.Code, u => u.Id);
        KeyProject Project(string code, string name, int unitId)
        {
            var project = new KeyProject { Code = code, Name = name, UnitId = unitId, TotalInvestment = 500_000_000 };
            db.Add(project);
            db.Add(new AnnualPlanEntry { Year = Year, KeyProject = project, UnitId = unitId, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 10_000_000 });
            return project;
        }

        var anyue = Project("BR-2057-A", "安岳县迟报测试项目", units[DemoUnits.Anyue]);
        var lezhi = Project("BR-2057-L", "乐至县迟报测试项目", units[DemoUnits.Lezhi]);
        var due = CityTime.Today(clock).AddDays(-2);
        db.Add(new ReportingWindow { Year = Year, Month = 3, OpensOn = due.AddDays(-20), DueOn = due });
        await db.SaveChangesAsync();
        var item = new SupervisionItem
        {
            CaseNumber = "BR-2058-1",
            Title = "乐至县工业园区标准化厂房建设",
            UnitId = units[DemoUnits.Lezhi],
            Deadline = new DateOnly(2058, 6, 30),
            OriginalDeadline = new DateOnly(2058, 6, 30),
            Cadence = FeedbackCadence.Monthly,
        };
        await SupervisionAssignment.AssignAsync(db, item, null, clock.GetUtcNow().UtcDateTime, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>(), default);
        await db.SaveChangesAsync();
        return (anyue.Id, lezhi.Id, item.Id, due);
    }
}
