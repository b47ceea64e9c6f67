using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Infrastructure;
using MiniExcelLibs;

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
        var failed = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(ghost, "wrong-one"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        var signedIn = await client.PostAsJsonAsync("/api/auth/login", new LoginInput("anyue.reporter", DemoAccounts.Password), ct);
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        // The handler keeps no cookies: the sign-in cookie is handed on by hand.
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout, ct)).StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var ghostEvent = Assert.Single((await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={ghost}", ct))!.Items);
        Assert.Equal((SignInKind.Failed, "登录失败", ip, (int?)null, "audit-test/1.0"), (ghostEvent.Kind, ghostEvent.KindLabel, ghostEvent.ClientIp, ghostEvent.UserId, ghostEvent.UserAgent));
        var mine = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>("/api/audit/sign-ins?userName=anyue.reporter&pageSize=200", ct))!.Items
            .Where(e => e.ClientIp == ip).ToList();
        Assert.Contains(mine, e => e.Kind == SignInKind.SignedIn && e.UserId is not null);
        Assert.Contains(mine, e => e.Kind == SignInKind.SignedOut && e.UserId is not null);
        Assert.Equal(0, (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={ghost}&kind=SignedIn", ct))!.Total);

        var bytes = await auditor.GetByteArrayAsync($"/api/audit/sign-ins/xlsx?userName={ghost}", ct);
        var rows = (await new MemoryStream(bytes).QueryAsync(useHeaderRow: true, cancellationToken: ct)).Cast<IDictionary<string, object?>>().ToList();
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
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(agent);

        var login = await client.GetStringAsync("/account/login", ct);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value),
            ["Input.UserName"] = "lezhi.reporter",
            ["Input.Password"] = DemoAccounts.Password,
        }), ct);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var home = await client.GetStringAsync("/", ct);
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(home).Groups[1].Value),
        }), ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var mine = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>("/api/audit/sign-ins?userName=lezhi.reporter&pageSize=200", ct))!.Items
            .Where(e => e.UserAgent == agent).Select(e => e.Kind).Order().ToList();
        Assert.Equal([SignInKind.SignedIn, SignInKind.SignedOut], mine);
        var page = await auditor.GetStringAsync("/audit/sign-ins?userName=lezhi.reporter&kind=SignedOut", ct);
        Assert.Contains("退出登录", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">登录成功</span>", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
