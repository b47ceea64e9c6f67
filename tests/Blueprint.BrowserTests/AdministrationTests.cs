using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>
/// A city onboards a new unit and its reporter in the browser, each step by the administrator
/// whose duty it is: the system administrator makes the unit and the account, the security
/// administrator gives the role, the reporter must change the one-time password before anything.
/// </summary>
public sealed class AdministrationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_system_administrator_opens_a_unit_and_an_account_the_security_administrator_empowers_it_the_reporter_changes_the_password()
    {
        BrowserFixture.RequireChromium();
        var tag = Guid.NewGuid().ToString("N")[..5];
        var lezhi = await UnitIdAsync(DemoUnits.Lezhi);

        // 系统管理员: a new unit under 乐至县, then an account in it, on a phone.
        var sys = await browser.NewPageAsync(375, 812);
        await sys.GotoAsync("/account/login");
        await SignInAsync(sys, "sysadmin");
        await Assertions.Expect(sys.Locator("#nav-projects")).ToHaveCountAsync(0);
        await sys.GotoAsync("/admin/units");
        await Assertions.Expect(sys.Locator("#unit-admin-tree li[data-unit-code='ZY-LZ']")).ToBeVisibleAsync();
        await sys.ClickAsync("#unit-new");
        await sys.FillAsync("input[name=name]", $"乐至县测试局{tag}");
        await sys.FillAsync("input[name=code]", $"LZ-{tag}");
        await sys.SelectOptionAsync("select[name=kind]", "Department");
        await sys.SelectOptionAsync("#unit-parent", lezhi.ToString(CultureInfo.InvariantCulture));
        await sys.ClickAsync("#unit-save");
        await Assertions.Expect(sys.Locator($"#unit-admin-tree li[data-unit-code='LZ-{tag}']")).ToContainTextAsync($"乐至县测试局{tag}");
        await BrowserFixture.ScreenshotAsync(sys, "60-admin-units-375");
        var unitId = await UnitIdAsync($"LZ-{tag}");

        await sys.GotoAsync("/admin/accounts/new");
        await sys.FillAsync("input[name=userName]", $"lz.{tag}");
        await sys.FillAsync("input[name=displayName]", $"测试局填报员{tag}");
        await sys.SelectOptionAsync("select[name=unitId]", unitId.ToString(CultureInfo.InvariantCulture));
        await sys.FillAsync("input[name=phone]", "abc");
        await sys.ClickAsync("#account-save");
        await Assertions.Expect(sys.Locator(".field-error[data-field=phone]")).ToContainTextAsync("手机号码");
        await sys.FillAsync("input[name=phone]", "13800000000");
        await sys.ClickAsync("#account-save");
        var password = (await sys.Locator("#initial-password").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Za-z2-9]{12}$", password);
        await BrowserFixture.ScreenshotAsync(sys, "61-admin-account-created-375");

        // 安全保密管理员: 单位填报员, own unit; a second administrator role is refused in words.
        var sec = await browser.NewPageAsync();
        await sec.GotoAsync("/account/login");
        await SignInAsync(sec, "secadmin");
        await sec.GotoAsync($"/admin/accounts?q=lz.{tag}");
        await sec.ClickAsync($"#account-list tr[data-account='lz.{tag}'] a");
        await sec.CheckAsync("#role-AuditAdmin");
        await sec.CheckAsync("#role-UnitReporter");
        await sec.ClickAsync("#access-save");
        await Assertions.Expect(sec.Locator(".field-error[data-field=roles]")).ToContainTextAsync("三员分立");
        await sec.UncheckAsync("#role-AuditAdmin");
        await sec.ClickAsync("#access-save");
        await Assertions.Expect(sec.Locator("#account-done")).ToBeVisibleAsync();
        await Assertions.Expect(sec.Locator("#account-capabilities")).ToContainTextAsync("单位填报员");
        await BrowserFixture.ScreenshotAsync(sec, "62-admin-access-1440");

        // The reporter: sent to change the password, then home.
        var reporter = await browser.NewPageAsync(375, 812);
        await reporter.GotoAsync("/account/login");
        await SignInAsync(reporter, $"lz.{tag}", password, expectHome: false);
        await Assertions.Expect(reporter).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password$"));
        await reporter.GotoAsync("/projects");
        await Assertions.Expect(reporter).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password$"));
        await reporter.FillAsync("#current", password);
        await reporter.FillAsync("#new", "Lezhi@2026x");
        await reporter.FillAsync("#confirm", "Lezhi@2026y");
        await reporter.ClickAsync("#password-submit");
        await Assertions.Expect(reporter.Locator(".field-error[data-field=confirmPassword]")).ToBeVisibleAsync();
        await reporter.FillAsync("#current", password);
        await reporter.FillAsync("#new", "Lezhi@2026x");
        await reporter.FillAsync("#confirm", "Lezhi@2026x");
        await reporter.ClickAsync("#password-submit");
        await Assertions.Expect(reporter.Locator("#logout")).ToBeVisibleAsync();
        await Assertions.Expect(reporter.Locator("#user-unit")).ToHaveTextAsync($"乐至县测试局{tag}");
        await Assertions.Expect(reporter.Locator("#nav-progress")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(reporter, "63-new-reporter-home-375");
    }

    private static async Task SignInAsync(IPage page, string userName, string password = DemoAccounts.Password, bool expectHome = true)
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        if (expectHome)
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
