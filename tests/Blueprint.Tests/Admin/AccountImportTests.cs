using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Tests.Admin;

/// <summary>
/// 批量开户 as a city onboards its units' reporters: sixty accounts from one sheet, the one list
/// of their initial passwords in the answer, each password good for one sign-in that leads
/// only to the password change; a bad sheet opens nothing and names each bad row. Accounts are
/// tagged <c>ai{tag}.nn</c> in the shared apps.
/// </summary>
public sealed class AccountImportTests(Apps apps)
{
    private const string Url = "/api/admin/accounts/import";

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Sixty_accounts_open_at_once_and_each_initial_password_signs_in_once_to_be_changed(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync("sysadmin");
        var tag = "ai" + Guid.NewGuid().ToString("N")[..6];
        var units = (await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Where(u => !u.IsDisabled && u.Code.StartsWith("ZY", StringComparison.Ordinal)).OrderBy(u => u.Id).ToList();
        var rows = Enumerable.Range(1, 60).Select(i =>
        {
            var unit = units[i % units.Count];
            // The phone as a number cell, as Excel stores typed digits.
            return Row($"{tag}.{i:D2}", $"{unit.Name}填报员{i}", unit.Code, unit.Name, 13_800_000_000d + i, $"{tag}.{i:D2}@example.gov.cn");
        }).ToList();

        var clock = Stopwatch.StartNew();
        var response = await ExcelFiles.UploadAsync(admin, Url, ExcelFiles.Workbook(AccountSheet.SheetName, rows));
        clock.Stop();
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"60 accounts imported on {provider} in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Contains(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);

        // The one list: every account, its unit, a distinct password of the policy's shape.
        var list = ExcelFiles.Read(await response.Content.ReadAsByteArrayAsync(ct), AccountSheet.PasswordSheet);
        Assert.Equal(rows.Select(r => r[AccountSheet.UserName]), list.Select(r => r[AccountSheet.UserName]));
        Assert.Equal(rows.Select(r => r[AccountSheet.UnitName]), list.Select(r => r[AccountSheet.UnitName]));
        var passwords = list.ToDictionary(r => (string)r[AccountSheet.UserName]!, r => (string)r[AccountSheet.InitialPassword]!);
        Assert.All(passwords.Values, p => Assert.Matches("^[A-Za-z2-9]{12}$", p));
        Assert.Equal(60, passwords.Values.Distinct().Count());

        // Opened as one account is: no role, own unit, the change of password first.
        var page = (await admin.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={tag}&pageSize=100", ct))!;
        Assert.Equal(60, page.Total);
        Assert.All(page.Items, a => Assert.True(a.MustChangePassword && a.Roles.Length == 0 && a.Scope == DataScope.OwnUnit && !a.IsDisabled));
        var first = page.Items.Single(a => a.UserName == $"{tag}.01");
        Assert.Equal(("13800000001", $"{tag}.01@example.gov.cn", units[1].Id), (first.Phone, first.Email, first.UnitId));

        // Each password signs in, and leads nowhere but to the change.
        foreach (var (userName, password) in passwords)
        {
            var user = await app.LoginAsync(userName, password);
            var gated = await user.GetAsync("/api/notifications/unread-count", ct);
            Assert.Equal(HttpStatusCode.Forbidden, gated.StatusCode);
            Assert.Contains("初始密码", (await gated.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        }

        var reporter = await app.LoginAsync($"{tag}.07", passwords[$"{tag}.07"]);
        Assert.Equal(HttpStatusCode.NoContent, (await reporter.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(passwords[$"{tag}.07"], "Batch@2026x", "Batch@2026x"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/notifications/unread-count", ct)).StatusCode);

        // Audited as the system administrator's inserts, with no password in them.
        var auditor = await app.LoginAsync("auditadmin");
        var insert = Assert.Single((await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=User&entityKey={first.Id}&action=Insert", ct))!.Items);
        Assert.Equal("sysadmin", insert.UserName);
        Assert.Equal("***", Assert.Single(insert.Changes, c => c.Field == "PasswordHash").After);
        Assert.DoesNotContain(insert.Changes, c => passwords.Values.Any(p => (c.After ?? "").Contains(p, StringComparison.Ordinal)));

        // The same sheet again: every user name is taken now, so no password is ever issued twice.
        var again = await ExcelFiles.UploadAsync(admin, Url, ExcelFiles.Workbook(AccountSheet.SheetName, rows));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(60, (await ExcelFiles.RowErrorsAsync(again)).Count(e => e.Message.Contains("已被使用", StringComparison.Ordinal)));

        // The list with its filters exports, as the administrators see it.
        var export = ExcelFiles.Read(await admin.GetByteArrayAsync($"/api/admin/accounts/xlsx?q={tag}&status=enabled", ct));
        Assert.Equal(60, export.Count);
        Assert.Equal(59, export.Count(r => (string?)r["状态"] == "待修改初始密码"));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_bad_sheet_opens_no_account_and_names_each_bad_row(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync("sysadmin");
        var tag = "ai" + Guid.NewGuid().ToString("N")[..6];
        var units = (await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!;
        var anyue = units.Single(u => u.Code == "ZY-AY");
        var closed = await admin.PostAsJsonAsync("/api/admin/units", new UnitInput($"停用测试局{tag}", null, $"C{tag}", UnitKind.Department, anyue.Id, 0, null, 0), ct);
        var closedUnit = (await closed.Content.ReadFromJsonAsync<UnitAdminDto>(ct))!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/units/{closedUnit.Id}/disable", new UnitVersionInput(closedUnit.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"{tag}.taken", "已有账号", anyue.Id, null, null, null), ct)).StatusCode);

        var sheet = ExcelFiles.Workbook(AccountSheet.SheetName,
        [
            Row($"{tag}.good", "好的一行", "ZY-AY"),                          // 2: good, yet not opened
            Row($"{tag.ToUpperInvariant()}.TAKEN", "重名", "ZY-AY"),         // 3: taken in the database (case apart)
            Row($"{tag}.dup", "同表重名一", "ZY-AY"),                         // 4
            Row($"{tag.ToUpperInvariant()}.Dup", "同表重名二", "ZY-AY"),     // 5: repeats row 4
            Row("x", "用户名太短", "ZY-AY"),                                   // 6
            Row($"{tag}.noname", null, "ZY-AY"),                              // 7
            Row($"{tag}.nounit", "单位不存在", $"NO-{tag}"),                  // 8
            Row($"{tag}.closed", "单位已停用", $"C{tag}"),                    // 9
            Row($"{tag}.phone", "手机号错误", "ZY-AY", phone: "abc"),         // 10
            Row($"{tag}.mail", "邮箱错误", "ZY-AY", email: "not-mail"),       // 11
        ]);
        var refused = await ExcelFiles.UploadAsync(admin, Url, sheet);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("8 行", (await refused.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        var errors = await ExcelFiles.RowErrorsAsync(await ExcelFiles.UploadAsync(admin, Url, sheet));
        string Message(int row, string column) => Assert.Single(errors, e => e.Row == row && e.Column == column).Message;
        Assert.Contains("已被使用", Message(3, AccountSheet.UserName), StringComparison.Ordinal);
        Assert.Contains("第 4 行", Message(5, AccountSheet.UserName), StringComparison.Ordinal);
        Assert.Contains("2～64位", Message(6, AccountSheet.UserName), StringComparison.Ordinal);
        Assert.Contains("必填", Message(7, AccountSheet.DisplayName), StringComparison.Ordinal);
        Assert.Contains("不存在", Message(8, AccountSheet.UnitCode), StringComparison.Ordinal);
        Assert.Contains("已停用", Message(9, AccountSheet.UnitCode), StringComparison.Ordinal);
        Assert.Contains("手机号码", Message(10, AccountSheet.Phone), StringComparison.Ordinal);
        Assert.Contains("电子邮箱", Message(11, AccountSheet.Email), StringComparison.Ordinal);
        Assert.Equal([3, 5, 6, 7, 8, 9, 10, 11], errors.Select(e => e.Row).Order());

        // Nothing opened: only the account made beforehand carries the tag.
        var page = (await admin.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={tag}", ct))!;
        Assert.Equal([$"{tag}.taken"], page.Items.Select(a => a.UserName));
    }

    [Theory]
    [InlineData("secadmin")]
    [InlineData("auditadmin")]
    [InlineData("project.office")]
    public async Task Only_the_system_administrator_opens_accounts_in_a_batch(string userName)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var client = await app.LoginAsync(userName);
        var sheet = ExcelFiles.Workbook(AccountSheet.SheetName, [Row("ai-forbidden", "越权开户", "ZY-AY")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await ExcelFiles.UploadAsync(client, Url, sheet)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/accounts/template", ct)).StatusCode);

        var admin = await app.LoginAsync("sysadmin");
        var template = await admin.GetByteArrayAsync("/api/admin/accounts/template", ct);
        Assert.Equal([AccountSheet.SheetName, "说明", "可选值"], ExcelFiles.SheetNames(template));
        Assert.Equal(AccountSheet.Columns.Select(c => c.Header), ExcelFiles.Headers(template, AccountSheet.SheetName));
        Assert.DoesNotContain(AccountSheet.Columns, c => c.Header.Contains("角色", StringComparison.Ordinal)); // roles are the security administrator's
        Assert.Contains(ExcelFiles.Read(template, "可选值"), r => (string?)r[AccountSheet.UnitCode] == "ZY-AY");
    }

    private static Dictionary<string, object?> Row(string userName, string? displayName, string unitCode, string? unitName = null, object? phone = null, string? email = null) =>
        new()
        {
            [AccountSheet.UserName] = userName,
            [AccountSheet.DisplayName] = displayName,
            [AccountSheet.UnitCode] = unitCode,
            [AccountSheet.UnitName] = unitName,
            [AccountSheet.Phone] = phone,
            [AccountSheet.Email] = email,
        };
}
