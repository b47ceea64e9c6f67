using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
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

    [Fact]
    public async Task The_system_administrator_imports_units_and_a_batch_of_accounts_and_takes_the_passwords_once()
    {
        BrowserFixture.RequireChromium();
        var tag = "BI" + Guid.NewGuid().ToString("N")[..5];
        var sys = await browser.NewPageAsync();
        await sys.GotoAsync("/account/login");
        await SignInAsync(sys, "sysadmin");

        // Units: first a sheet with a loop and an unknown parent, refused row by row; then the good one, a zone and its office in reverse order.
        await sys.GotoAsync("/admin/units");
        await sys.ClickAsync("#unit-import");
        await Assertions.Expect(sys.Locator("#unit-template")).ToBeVisibleAsync();
        await UploadAsync(sys, "#unit-import-form", Workbook(UnitSheet.SheetName,
        [
            UnitRow($"{tag}-1", $"乐至测试科{tag}", $"{tag}-1"),
            UnitRow($"{tag}-2", $"无上级{tag}", $"{tag}-NO"),
        ]));
        await Assertions.Expect(sys.Locator("#import-errors tr[data-row='2']")).ToContainTextAsync("循环");
        await Assertions.Expect(sys.Locator("#import-errors tr[data-row='3']")).ToContainTextAsync("既不在系统中");
        await BrowserFixture.ScreenshotAsync(sys, "64-unit-import-errors");
        await UploadAsync(sys, "#unit-import-form", Workbook(UnitSheet.SheetName,
        [
            UnitRow($"{tag}-1", $"乐至测试科{tag}", tag),
            UnitRow(tag, $"乐至测试园区{tag}", DemoUnits.Lezhi, "园区"),
        ]));
        await Assertions.Expect(sys.Locator("#import-done")).ToContainTextAsync("新增 2 个单位");
        await sys.GotoAsync($"/admin/units?q={tag}");
        await Assertions.Expect(sys.Locator($"#unit-admin-tree li[data-unit-code='{DemoUnits.Lezhi}'] li[data-unit-code='{tag}'] li[data-unit-code='{tag}-1']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(sys, "65-unit-import-tree");

        // Accounts: three reporters of the new units, on a phone; the passwords come once, as a workbook.
        var phone = await browser.NewPageAsync(375, 812);
        await phone.GotoAsync("/account/login");
        await SignInAsync(phone, "sysadmin");
        await phone.GotoAsync("/admin/accounts");
        await phone.ClickAsync("#account-import");
        var names = new[] { $"{tag}.a", $"{tag}.b", $"{tag}.c" };
        await UploadAsync(phone, "#account-import-form", Workbook(AccountSheet.SheetName, names.Select((n, i) => new Dictionary<string, object?>
        {
            [AccountSheet.UserName] = n,
            [AccountSheet.DisplayName] = $"园区填报员{i + 1}",
            [AccountSheet.UnitCode] = i == 0 ? tag : $"{tag}-1",
            [AccountSheet.UnitName] = null,
            [AccountSheet.Phone] = "13800000000",
            [AccountSheet.Email] = null,
        })));
        await Assertions.Expect(phone.Locator("#account-import-done")).ToContainTextAsync("已开设 3 个账号");
        await Assertions.Expect(phone.Locator("#account-import-list tr[data-account]")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(phone, "66-account-import-done-375");
        var download = await phone.RunAndWaitForDownloadAsync(() => phone.ClickAsync("#account-passwords"));
        var path = Path.Combine(Path.GetTempPath(), $"passwords-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        List<IDictionary<string, object?>> list;
        using (var stream = File.OpenRead(path))
        {
            // Row 1 is the list's title (初始密码清单), the header is row 2.
            list = [.. stream.Query(useHeaderRow: true, sheetName: AccountSheet.PasswordSheet, startCell: "A2").Cast<IDictionary<string, object?>>()];
        }

        File.Delete(path);
        Assert.Equal(names, list.Select(r => (string?)r[AccountSheet.UserName]));
        Assert.Equal($"乐至测试园区{tag}", list[0][AccountSheet.UnitName]);

        // Never again: the page opened afresh offers the form, and no password.
        await phone.GotoAsync("/admin/accounts/import");
        await Assertions.Expect(phone.Locator("#account-import-form")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("#account-passwords")).ToHaveCountAsync(0);

        // The first reporter signs in with the list's password and must change it first.
        var reporter = await browser.NewPageAsync(375, 812);
        await reporter.GotoAsync("/account/login");
        await SignInAsync(reporter, names[0], (string)list[0][AccountSheet.InitialPassword]!, expectHome: false);
        await Assertions.Expect(reporter).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password$"));
        await BrowserFixture.ScreenshotAsync(reporter, "67-batch-reporter-password-375");
    }

    private static async Task UploadAsync(IPage page, string form, byte[] workbook)
    {
        await page.SetInputFilesAsync($"{form} input[type=file]", new FilePayload { Name = "导入.xlsx", MimeType = Xlsx.ContentType, Buffer = workbook });
        await page.ClickAsync($"{form} button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    private static byte[] Workbook(string sheet, IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: sheet);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> UnitRow(string code, string name, string parent, string? kind = null) => new()
    {
        [UnitSheet.Code] = code,
        [UnitSheet.Name] = name,
        [UnitSheet.Kind] = kind,
        [UnitSheet.Parent] = parent,
    };

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
