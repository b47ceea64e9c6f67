using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// The top bar's remembered to-do count (decision 0047): served again while nothing it may depend
/// on was written, counted again after a committed write of the user's unit (or, for a user who
/// sees further, any write), and never for longer than its lifetime or past the day. The writes
/// are seen by the app's own interceptor, in a database of the test's own (a shared app's other
/// tests would write meanwhile).
/// </summary>
public sealed class ToDoBadgeCountsTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);
    private static readonly DateTime At = new(2026, 12, 6, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_count_is_counted_again_once_a_write_of_the_users_unit_is_committed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var counts = app.Services.GetRequiredService<ToDoBadgeCounts>();
        var (mine, other) = await UnitsAsync(app, ct);
        var reporter = User(mine, DataScope.OwnUnit, Roles.UnitReporter);
        var leader = User(1, DataScope.All, Roles.Leader);
        var calls = 0;
        Task<int> CountAsync() => Task.FromResult(++calls);
        Task<int> ReporterAsync() => counts.CountAsync(reporter, Today, null, CountAsync);

        Assert.Equal(1, await ReporterAsync());
        Assert.Equal(1, await ReporterAsync());

        // Another unit's record: the reporter's count stands, the leader's is counted again.
        var leaders = await counts.CountAsync(leader, Today, null, CountAsync);
        await ProblemAsync(app, other, commit: true, ct);
        Assert.Equal(1, await ReporterAsync());
        Assert.NotEqual(leaders, await counts.CountAsync(leader, Today, null, CountAsync));

        // The reporter's unit, in a transaction: nothing until the commit, nothing after a rollback.
        calls = 10;
        Assert.Equal(1, await ReporterAsync());
        await ProblemAsync(app, mine, commit: false, ct);
        Assert.Equal(1, await ReporterAsync());
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(Problem(mine));
            await db.SaveChangesAsync(ct);
            Assert.Equal(1, await ReporterAsync());
            await transaction.CommitAsync(ct);
        }

        Assert.Equal(11, await ReporterAsync());
        Assert.Equal(11, await ReporterAsync());

        // A save of its own (no transaction) is committed by itself.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Add(Problem(mine));
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(12, await ReporterAsync());

        // A record of no unit (here a unit itself) may concern everyone.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var unit = await db.Set<Unit>().SingleAsync(u => u.Id == other, ct);
            unit.SortOrder++;
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(13, await ReporterAsync());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_users_own_step_on_one_server_shows_in_the_badge_of_the_next_page_on_another(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.StartAsync(provider);
        await using var second = first.AnotherNode();
        var jar = new Dictionary<string, string>(StringComparer.Ordinal);
        var onFirst = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        await SendAsync(onFirst, jar, new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new LoginInput("anyue.reporter", DemoAccounts.Password)) }, ct);
        var anyue = await UnitIdAsync(first, "安岳县", ct);

        var before = await BadgeAsync(onSecond, jar, ct);

        // A problem of the reporter's unit with a deadline is one more entry of their to-do (to answer), written on the first server.
        var created = await SendAsync(onFirst, jar, new HttpRequestMessage(HttpMethod.Post, "/api/problems")
        {
            Content = JsonContent.Create(new ProblemInput("待办标记测试问题", null, ProblemKind.Land, anyue, null, null, Today.AddDays(30), 0)),
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(jar.ContainsKey(ToDoBadgeCounts.MarkCookie), "the write gives the browser a new mark");

        // Without the mark the second server still shows what it remembers (it saw no write); with it, the new count.
        var withoutMark = new Dictionary<string, string>(jar, StringComparer.Ordinal);
        withoutMark.Remove(ToDoBadgeCounts.MarkCookie);
        Assert.Equal(before, await BadgeAsync(onSecond, withoutMark, ct));
        Assert.Equal(before + 1, await BadgeAsync(onSecond, jar, ct));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_change_of_a_drafts_figures_or_a_problems_text_is_no_write_for_the_count_and_a_change_of_its_status_is(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var (mine, _) = await UnitsAsync(app, ct);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var problem = Problem(mine);
        db.Add(problem);
        await db.SaveChangesAsync(ct);
        var report = await db.Set<ProgressReport>().OrderBy(r => r.Id).FirstAsync(ct);

        // Tracked and changed, never saved: only what the save would write is asked.
        report.InvestmentThisMonth += 10_000;
        report.PhysicalProgress = "草稿修改";
        report.Version++;
        problem.Description = "补充说明";
        problem.Answer = "答复草稿";
        Assert.Equal((0, false), Written());

        // The status of either is read by the to-do.
        report.Status = report.Status == SubmissionStatus.Draft ? SubmissionStatus.Submitted : SubmissionStatus.Draft;
        Assert.Equal((1, false), Written());
        Assert.Contains(report.UnitId, ToDoBadgeCounts.WritesOf(db).Units);
        db.Entry(report).State = EntityState.Unchanged;
        problem.Deadline = Today.AddDays(1);
        Assert.Equal([mine], ToDoBadgeCounts.WritesOf(db).Units);

        // Added records always count, whatever they hold.
        db.Add(Problem(mine));
        db.Entry(problem).State = EntityState.Unchanged;
        Assert.Equal([mine], ToDoBadgeCounts.WritesOf(db).Units);
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            entry.State = entry.State == EntityState.Added ? EntityState.Detached : EntityState.Unchanged;
        }

        // A feedback on a supervision item: its step and feedback, the item's version — no count reads them. Its status is read.
        var item = new SupervisionItem
        {
            CaseNumber = "DB-TODO-1",
            Title = "待办计数测试事项",
            UnitId = mine,
            Deadline = Today.AddDays(30),
            Status = SupervisionStatus.InProgress,
            CreatedAtUtc = At,
        };
        db.Add(item);
        await db.SaveChangesAsync(ct);
        db.Add(new SupervisionStep { Item = item, UnitId = mine, Kind = SupervisionStepKind.Feedback, Comment = "本月进展", AtUtc = At });
        db.Add(new SupervisionFeedback { Item = item, UnitId = mine, Text = "本月进展", CreatedAtUtc = At });
        item.Version++;
        item.Light = Blueprint.Web.Features.Figures.StatusLight.Yellow;
        Assert.Equal((0, false), Written());
        item.Status = SupervisionStatus.ClosureRequested;
        Assert.Equal([mine], ToDoBadgeCounts.WritesOf(db).Units);

        (int, bool) Written()
        {
            var (units, unitless) = ToDoBadgeCounts.WritesOf(db);
            return (units.Count, unitless);
        }
    }

    [Fact]
    public async Task A_count_is_remembered_for_its_lifetime_and_its_day_only()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        var counts = new ToDoBadgeCounts(clock, Settings(("Blueprint:ToDo:BadgeSeconds", "30"), ("Blueprint:ToDo:BadgeQuietSeconds", "0")));
        var reporter = User(7, DataScope.OwnUnit, Roles.UnitReporter);
        var calls = 0;
        Task<int> CountAsync() => Task.FromResult(++calls);

        Assert.Equal(TimeSpan.FromSeconds(30), counts.Lifetime);
        Assert.Equal(1, await counts.CountAsync(reporter, Today, null, CountAsync));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, await counts.CountAsync(reporter, Today, null, CountAsync));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await counts.CountAsync(reporter, Today, null, CountAsync));
        Assert.Equal(3, await counts.CountAsync(reporter, Today.AddDays(1), null, CountAsync));

        // Another account, or the same one with other roles, has a count of its own.
        Assert.Equal(4, await counts.CountAsync(User(7, DataScope.OwnUnit, Roles.UnitLeader), Today.AddDays(1), null, CountAsync));
        Assert.Equal(3, await counts.CountAsync(reporter, Today.AddDays(1), null, CountAsync));

        // Writes noted by hand: another unit's leave it, the unit's own or one of no unit do not.
        counts.Written([8], unitless: false);
        Assert.Equal(3, await counts.CountAsync(reporter, Today.AddDays(1), null, CountAsync));
        counts.Written([7], unitless: false);
        Assert.Equal(5, await counts.CountAsync(reporter, Today.AddDays(1), null, CountAsync));
        counts.Written([], unitless: true);
        Assert.Equal(6, await counts.CountAsync(reporter, Today.AddDays(1), null, CountAsync));

        // The browser's mark of the user's last write: the same one keeps the count, a new one counts again.
        Assert.Equal(7, await counts.CountAsync(reporter, Today.AddDays(1), "m1", CountAsync));
        Assert.Equal(7, await counts.CountAsync(reporter, Today.AddDays(1), "m1", CountAsync));
        Assert.Equal(8, await counts.CountAsync(reporter, Today.AddDays(1), "m2", CountAsync));
        calls = 6;

        // Somebody else's write within the quiet seconds after a count leaves it (decision 0058); past them it counts again.
        var quiet = new ToDoBadgeCounts(clock, Settings(("Blueprint:ToDo:BadgeSeconds", "30"), ("Blueprint:ToDo:BadgeQuietSeconds", "5")));
        Assert.Equal(TimeSpan.FromSeconds(5), quiet.Quiet);
        Assert.Equal(7, await quiet.CountAsync(reporter, Today, "m1", CountAsync));
        quiet.Written([7], unitless: false);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(7, await quiet.CountAsync(reporter, Today, "m1", CountAsync));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(8, await quiet.CountAsync(reporter, Today, "m1", CountAsync));
        Assert.Equal(8, await quiet.CountAsync(reporter, Today, "m1", CountAsync));

        // The user's own write (a new mark) counts again at once, quiet or not.
        Assert.Equal(9, await quiet.CountAsync(reporter, Today, "m2", CountAsync));

        // Without the setting: 5 seconds, and none in the Testing environment (the app tests see every step at once).
        Assert.Equal(TimeSpan.FromSeconds(5), new ToDoBadgeCounts(clock, Settings()).Quiet);
        Assert.Equal(TimeSpan.Zero, new ToDoBadgeCounts(clock, Settings(), environment: new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Testing" }).Quiet);
        calls = 6;

        // Switched off, every call counts.
        var off = new ToDoBadgeCounts(clock, Settings(("Blueprint:ToDo:BadgeSeconds", "0")));
        Assert.Equal(7, await off.CountAsync(reporter, Today, null, CountAsync));
        Assert.Equal(8, await off.CountAsync(reporter, Today, null, CountAsync));
    }

    [Fact]
    public async Task A_request_counts_once_and_what_the_to_do_page_counts_is_remembered_for_the_badge()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        var counts = new ToDoBadgeCounts(clock, Settings(("Blueprint:ToDo:BadgeSeconds", "30"), ("Blueprint:ToDo:BadgeQuietSeconds", "0")), http);
        var reporter = User(7, DataScope.OwnUnit, Roles.UnitReporter);
        var calls = 0;
        Task<int> CountAsync() => Task.FromResult(++calls);
        void NextRequest(string? mark = null)
        {
            http.HttpContext = new DefaultHttpContext();
            if (mark is not null)
            {
                http.HttpContext.Request.Headers.Cookie = $"{ToDoBadgeCounts.MarkCookie}={mark}";
            }
        }

        // The to-do page counts now, and its own badge shows that count.
        Assert.Equal(1, await counts.CountNowAsync(reporter, Today, CountAsync));
        Assert.Equal(1, await counts.CountAsync(reporter, Today, CountAsync));
        Assert.Equal(1, calls);

        // The next page's badge: remembered. The to-do page (or /api/todo/count) again: counted now, and remembered in turn.
        NextRequest();
        Assert.Equal(1, await counts.CountAsync(reporter, Today, CountAsync));
        NextRequest();
        Assert.Equal(2, await counts.CountNowAsync(reporter, Today, CountAsync));
        NextRequest();
        Assert.Equal(2, await counts.CountAsync(reporter, Today, CountAsync));

        // A badge that must count again (a write of the unit) shares its count with the page of its request.
        counts.Written([7], unitless: false);
        NextRequest();
        Assert.Equal(3, await counts.CountAsync(reporter, Today, CountAsync));
        Assert.Equal(3, await counts.CountNowAsync(reporter, Today, CountAsync));
        Assert.Equal(3, calls);

        // The mark is the request's cookie: a new one counts again, the same one is served.
        NextRequest("m1");
        Assert.Equal(4, await counts.CountAsync(reporter, Today, CountAsync));
        NextRequest("m1");
        Assert.Equal(4, await counts.CountAsync(reporter, Today, CountAsync));
    }

    /// <summary>The number in the top bar of the home page, read as the browser would see it.</summary>
    private static async Task<int> BadgeAsync(HttpClient client, Dictionary<string, string> jar, CancellationToken ct)
    {
        var response = await SendAsync(client, jar, new HttpRequestMessage(HttpMethod.Get, "/"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        var badge = Regex.Match(html, "id=\"todo-badge\"[^>]*>([0-9]+)<");
        Assert.True(badge.Success, "the reporter's home page shows a to-do count under 100");
        return int.Parse(badge.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Sends with the cookies of <paramref name="jar"/> and keeps those the answer sets: one browser, whichever server answers.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Dictionary<string, string> jar, HttpRequestMessage request, CancellationToken ct)
    {
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies.Select(c => c.Split(';')[0].Split('=', 2)))
            {
                jar[cookie[0]] = cookie[1];
            }
        }

        return response;
    }

    private static async Task<int> UnitIdAsync(TestApp app, string name, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Name == name).Select(u => u.Id).SingleAsync(ct);
    }

    private static async Task<(int Mine, int Other)> UnitsAsync(TestApp app, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var root = await db.Set<Unit>().SingleAsync(u => u.ParentId == null, ct);
        var mine = new Unit { Name = "待办计数测试单位", Code = "TDB01", Kind = UnitKind.Department, ParentId = root.Id, SortOrder = 990 };
        var other = new Unit { Name = "待办计数对照单位", Code = "TDB02", Kind = UnitKind.Department, ParentId = root.Id, SortOrder = 991 };
        db.AddRange(mine, other);
        await db.SaveChangesAsync(ct);
        return (mine.Id, other.Id);
    }

    private static async Task ProblemAsync(TestApp app, int unitId, bool commit, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(Problem(unitId));
        await db.SaveChangesAsync(ct);
        if (commit)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
        }
    }

    private static Problem Problem(int unitId) => new() { Title = "待办计数测试问题", UnitId = unitId, Kind = ProblemKind.Land, Deadline = Today.AddDays(10) };

    private static CurrentUser User(int unitId, DataScope scope, string role) =>
        new CurrentUser(new HttpContextAccessor()).ActAs(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, (100_000 + unitId).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.UnitClaim, unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.ScopeClaim, scope.ToString()),
            new Claim(ClaimTypes.Role, role),
        ], "test")));

    private static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
