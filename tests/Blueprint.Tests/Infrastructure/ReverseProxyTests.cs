using System.Net;
using System.Net.Http.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Behind nginx (docs/deploy.md) the sign-in log keeps the client's address, and the cookies are
/// Secure when the proxy ended HTTPS — only for a proxy the settings name (or one on this host);
/// anybody else's X-Forwarded-For is not believed. SQLite only: what is tested is the request
/// pipeline, the database only stores the address.
/// </summary>
public sealed class ReverseProxyTests(Apps apps)
{
    private const string Proxy = "10.13.9.1";

    [Fact]
    public async Task A_known_proxy_speaks_for_the_client_and_anyone_else_is_not_believed()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        await using var behind = app.WithWebHostBuilder(b => b.UseSetting($"{ReverseProxyOptions.Section}:KnownProxies:0", Proxy));

        var (viaProxy, viaStranger, viaLoopback) = ($"px-{Guid.NewGuid():N}"[..16], $"px-{Guid.NewGuid():N}"[..16], $"px-{Guid.NewGuid():N}"[..16]);
        await FailedLoginAsync(behind, Proxy, viaProxy, "203.0.113.7");
        await FailedLoginAsync(behind, "10.13.9.2", viaStranger, "203.0.113.8");
        await FailedLoginAsync(app, "127.0.0.1", viaLoopback, "203.0.113.9"); // no setting: a proxy on this host only

        var auditor = await app.LoginAsync("auditadmin");
        async Task<string?> AddressOf(string user) =>
            Assert.Single((await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={user}", ct))!.Items).ClientIp;
        Assert.Equal("203.0.113.7", await AddressOf(viaProxy));
        Assert.Equal("10.13.9.2", await AddressOf(viaStranger));
        Assert.Equal("203.0.113.9", await AddressOf(viaLoopback));

        // HTTPS ended at the proxy: the sign-in cookie is Secure; on plain HTTP it cannot be.
        Assert.Contains("secure", await SignInCookieAsync(behind, Proxy, "https"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", await SignInCookieAsync(behind, Proxy, "http"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_mistyped_proxy_address_stops_the_start_naming_the_setting()
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{ReverseProxyOptions.Section}:KnownProxies:0"] = "10.0.0.300" }).Build();
        var services = new ServiceCollection();
        var error = Assert.Throws<InvalidOperationException>(void () => services.AddReverseProxySupport(settings));
        Assert.Contains("Blueprint:Proxy:KnownProxies", error.Message, StringComparison.Ordinal);
        Assert.Contains("10.0.0.300", error.Message, StringComparison.Ordinal);
    }

    private static HttpClient From(WebApplicationFactory<Program> app, string remote) =>
        new(app.Server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(remote)))
        {
            BaseAddress = app.Server.BaseAddress,
            DefaultRequestHeaders = { { CrossSiteWrites.Header, CrossSiteWrites.Value } },
        };

    private static async Task FailedLoginAsync(WebApplicationFactory<Program> app, string remote, string user, string client)
    {
        using var http = From(app, remote);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new LoginInput(user, "wrong-one")) };
        request.Headers.Add("X-Forwarded-For", client);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }

    private static async Task<string> SignInCookieAsync(WebApplicationFactory<Program> app, string remote, string scheme)
    {
        using var http = From(app, remote);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new LoginInput("leader", DemoAccounts.Password)) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.10");
        request.Headers.Add("X-Forwarded-Proto", scheme);
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("blueprint.auth=", StringComparison.Ordinal));
    }
}
