using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Audit;

/// <summary>Every way in and out leaves a line in the sign-in log, with where it came from.</summary>
public sealed partial class SignInLogTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Failed_and_successful_api_logins_and_the_logout_are_logged_with_the_address(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var ghost = $"ghost-{Guid.NewGuid():N}"[..18];
        var ip = provider == DatabaseProvider.Sqlite ? "10.13.1.7" : "10.13.2.7";

        using var client = new HttpClient(app.Server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(ip))) { BaseAddress = app.Server.BaseAddress };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        client.DefaultRequestHeaders.Add(CrossSiteWrites.Header, CrossSiteWrites.Value);
        var failed = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(ghost, "wrong-one"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        // An account of the test's own: signing out ends every session of the account.
        var (_, userName, password) = await Access.SessionClient.NewReporterAsync(app, "sl");
        var signedIn = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, password), ct);
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        // The handler keeps no cookies: the sign-in cookie is handed on by hand.
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout, ct)).StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var ghostEvent = Assert.Single((await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={ghost}", ct))!.Items);
        Assert.Equal((SignInKind.Failed, "登录失败", ip, (int?)null, "audit-test/1.0"), (ghostEvent.Kind, ghostEvent.KindLabel, ghostEvent.ClientIp, ghostEvent.UserId, ghostEvent.UserAgent));
        var mine = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={userName}&pageSize=200", ct))!.Items
            .Where(e => e.ClientIp == ip).ToList();
        Assert.Contains(mine, e => e.Kind == SignInKind.SignedIn && e.UserId is not null);
        Assert.Contains(mine, e => e.Kind == SignInKind.SignedOut && e.UserId is not null);
        Assert.Equal(0, (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={ghost}&kind=SignedIn", ct))!.Total);

        var bytes = await auditor.GetByteArrayAsync($"/api/audit/sign-ins/xlsx?userName={ghost}", ct);
        var rows = ExcelFiles.Read(bytes);
        var row = Assert.Single(rows);
        Assert.Equal((ghost, "登录失败", ip), (row["账号"]?.ToString(), row["类型"]?.ToString(), row["IP 地址"]?.ToString()));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_login_page_and_the_logout_button_are_logged(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var agent = $"page-test-{Guid.NewGuid():N}";
        var (_, userName, password) = await Access.SessionClient.NewReporterAsync(app, "sp");
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(agent);

        var login = await client.GetStringAsync("/account/login", ct);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }), ct);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var home = await client.GetStringAsync("/", ct);
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(home).Groups[1].Value),
        }), ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var mine = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={userName}&pageSize=200", ct))!.Items
            .Where(e => e.UserAgent == agent).Select(e => e.Kind).Order().ToList();
        Assert.Equal([SignInKind.SignedIn, SignInKind.SignedOut], mine);
        var page = await auditor.GetStringAsync($"/audit/sign-ins?userName={userName}&kind=SignedOut", ct);
        Assert.Contains("退出登录", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">登录成功</span>", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Wrong_passwords_until_the_lock_are_logged_and_the_lock_is_logged_as_such(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var (userName, password) = await NewAccountAsync(app, "lk", ct);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        // Identity locks after 5 failures (AccessSetup): the fifth wrong password already answers 423.
        for (var i = 1; i <= 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, $"wrong-{i}"), ct);
            Assert.Equal((i, i < 5 ? HttpStatusCode.Unauthorized : HttpStatusCode.Locked), (i, wrong.StatusCode));
        }

        // Locked, even the right password is refused and logged as a locked-out attempt.
        Assert.Equal(HttpStatusCode.Locked, (await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, password), ct)).StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var events = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={userName}&pageSize=50", ct))!.Items;
        Assert.Equal([SignInKind.Failed, SignInKind.Failed, SignInKind.Failed, SignInKind.Failed, SignInKind.LockedOut, SignInKind.LockedOut],
            events.OrderBy(e => e.Id).Select(e => e.Kind));
        Assert.All(events, e => Assert.NotNull(e.UserId));
        var locked = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={userName}&kind=LockedOut", ct))!;
        Assert.Equal(2, locked.Total);
        Assert.All(locked.Items, e => Assert.Equal("账号锁定", e.KindLabel));

        // The account list's 已锁定 filter finds it (on SQLite it answered 500: no DateTimeOffset comparison in SQL).
        var sec = await app.LoginAsync("secadmin");
        var row = Assert.Single((await sec.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={userName}&status=locked", ct))!.Items);
        Assert.True(row.IsLockedOut);
        Assert.Empty((await sec.GetFromJsonAsync<Page<AccountRow>>($"/api/admin/accounts?q={userName}&status=disabled", ct))!.Items);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_password_change_is_logged(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var (userName, password) = await NewAccountAsync(app, "pw", ct);
        var user = await app.LoginAsync(userName, password);

        var wrong = await user.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput("not-the-password", "Anyue@2037pw", "Anyue@2037pw"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(password, "Anyue@2037pw", "Anyue@2037pw"), ct)).StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var events = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={userName}&pageSize=50", ct))!.Items;
        Assert.Equal([SignInKind.SignedIn, SignInKind.PasswordChanged], events.OrderBy(e => e.Id).Select(e => e.Kind));
        var changed = Assert.Single(events, e => e.Kind == SignInKind.PasswordChanged);
        Assert.Equal("修改密码", changed.KindLabel);
        Assert.NotNull(changed.UserId);

        // The new password is the one that signs in now.
        await app.LoginAsync(userName, "Anyue@2037pw");
    }

    /// <summary>A fresh account with its one-time password, opened as AccountAdminTests does: demo accounts are never locked.</summary>
    private static async Task<(string UserName, string Password)> NewAccountAsync(TestApp app, string prefix, CancellationToken ct)
    {
        var sys = await app.LoginAsync("sysadmin");
        var anyue = (await sys.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY-AY");
        var userName = $"{prefix}.{Guid.NewGuid():N}"[..12];
        var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput(userName, $"签到测试{prefix}", anyue.Id, null, null, null), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (userName, (await created.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!.InitialPassword);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
