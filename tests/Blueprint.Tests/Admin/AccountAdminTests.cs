using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniExcelLibs;

namespace Blueprint.Tests.Admin;

/// <summary>
/// 用户管理 and 角色与权限 as a city onboards a reporter: the system administrator opens the
/// account (one-time password), the security administrator empowers it, the reporter must change
/// the password before anything else; and the separation of the three administrators holds.
/// </summary>
public sealed class AccountAdminTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_account_is_opened_empowered_and_must_change_its_initial_password(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var sys = await app.LoginAsync("sysadmin");
        var sec = await app.LoginAsync("secadmin");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var lezhi = (await sys.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY-LZ");

        var invalid = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput("x", "", 0, "abc", "not-mail", null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors;
        Assert.Equal(["displayName", "email", "phone", "unitId", "userName"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("用户名", errors["userName"].Single(), StringComparison.Ordinal);

        var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"lz.{tag}", $"乐至县填报员{tag}", lezhi.Id, "13800000000", $"lz{tag}@example.gov.cn", null), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = (await created.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!;
        Assert.Matches("^[A-Za-z2-9]{12}$", account.InitialPassword);
        Assert.Equal((string[])[], account.Account.Roles);
        Assert.True(account.Account.MustChangePassword);
        Assert.DoesNotContain("PasswordHash", await (await sys.GetAsync($"/api/admin/accounts/{account.Account.Id}", ct)).Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var taken = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"LZ.{tag}", "重名", lezhi.Id, null, null, null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);

        // The system administrator does not empower; the security administrator does, within the separation rule.
        var access = new AccessInput([Roles.UnitReporter], DataScope.UnitAndBelow, account.Account.Version);
        Assert.Equal(HttpStatusCode.Forbidden, (await sys.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access, ct)).StatusCode);
        var mixed = await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access with { Roles = [Roles.AuditAdmin, Roles.UnitReporter] }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Contains("三员分立", (await mixed.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["roles"].Single(), StringComparison.Ordinal);
        var two = await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access with { Roles = [Roles.SystemAdmin, Roles.SecurityAdmin] }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, two.StatusCode);
        var given = await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access, ct);
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        var empowered = (await given.Content.ReadFromJsonAsync<AccountRow>(ct))!;
        Assert.Equal([Roles.UnitReporter], empowered.Roles);
        Assert.Equal(DataScope.UnitAndBelow, empowered.Scope);
        Assert.Equal(HttpStatusCode.Conflict, (await sec.PutAsJsonAsync($"/api/admin/accounts/{account.Account.Id}/access", access, ct)).StatusCode);

        // First sign-in: nothing but the password change until it is done.
        var reporter = await app.LoginAsync($"lz.{tag}", account.InitialPassword);
        var gated = await reporter.GetAsync("/api/projects", ct);
        Assert.Equal(HttpStatusCode.Forbidden, gated.StatusCode);
        Assert.Contains("初始密码", (await gated.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        var weak = await reporter.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(account.InitialPassword, "abc", "abc"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("8", (await weak.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["newPassword"].First(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await reporter.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(account.InitialPassword, "Lezhi@2026x", "Lezhi@2026x"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/projects", ct)).StatusCode);

        // Disabled: it cannot sign in again. Enabled and reset: the old password is gone, the new one gated again.
        var row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{account.Account.Id}", ct))!;
        Assert.Equal(HttpStatusCode.OK, (await sys.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/disable", new AccountVersionInput(row.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, $"lz.{tag}", "Lezhi@2026x")).StatusCode);
        row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{row.Id}", ct))!;
        Assert.True(row.IsDisabled);
        Assert.Equal(HttpStatusCode.OK, (await sys.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/enable", new AccountVersionInput(row.Version), ct)).StatusCode);
        row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{row.Id}", ct))!;
        var reset = await sec.PostAsJsonAsync($"/api/admin/accounts/{row.Id}/reset-password", new AccountVersionInput(row.Version), ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var fresh = (await reset.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, $"lz.{tag}", "Lezhi@2026x")).StatusCode);
        var again = await app.LoginAsync($"lz.{tag}", fresh.InitialPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/projects", ct)).StatusCode);

        // The list filters and its export.
        var page = await sec.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={tag}&role={Roles.UnitReporter}&unitId={lezhi.Id}", ct);
        Assert.Equal($"lz.{tag}", Assert.Single(page!.Items).UserName);
        Assert.Empty((await sec.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={tag}&status=disabled", ct))!.Items);
        var bytes = await sys.GetByteArrayAsync($"/api/admin/accounts/xlsx?q={tag}", ct);
        var exported = Assert.Single((await new MemoryStream(bytes).QueryAsync(useHeaderRow: true, cancellationToken: ct)).Cast<IDictionary<string, object?>>());
        Assert.Equal(("单位填报员", "本单位及下级", "待修改初始密码"), ((string?)exported["角色"], (string?)exported["数据范围"], (string?)exported["状态"]));
    }

    [Fact]
    public async Task Nobody_changes_their_own_access_and_the_last_administrator_stays()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var sec = await app.LoginAsync("secadmin");
        var sys = await app.LoginAsync("sysadmin");
        var me = (await sec.GetFromJsonAsync<Page<AccountRow>>("/api/admin/accounts?q=secadmin", ct))!.Items.Single(a => a.UserName == "secadmin");
        Assert.Equal(HttpStatusCode.Forbidden, (await sec.PutAsJsonAsync($"/api/admin/accounts/{me.Id}/access", new AccessInput([Roles.SecurityAdmin], DataScope.All, me.Version), ct)).StatusCode);
        var audit = (await sys.GetFromJsonAsync<Page<AccountRow>>("/api/admin/accounts?q=auditadmin", ct))!.Items.Single(a => a.UserName == "auditadmin");
        var disable = await sys.PostAsJsonAsync($"/api/admin/accounts/{audit.Id}/disable", new AccountVersionInput(audit.Version), ct);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Contains("最后一个", (await disable.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sysadmin")]
    [InlineData("secadmin")]
    [InlineData("auditadmin")]
    public async Task The_three_administrators_write_no_business_data(string userName)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync(userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/reader/documents", new ReaderDocumentInput("管理员上传", 2023, "资阳市重点项目120个。"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/problems", new { title = "越权", unitId = 1 }, ct)).StatusCode);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.xlsx" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/api/imports/projects", upload, ct)).StatusCode);
    }

    [Theory]
    [InlineData("anyue.reporter", new[] { "nav-projects", "nav-proposals", "nav-progress" }, new[] { "nav-reader", "nav-admin", "nav-audit" })]
    [InlineData("project.office", new[] { "nav-projects", "nav-proposals", "nav-reader" }, new[] { "nav-admin", "nav-audit" })]
    [InlineData("sysadmin", new[] { "nav-admin", "nav-units" }, new[] { "nav-projects", "nav-proposals", "nav-reader", "nav-audit", "nav-cockpit" })]
    [InlineData("auditadmin", new[] { "nav-audit" }, new[] { "nav-projects", "nav-admin" })]
    public async Task The_menu_shows_each_role_only_what_it_may_use(string userName, string[] shown, string[] hidden)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var client = await app.LoginAsync(userName);
        var html = await client.GetStringAsync("/inbox", TestContext.Current.CancellationToken);
        Assert.All(shown, id => Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal));
        Assert.All(hidden, id => Assert.DoesNotContain($"id=\"{id}\"", html, StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> SignInAsync(TestApp app, string userName, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, password), TestContext.Current.CancellationToken);
    }
}
