using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Access;

/// <summary>
/// Sign-in cookies kept by hand, as a thief keeps one: each sign-in gives its own cookie string,
/// and any request can be replayed with it on any node.
/// </summary>
internal static class SessionClient
{
    public static async Task<string> SignInAsync(WebApplicationFactory<Program> app, string userName, string password, string? agent = null)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (agent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(agent);
        }

        var response = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, password), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return CookieOf(response);
    }

    /// <summary>The sign-in cookie a response sets (chunks included).</summary>
    public static string CookieOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("blueprint.auth", StringComparison.Ordinal)));

    /// <summary>One request with the cookie; <paramref name="header"/> false sends it as a cross-site page would, without the X-Requested-With header.</summary>
    public static async Task<HttpResponseMessage> SendAsync(WebApplicationFactory<Program> app, HttpMethod method, string path, string cookie, HttpContent? content = null, bool header = true)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (!header)
        {
            client.DefaultRequestHeaders.Remove(CrossSiteWrites.Header);
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> MeAsync(WebApplicationFactory<Program> app, string cookie) => SendAsync(app, HttpMethod.Get, "/api/auth/me", cookie);

    /// <summary>A reporter of 安岳县 of the test's own, past the first-sign-in password change; returns its id, name and password.</summary>
    public static async Task<(int Id, string UserName, string Password)> NewReporterAsync(TestApp app, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var userName = $"{prefix}.{tag}";
        var sys = await app.LoginAsync("sysadmin");
        var sec = await app.LoginAsync("secadmin");
        var anyue = await AnyueAsync(app);
        var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput(userName, $"会话测试{tag}", anyue, null, null, null), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = (await created.Content.ReadFromJsonAsync<AccountPasswordDto>(ct))!;
        var access = await sec.PutAsJsonAsync($"/api/admin/accounts/{dto.Account.Id}/access", new AccessInput([Roles.UnitReporter], DataScope.UnitAndBelow, dto.Account.Version), ct);
        Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        var password = $"Huihua#{tag}9";
        var user = await app.LoginAsync(userName, dto.InitialPassword);
        var changed = await user.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(dto.InitialPassword, password, password), ct);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        return (dto.Account.Id, userName, password);
    }

    public static async Task<int> AnyueAsync(TestApp app)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<List<UserSession>> SessionsOfAsync(TestApp app, int userId)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await db.Set<UserSession>().AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.Id).ToListAsync(TestContext.Current.CancellationToken);
    }
}
