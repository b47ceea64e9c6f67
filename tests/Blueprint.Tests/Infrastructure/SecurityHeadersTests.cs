using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// The headers of issue 17 item 3 on pages, API answers, errors and static files; HSTS and Secure
/// cookies only over HTTPS. (No <c>Server</c> header: DeployFilesTests, which runs real Kestrel.)
/// The browser sees the policy in force on every page: ContentSecurityPolicyTests.
/// </summary>
public sealed class SecurityHeadersTests(Apps apps)
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/auth/me")]
    [InlineData("/css/app.css")]
    [InlineData("/no-such-page")]
    [InlineData("/api/projects/?year=abc")]
    public async Task Every_answer_carries_the_policy_and_the_browser_hardening_headers(string url)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(SecurityHeaders.Policy, Single(response, "Content-Security-Policy"));
        Assert.Contains("script-src 'self';", SecurityHeaders.Policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.Policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"), StringComparison.Ordinal);
        // Plain HTTP (a developer's localhost): no HSTS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_api_reference_gets_its_own_policy_that_still_forbids_framing()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var response = await app.CreateClient().GetAsync("/docs/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.DocsPolicy, Single(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.DocsPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_https_the_answers_carry_hsts_and_every_cookie_is_secure()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://blueprint.test/"), AllowAutoRedirect = false, HandleCookies = false });

        var page = await client.GetAsync("/account/login", ct);
        Assert.StartsWith("max-age=31536000", Single(page, "Strict-Transport-Security"), StringComparison.Ordinal);
        var antiforgery = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(antiforgery);
        Assert.All(antiforgery, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var login = await client.PostAsJsonAsync("/api/auth/login", new LoginInput("leader", DemoAccounts.Password), ct);
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync(ct));
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var language = await client.GetAsync("/culture/en-US?returnUrl=/", ct);
        Assert.Contains("secure", Assert.Single(language.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);
}
