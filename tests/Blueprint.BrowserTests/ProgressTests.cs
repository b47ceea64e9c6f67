using System.Text.Json;
using Blueprint.Web.Data;
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
/// The monthly cycle in the browser: the office opens April 2099, the 安岳 reporter fills it on a
/// 375-px phone, the county leader approves, the office accepts, and the bulletin moves by the
/// difference between March's and April's year-to-date.
/// </summary>
public sealed class ProgressTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Year = 2099;
    private const long Wan = 10_000;

    [Fact]
    public async Task A_reporter_fills_april_on_a_phone_the_leader_approves_the_office_accepts_and_the_bulletin_moves()
    {
        BrowserFixture.RequireChromium();
        var projectId = await ArrangeAsync();

        // The office opens April for reporting and notes the bulletin before.
        var office = await browser.NewPageAsync();
        await office.GotoAsync($"/progress?year={Year}&month=4");
        await SignInAsync(office, "project.office");
        await Assertions.Expect(office.Locator("#window-state")).ToContainTextAsync("尚未开放");
        await office.ClickAsync("#open-window");
        await Assertions.Expect(office.Locator("#window-state")).ToContainTextAsync("填报中");
        await Assertions.Expect(office.Locator("#missing-list")).ToContainTextAsync("安岳县手机填报测试项目");
        await BrowserFixture.ScreenshotAsync(office, "20-progress-month-office");
        var before = await CompletedYearToDateAsync(office);
        Assert.Equal(300 * Wan, before);

        // The reporter, on a phone, finds the project among those not yet reported.
        var phone = await browser.NewPageAsync(width: 375, height: 812);
        await phone.GotoAsync($"/progress?year={Year}&month=4");
        await SignInAsync(phone, "anyue.reporter");
        await phone.Locator("#missing-list a", new() { HasText = "安岳县手机填报测试项目" }).ClickAsync();
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("安岳县手机填报测试项目");
        await Assertions.Expect(phone.Locator("#Fill-investmentYearToDate-prev")).ToContainTextAsync("300.00");

        // A mistyped figure is explained beside its field, and nothing is saved.
        await phone.FillAsync("#Fill-investmentThisMonth", "一百二");
        await phone.FillAsync("#Fill-investmentYearToDate", "420.5");
        await phone.FillAsync("#Fill-investmentSinceStart", "1020.5");
        await phone.ClickAsync("#submit-report");
        await Assertions.Expect(phone.Locator("#error-investmentThisMonth")).ToContainTextAsync("请填写数字");
        await BrowserFixture.ScreenshotAsync(phone, "21-progress-phone-error");

        await phone.FillAsync("#Fill-investmentThisMonth", "120.5");
        await phone.FillAsync("#Fill-physicalProgress", "主体结构封顶，开始二次结构砌筑");
        await BrowserFixture.ScreenshotAsync(phone, "22-progress-phone-filled");
        await phone.ClickAsync("#submit-report");
        await Assertions.Expect(phone.Locator("#progress-done")).ToContainTextAsync("已提交");
        await Assertions.Expect(phone.Locator("#fig-year-to-date")).ToHaveTextAsync("420.50");
        await BrowserFixture.ScreenshotAsync(phone, "23-progress-phone-submitted");
        Assert.True(await FitsAsync(phone), "the phone form fits 375 px without sideways scrolling");

        // The county leader approves on a phone; the office accepts.
        var leader = await browser.NewPageAsync(width: 375, height: 812);
        await leader.GotoAsync($"/progress/{projectId}/{Year}/4");
        await SignInAsync(leader, "anyue.leader");
        await leader.ClickAsync("#approve");
        await Assertions.Expect(leader.Locator("#progress-done")).ToContainTextAsync("已审核");
        await BrowserFixture.ScreenshotAsync(leader, "24-progress-phone-approved");

        await office.GotoAsync($"/progress/{projectId}/{Year}/4");
        await Assertions.Expect(office.Locator("#return")).ToBeVisibleAsync();
        await office.ClickAsync("#accept");
        await Assertions.Expect(office.Locator("#progress-done")).ToContainTextAsync("已接收");
        await Assertions.Expect(office.Locator("#progress-history")).ToContainTextAsync("安岳县填报员 / 安岳县分管领导 / 市发改委重点项目办");
        await Assertions.Expect(office.Locator("#correction summary")).ToHaveTextAsync("提交更正");

        // The bulletin now counts April's year-to-date instead of March's.
        var after = await CompletedYearToDateAsync(office);
        Assert.Equal(4_205_000, after);
        Assert.Equal(1_205_000, after - before);

        // The month's list shows the accepted report with its tag.
        await office.GotoAsync($"/progress?year={Year}&month=4");
        await Assertions.Expect(office.Locator("#progress-list tr", new() { HasText = "安岳县手机填报测试项目" }).Locator("[data-status='Accepted']")).ToHaveTextAsync("已接收");
        await Assertions.Expect(office.Locator("#missing-count")).ToHaveTextAsync("0");
        await BrowserFixture.ScreenshotAsync(office, "25-progress-month-accepted");
    }

    private static async Task<long> CompletedYearToDateAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync($"/api/bulletin?year={Year}&month=4");
        Assert.True(response.Ok, await response.TextAsync());
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("all").GetProperty("completedYearToDate").GetInt64();
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>A continuing 2099 project of 安岳县 (1,000 万元 planned) with March accepted at 300 万元 year to date.</summary>
    private async Task<int> ArrangeAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var project = new KeyProject { Code = "PH-2099-1", Name = "安岳县手机填报测试项目", UnitId = unit.Id, TotalInvestment = 50_000 * Wan };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = Year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000 * Wan });
        var accepted = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        db.Add(new ProgressReport
        {
            KeyProject = project,
            UnitId = unit.Id,
            Year = Year,
            Month = 3,
            InvestmentThisMonth = 100 * Wan,
            InvestmentYearToDate = 300 * Wan,
            InvestmentSinceStart = 900 * Wan,
            PhysicalProgress = "主体结构施工至12层",
            Status = SubmissionStatus.Accepted,
            RecordedAtUtc = accepted,
            AcceptedAtUtc = accepted,
        });
        await db.SaveChangesAsync();
        return project.Id;
    }
}
