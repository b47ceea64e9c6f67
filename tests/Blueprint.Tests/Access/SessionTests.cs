using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Blueprint.Tests.Access.SessionClient;

namespace Blueprint.Tests.Access;

/// <summary>
/// Sessions end on the server (decision 0032): a cookie kept from before a sign-out (of any of the account's sessions), a password
/// change, a change of access or disabling reads and writes nothing, on any node; sessions time
/// out idle and absolutely; the security administrator ends one.
/// </summary>
public sealed partial class SessionTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_cookie_kept_from_before_the_sign_out_reads_and_writes_nothing_on_either_node(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        // An account of the test's own: a sign-out ends every session of the account, and the
        // demo accounts are signed in by other classes at the same time.
        var (_, userName, password) = await NewReporterAsync(app, "so");
        var kept = await SignInAsync(app, userName, password);
        var other = await SignInAsync(app, userName, password);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(app, kept)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(app, HttpMethod.Post, "/api/auth/logout", kept)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, kept)).StatusCode);
        var title = $"会话测试-{provider}-{Guid.NewGuid():N}"[..30];
        var write = await SendAsync(app, HttpMethod.Post, "/api/problems", kept,
            JsonContent.Create(new ProblemInput(title, null, ProblemKind.Funds, await AnyueAsync(app), null, null, null, 0)));
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        var page = await SendAsync(app, HttpMethod.Get, "/projects", kept);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The second node shares only the database: the end holds there at once.
        await using var second = app.AnotherNode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(second, kept)).StatusCode);

        // Signing out ends every session of the account, another device's too (issue 17, item 1).
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(second, other)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, other)).StatusCode);
        var again = await SignInAsync(app, userName, password);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(second, again)).StatusCode);
        using var scope = app.SystemScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Problem>().CountAsync(p => p.Title == title, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_password_change_a_change_of_access_and_disabling_end_every_session_of_the_account(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var (id, userName, password) = await NewReporterAsync(app, "ss");

        // The user's own password change: both sessions end; the one that changed it goes on with a new cookie.
        var first = await SignInAsync(app, userName, password);
        var second = await SignInAsync(app, userName, password);
        var newPassword = password + "x";
        var changed = await SendAsync(app, HttpMethod.Post, "/api/auth/password", first, JsonContent.Create(new PasswordChangeInput(password, newPassword, newPassword)));
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var renewed = CookieOf(changed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, first)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, second)).StatusCode);
        var page = await SendAsync(app, HttpMethod.Get, "/projects", second);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(app, renewed)).StatusCode);

        // The security administrator changes the data scope.
        var third = await SignInAsync(app, userName, newPassword);
        var sec = await app.LoginAsync("secadmin");
        var row = (await sec.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{id}", ct))!;
        Assert.Equal(HttpStatusCode.OK, (await sec.PutAsJsonAsync($"/api/admin/accounts/{id}/access", new AccessInput([Roles.UnitReporter], DataScope.OwnUnit, row.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, renewed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, third)).StatusCode);

        // The system administrator disables the account.
        var fourth = await SignInAsync(app, userName, newPassword);
        var sys = await app.LoginAsync("sysadmin");
        row = (await sys.GetFromJsonAsync<AccountRow>($"/api/admin/accounts/{id}", ct))!;
        Assert.Equal(HttpStatusCode.OK, (await sys.PostAsJsonAsync($"/api/admin/accounts/{id}/disable", new AccountVersionInput(row.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, fourth)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(app, HttpMethod.Get, "/", fourth)).StatusCode);

        var sessions = await SessionsOfAsync(app, id);
        Assert.All(sessions, s => Assert.NotNull(s.EndedAtUtc));
        Assert.Equal(
            [SessionEnd.PasswordChanged, SessionEnd.PasswordChanged, SessionEnd.PasswordChanged, SessionEnd.AccessChanged, SessionEnd.AccessChanged, SessionEnd.AccountDisabled],
            sessions.Skip(1).Select(s => s.EndReason!.Value).ToArray());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_session_ends_after_30_idle_minutes_and_8_hours_after_its_sign_in_however_busy(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, new DateOnly(2106, 3, 2));
        var clock = app.Clock!;

        var idle = await app.LoginAsync("anyue.reporter");
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);

        var busy = await app.LoginAsync("anyue.reporter");
        for (var i = 0; i < 19; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(10)); // 8 h 05 min after the sign-in, 10 min after the last request
        Assert.Equal(HttpStatusCode.Unauthorized, (await busy.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);

        using var scope = app.SystemScope();
        var userId = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Users.Where(u => u.UserName == "anyue.reporter").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        var ended = (await SessionsOfAsync(app, userId)).Select(s => s.EndReason).ToList();
        Assert.Equal(new SessionEnd?[] { SessionEnd.IdleTimeout, SessionEnd.AbsoluteTimeout }, ended);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_security_administrator_sees_the_sessions_of_an_account_and_ends_one_recorded_in_the_audit(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var (id, userName, password) = await NewReporterAsync(app, "se");
        var phone = await SignInAsync(app, userName, password, "session-test-phone/1.0");
        var desk = await SignInAsync(app, userName, password, "session-test-desk/1.0");

        var sec = await app.LoginAsync("secadmin");
        var sessions = (await sec.GetFromJsonAsync<List<SessionRow>>($"/api/admin/accounts/{id}/sessions", ct))!;
        var onPhone = Assert.Single(sessions, s => s.UserAgent == "session-test-phone/1.0");
        Assert.True(onPhone.IsLive);
        Assert.Equal("在线", onPhone.Status);
        Assert.Equal(3, sessions.Count(s => s.IsLive)); // the phone, the desk and the client that chose the password
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("sysadmin")).GetAsync($"/api/admin/accounts/{id}/sessions", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("auditadmin")).PostAsync($"/api/admin/accounts/{id}/sessions/{onPhone.Id}/end", null, ct)).StatusCode);

        var ended = await sec.PostAsync($"/api/admin/accounts/{id}/sessions/{onPhone.Id}/end", null, ct);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal((false, SessionEnd.EndedByAdministrator, "管理员已结束"), (await ended.Content.ReadFromJsonAsync<SessionRow>(ct)) is { } r ? (r.IsLive, r.EndReason!.Value, r.Status) : default);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, phone)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(app, desk)).StatusCode);
        var again = await sec.PostAsync($"/api/admin/accounts/{id}/sessions/{onPhone.Id}/end", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("该会话已经结束。", (await again.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title);
        Assert.Equal(HttpStatusCode.NotFound, (await sec.PostAsync($"/api/admin/accounts/{id + 100000}/sessions/{onPhone.Id}/end", null, ct)).StatusCode);

        var auditor = await app.LoginAsync("auditadmin");
        var audit = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit/?entity=UserSession&entityKey={onPhone.Id}", ct))!;
        var entry = Assert.Single(audit.Items);
        Assert.Equal(("secadmin", "Update", "登录会话"), (entry.UserName, entry.Action, entry.EntityLabel));

        // On the account page: the list, a confirmation box and the button, for the desk session.
        var onDesk = Assert.Single((await sec.GetFromJsonAsync<List<SessionRow>>($"/api/admin/accounts/{id}/sessions", ct))!, s => s.UserAgent == "session-test-desk/1.0");
        var html = await sec.GetStringAsync($"/admin/accounts/{id}", ct);
        Assert.Contains("id=\"account-sessions\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"end-session-confirm-{onDesk.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"end-session-{onPhone.Id}\"", html, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"end-session-{onDesk.Id}",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value),
            ["confirmed"] = "true",
        });
        var posted = await sec.PostAsync($"/admin/accounts/{id}", form, ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("会话已结束。", await posted.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, desk)).StatusCode);
        Assert.Contains(await SessionsOfAsync(app, id), s => s.Id == onDesk.Id && s.EndReason == SessionEnd.EndedByAdministrator);

        // An administrator cannot see the sessions (nor the sign-ins) of an account in the page without the role.
        var sysPage = await (await app.LoginAsync("sysadmin")).GetStringAsync($"/admin/accounts/{id}", ct);
        Assert.DoesNotContain("id=\"account-sessions\"", sysPage, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
