using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;

using static Blueprint.Tests.Access.SessionClient;

namespace Blueprint.Tests.Access;

/// <summary>
/// Sign-in abuse (decision 0032): failed attempts are limited per address and per name, an
/// unknown name answers as slowly as a known one, passwords follow the rule, and every sign-in,
/// failure, lock-out, sign-out and password change is in the sign-in log.
/// </summary>
public sealed partial class SignInTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Ten_failed_sign_ins_a_minute_from_one_address_then_429_in_Chinese(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var client = From(app, $"10.32.{(int)provider}.{Random.Shared.Next(1, 250)}");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new LoginInput($"spray-{tag}-{i}", "Wrong@2106x"), ct)).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login", new LoginInput($"spray-{tag}-10", "Wrong@2106x"), ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("登录尝试过于频繁，请1分钟后再试。", (await limited.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        // Even the right password of a real account waits: the password is not even checked.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/auth/login", new LoginInput("leader", DemoAccounts.Password), ct)).StatusCode);
        using var elsewhere = From(app, $"10.33.{(int)provider}.{Random.Shared.Next(1, 250)}");
        Assert.Equal(HttpStatusCode.NoContent, (await elsewhere.PostAsJsonAsync("/api/auth/login", new LoginInput("leader", DemoAccounts.Password), ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Ten_failed_sign_ins_a_minute_on_one_name_then_429_from_any_address_and_on_the_form(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var name = $"guess-{Guid.NewGuid():N}"[..16];
        for (var i = 0; i < 10; i++)
        {
            using var client = From(app, $"10.34.{(int)provider}.{i + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new LoginInput(name, $"Wrong@2106x{i}"), ct)).StatusCode);
        }

        using var another = From(app, $"10.34.{(int)provider}.200");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await another.PostAsJsonAsync("/api/auth/login", new LoginInput(name, "Wrong@2106y"), ct)).StatusCode);

        // The sign-in form says so on the page, with the status.
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await browser.GetStringAsync("/account/login", ct);
        using var post = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value),
            ["Input.UserName"] = name,
            ["Input.Password"] = "Wrong@2106z",
        });
        var answer = await browser.PostAsync("/account/login", post, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.Contains("登录尝试过于频繁，请1分钟后再试。", await answer.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_unknown_name_answers_about_as_slowly_as_a_known_one(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var sys = await app.LoginAsync("sysadmin");
        var anyue = await AnyueAsync(app);
        const int Rounds = 7;
        var known = new List<string>();
        for (var i = 0; i <= Rounds; i++)
        {
            var created = await sys.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"tm.{tag}.{i}", $"计时测试{tag}{i}", anyue, null, null, null), ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            known.Add($"tm.{tag}.{i}");
        }

        // One wrong password per known account (no lock-out); the test host has no client address, so only the per-name limit counts.
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        async Task<double> TimeAsync(string name)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(name, "Wrong@2106x"), ct);
            watch.Stop();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }

        await TimeAsync(known[Rounds]);
        await TimeAsync($"nobody-{tag}-warm");
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            knownTimes.Add(await TimeAsync(known[i]));
            unknownTimes.Add(await TimeAsync($"nobody-{tag}-{i}"));
        }

        var (knownMedian, unknownMedian) = (Median(knownTimes), Median(unknownTimes));
        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: known name median {knownMedian:F1} ms, unknown name median {unknownMedian:F1} ms");
        Assert.True(unknownMedian >= 0.3 * knownMedian, $"unknown {unknownMedian:F1} ms against known {knownMedian:F1} ms");
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_password_rule_refuses_short_simple_named_and_recent_passwords_in_Chinese(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var (_, userName, first) = await NewReporterAsync(app, "pw");
        var user = await app.LoginAsync(userName, first);
        var current = first;

        async Task<string[]> RefusedAsync(string next)
        {
            var response = await user.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(current, next, next), ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["newPassword"];
        }

        async Task ChangeAsync(string next)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(current, next, next), ct)).StatusCode);
            current = next;
        }

        Assert.Contains("密码至少10位。", await RefusedAsync("Ab#2106xy"));
        Assert.Contains("密码须包含大写字母、小写字母、数字、其他符号中的至少三类。", await RefusedAsync("abcdefgh2106"));
        Assert.Contains("密码须包含大写字母、小写字母、数字、其他符号中的至少三类。", await RefusedAsync("ABCDEFGHIJKL"));
        Assert.Contains("密码不能包含账号名。", await RefusedAsync($"X9#{userName.ToUpperInvariant()}"));

        // The last five: the first own password and four after it; the sixth back is allowed again.
        var passwords = Enumerable.Range(1, 5).Select(i => $"Mima#{i}2106abc").ToList();
        foreach (var next in passwords.Take(4))
        {
            await ChangeAsync(next);
        }

        Assert.Contains("不能使用最近5次用过的密码。", await RefusedAsync(first));
        Assert.Contains("不能使用最近5次用过的密码。", await RefusedAsync(passwords[0]));
        await ChangeAsync(passwords[4]);
        await ChangeAsync(first);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Every_sign_in_failure_lock_out_sign_out_and_password_change_is_in_the_sign_in_log(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var (_, userName, password) = await NewReporterAsync(app, "lg");
        var user = await app.LoginAsync(userName, password);
        var next = password + "y";
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync("/api/auth/password", new PasswordChangeInput(password, next, next), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsync("/api/auth/logout", null, ct)).StatusCode);
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, "Wrong@2106x"), ct);
        }

        Assert.Equal(HttpStatusCode.Locked, (await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, next), ct)).StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var kinds = (await auditor.GetFromJsonAsync<Page<SignInEventDto>>($"/api/audit/sign-ins?userName={userName}&pageSize=100", ct))!.Items
            .OrderBy(e => e.Id).Select(e => e.Kind).ToList();
        // NewReporterAsync: the initial sign-in and the first own password; then this test's.
        Assert.Equal(
            [SignInKind.SignedIn, SignInKind.PasswordChanged, SignInKind.SignedIn, SignInKind.PasswordChanged, SignInKind.SignedOut,
             SignInKind.Failed, SignInKind.Failed, SignInKind.Failed, SignInKind.Failed, SignInKind.LockedOut, SignInKind.LockedOut],
            kinds);
    }

    private static HttpClient From(TestApp app, string address) =>
        new(app.Server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse(address)))
        {
            BaseAddress = app.Server.BaseAddress,
            DefaultRequestHeaders = { { CrossSiteWrites.Header, CrossSiteWrites.Value } },
        };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
