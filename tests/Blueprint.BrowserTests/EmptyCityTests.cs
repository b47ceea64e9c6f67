using System.Globalization;
using System.Text.RegularExpressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Admin;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>A server on a migrated, empty database: no demo city, no account, no unit.</summary>
public sealed class EmptyCityFixture() : BrowserFixture(seedDemo: false);

/// <summary>
/// A real city's first day, from an empty database: <c>create-admin</c> makes the three
/// administrators; the system administrator names the city, opens two units and two accounts;
/// the security administrator gives their roles; the office loads a project and its plan and
/// opens a month; the new reporter changes the one-time password and fills the month; the audit
/// administrator finds every step in the audit log and the sign-in log. Nothing is arranged in
/// the database except what <c>create-admin</c> does.
/// </summary>
public sealed class EmptyCityTests(EmptyCityFixture browser) : IClassFixture<EmptyCityFixture>
{
    private const int Year = 2040;
    private const string SysPassword = "Xitong@2026a";
    private const string SecPassword = "Anquan@2026b";
    private const string AuditPassword = "Shenji@2026c";

    [Fact]
    public async Task A_city_starts_from_an_empty_database_and_its_first_month_is_filled_and_audited()
    {
        BrowserFixture.RequireChromium();
        await CreateAdministratorsAsync();

        // 系统管理员: the sign-in page of a real city lists no demo accounts.
        var sys = await browser.NewPageAsync();
        await sys.GotoAsync("/account/login");
        await Assertions.Expect(sys.Locator(".demo-accounts")).ToHaveCountAsync(0);
        await SignInAsync(sys, "city.sys", SysPassword);

        // create-admin made a root "本级": it becomes the city, and two units go below it.
        var root = await UnitIdAsync("ROOT");
        await sys.GotoAsync($"/admin/units/{root}/edit");
        await sys.FillAsync("input[name=name]", "资阳市");
        await sys.FillAsync("input[name=code]", "ZY");
        await sys.ClickAsync("#unit-save");
        await Assertions.Expect(sys.Locator("#unit-admin-tree li[data-unit-code='ZY']")).ToContainTextAsync("资阳市");
        await NewUnitAsync(sys, "资阳市发展和改革委员会", "ZY-FGW", "Department", root);
        await NewUnitAsync(sys, "安岳县", "ZY-AY", "County", root);
        await Assertions.Expect(sys.Locator("#unit-admin-tree li[data-unit-code='ZY'] li[data-unit-code='ZY-AY']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(sys, "80-empty-city-units");
        var officePassword = await NewAccountAsync(sys, "fgw.office", "市发改委重点项目办", await UnitIdAsync("ZY-FGW"));
        var reporterPassword = await NewAccountAsync(sys, "ay.reporter", "安岳县填报员", await UnitIdAsync("ZY-AY"));

        // 安全保密管理员: the office sees the whole city, the reporter its own county.
        var sec = await browser.NewPageAsync();
        await sec.GotoAsync("/account/login");
        await SignInAsync(sec, "city.sec", SecPassword);
        await GiveRoleAsync(sec, "fgw.office", Roles.ProjectOffice, DataScope.All);
        await GiveRoleAsync(sec, "ay.reporter", Roles.UnitReporter, DataScope.OwnUnit);
        await BrowserFixture.ScreenshotAsync(sec, "81-empty-city-access");

        // 重点项目办: first its own password, then the library and the plan from Excel, then the month opens.
        var office = await browser.NewPageAsync();
        await office.GotoAsync("/account/login");
        await SignInAsync(office, "fgw.office", officePassword, mustChange: true);
        await ChangePasswordAsync(office, officePassword, "Fagai@2026x");
        await office.GotoAsync("/projects/import");
        await ImportAsync(office, "Projects", ProjectSheet.SheetName, new Dictionary<string, object?>(ProjectSheet.Columns.ToDictionary(c => c.Header, c => (object?)null))
        {
            [ProjectSheet.Code] = "AY-2040-1",
            [ProjectSheet.Name] = "安岳县柠檬产业园基础设施项目",
            [ProjectSheet.UnitCode] = "ZY-AY",
            [ProjectSheet.Category] = "产业",
            [ProjectSheet.Stage] = "在建",
            [ProjectSheet.Total] = 30_000,
        });
        await ImportAsync(office, "AnnualPlan", AnnualPlanSheet.SheetName, new Dictionary<string, object?>(AnnualPlanSheet.Columns.ToDictionary(c => c.Header, c => (object?)null))
        {
            [AnnualPlanSheet.Year] = Year,
            [AnnualPlanSheet.Code] = "AY-2040-1",
            [AnnualPlanSheet.PlanType] = "续建",
            [AnnualPlanSheet.Investment] = 1_200,
        });
        await office.GotoAsync($"/progress?year={Year}&month=4");
        await office.ClickAsync("#open-window");
        await Assertions.Expect(office.Locator("#window-state")).ToContainTextAsync("填报中");
        await Assertions.Expect(office.Locator("#missing-list")).ToContainTextAsync("安岳县柠檬产业园基础设施项目");

        // The new reporter, on a phone: sent to change the one-time password, then fills April.
        var reporter = await browser.NewPageAsync(375, 812);
        await reporter.GotoAsync("/account/login");
        await SignInAsync(reporter, "ay.reporter", reporterPassword, mustChange: true);
        await reporter.GotoAsync($"/progress?year={Year}&month=4");
        await Assertions.Expect(reporter).ToHaveURLAsync(new Regex("/account/password$"));
        await ChangePasswordAsync(reporter, reporterPassword, "Anyue@2026x");
        await Assertions.Expect(reporter.Locator("#user-unit")).ToHaveTextAsync("安岳县");
        await reporter.GotoAsync($"/progress?year={Year}&month=4");
        await reporter.Locator("#missing-list a", new() { HasText = "安岳县柠檬产业园基础设施项目" }).ClickAsync();
        await reporter.FillAsync("#Fill-investmentThisMonth", "150");
        await reporter.FillAsync("#Fill-investmentYearToDate", "480");
        await reporter.FillAsync("#Fill-investmentSinceStart", "6480");
        await reporter.FillAsync("#Fill-physicalProgress", "园区道路路基完成，管网铺设过半");
        await reporter.ClickAsync("#submit-report");
        await Assertions.Expect(reporter.Locator("#progress-done")).ToContainTextAsync("已提交");
        await BrowserFixture.ScreenshotAsync(reporter, "82-empty-city-first-report-375");

        // 安全审计员: every step, by whom, in the audit log; the sign-ins and the password changes in the sign-in log.
        var audit = await browser.NewPageAsync();
        await audit.GotoAsync("/account/login");
        await SignInAsync(audit, "city.audit", AuditPassword);
        await audit.GotoAsync("/audit?userName=city.sys&entity=Unit&pageSize=100");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("资阳市发展和改革委员会");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("本级");
        await audit.GotoAsync("/audit?userName=city.sys&entity=User&pageSize=100");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("ay.reporter");
        await audit.GotoAsync("/audit?userName=city.sec&pageSize=100");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("用户角色");
        await audit.GotoAsync("/audit?userName=fgw.office&pageSize=100");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("安岳县柠檬产业园基础设施项目");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("填报窗口");
        await audit.GotoAsync("/audit?userName=ay.reporter&entity=ProgressReport&pageSize=100");
        await Assertions.Expect(audit.Locator("#audit-list")).ToContainTextAsync("园区道路路基完成");
        await BrowserFixture.ScreenshotAsync(audit, "83-empty-city-audit");
        await audit.GotoAsync("/audit/sign-ins?userName=ay.reporter");
        await Assertions.Expect(audit.Locator("#sign-in-list")).ToContainTextAsync("登录成功");
        await Assertions.Expect(audit.Locator("#sign-in-list")).ToContainTextAsync("修改密码");
        await BrowserFixture.ScreenshotAsync(audit, "84-empty-city-sign-ins");
    }

    /// <summary>What `create-admin` does on the empty database (the password as if typed on standard input).</summary>
    private async Task CreateAdministratorsAsync()
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.False(await db.Set<Unit>().AnyAsync(TestContext.Current.CancellationToken));
        await AdminCommands.CreateAdministratorAsync(scope.ServiceProvider, db, "city.sys", Roles.SystemAdmin, null, SysPassword, mustChangePassword: false);
        await AdminCommands.CreateAdministratorAsync(scope.ServiceProvider, db, "city.sec", Roles.SecurityAdmin, null, SecPassword, mustChangePassword: false);
        await AdminCommands.CreateAdministratorAsync(scope.ServiceProvider, db, "city.audit", Roles.AuditAdmin, null, AuditPassword, mustChangePassword: false);
    }

    private static async Task NewUnitAsync(IPage page, string name, string code, string kind, int parentId)
    {
        await page.GotoAsync("/admin/units/new");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=code]", code);
        await page.SelectOptionAsync("select[name=kind]", kind);
        await page.SelectOptionAsync("#unit-parent", parentId.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#unit-save");
        await Assertions.Expect(page.Locator($"#unit-admin-tree li[data-unit-code='{code}']")).ToBeVisibleAsync();
    }

    private static async Task<string> NewAccountAsync(IPage page, string userName, string displayName, int unitId)
    {
        await page.GotoAsync("/admin/accounts/new");
        await page.FillAsync("input[name=userName]", userName);
        await page.FillAsync("input[name=displayName]", displayName);
        await page.SelectOptionAsync("select[name=unitId]", unitId.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#account-save");
        return (await page.Locator("#initial-password").InnerTextAsync()).Trim();
    }

    private static async Task GiveRoleAsync(IPage page, string userName, string role, DataScope scope)
    {
        await page.GotoAsync($"/admin/accounts?q={userName}");
        await page.ClickAsync($"#account-list tr[data-account='{userName}'] a");
        await page.CheckAsync($"#role-{role}");
        await page.SelectOptionAsync("#access-scope", scope.ToString());
        await page.ClickAsync("#access-save");
        await Assertions.Expect(page.Locator("#account-done")).ToBeVisibleAsync();
    }

    private static async Task ImportAsync(IPage page, string kind, string sheet, Dictionary<string, object?> row)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { row }, sheetName: sheet);
        await page.SelectOptionAsync("#import-form select[name=Kind]", kind);
        await page.SetInputFilesAsync("#import-form input[type=file]", new FilePayload { Name = "导入.xlsx", MimeType = Xlsx.ContentType, Buffer = stream.ToArray() });
        await page.ClickAsync("#import-form button[type=submit]");
        await Assertions.Expect(page.Locator("#import-done")).ToContainTextAsync("已导入 1 行");
    }

    private static async Task ChangePasswordAsync(IPage page, string current, string next)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/password$"));
        await page.FillAsync("#current", current);
        await page.FillAsync("#new", next);
        await page.FillAsync("#confirm", next);
        await page.ClickAsync("#password-submit");
        await Assertions.Expect(page.Locator("#logout")).ToBeVisibleAsync();
    }

    private static async Task SignInAsync(IPage page, string userName, string password, bool mustChange = false)
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        if (!mustChange)
        {
            await Assertions.Expect(page.Locator("#logout")).ToBeVisibleAsync();
        }
    }

    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = browser.Server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await db.Set<Unit>().Where(u => u.Code == code).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
    }
}
