using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Reviews;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// Issue 14 item 2 for review submissions and problems: each step lands in the inboxes one
/// place decides (<see cref="SubmissionNotices"/>, <see cref="StepNotices"/>) and in no one
/// else's, never in the actor's own. Walked through the API on both databases; notifications are
/// found by their link, which is this test's own record. Review campaigns of 2031 / 2032.
/// </summary>
public sealed class StepNoticesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_review_submission_tells_the_leader_the_writer_the_reviewers_and_both_in_turn(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2031 : 2032;
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var people = await PeopleAsync(app);
        var campaign = await ReviewArrange.OpenAsync(office, year, $"notices-{provider}-{Guid.NewGuid():N}"[..24], [people.Anyue], ct);
        var id = campaign.Units!.Single().SubmissionId;
        var link = $"/reviews/submissions/{id}";

        await OkAsync(await reporter.PutAsJsonAsync($"/api/review-submissions/{id}/sections/results", new ReviewSectionInput("<p>完成投资120亿元。</p>", await VersionAsync(reporter, id)), ct));
        // Opening the campaign told the unit, with a link to its own submission; saving a section tells nobody.
        var opened = await NoticesAsync(app, link);
        Assert.Contains(opened, n => n.UserId == people.Reporter && n.Kind == NotificationKind.General);
        Assert.All(opened, n => Assert.Equal(NotificationKind.General, n.Kind));

        // Submitted → the unit's leaders.
        await OkAsync(await reporter.PostAsJsonAsync($"/api/review-submissions/{id}/submit", new VersionInput(await VersionAsync(reporter, id)), ct));
        var notices = await NoticesAsync(app, link);
        var leaders = Users(notices, NotificationKind.Submitted);
        await AssertToldAsync(app, leaders, [people.Leader], [Roles.UnitLeader], people.Anyue);

        // Returned by the leader → the writer, with the reason; nobody else.
        await OkAsync(await leader.PostAsJsonAsync($"/api/review-submissions/{id}/return", new ReviewReturnInput(await VersionAsync(leader, id), "成绩要有对比数据", "results"), ct));
        notices = await NoticesAsync(app, link);
        var returned = Assert.Single(notices, n => n.Kind == NotificationKind.Returned);
        Assert.Equal(people.Reporter, returned.UserId);
        Assert.Contains("成绩要有对比数据", returned.Title, StringComparison.Ordinal);

        // Edited and submitted again → the leaders again; approved → the reviewers (both offices).
        await OkAsync(await reporter.PutAsJsonAsync($"/api/review-submissions/{id}/sections/results", new ReviewSectionInput("<p>完成投资120亿元，同比增长8%。</p>", await VersionAsync(reporter, id)), ct));
        await OkAsync(await reporter.PostAsJsonAsync($"/api/review-submissions/{id}/submit", new VersionInput(await VersionAsync(reporter, id)), ct));
        await OkAsync(await leader.PostAsJsonAsync($"/api/review-submissions/{id}/approve", new VersionInput(await VersionAsync(leader, id)), ct));
        notices = await NoticesAsync(app, link);
        Assert.All(leaders, u => Assert.Equal(2, notices.Count(n => n.Kind == NotificationKind.Submitted && n.UserId == u)));
        await AssertToldAsync(app, Users(notices, NotificationKind.Approved), [people.Office, people.SupervisionOffice], [Roles.ProjectOffice, Roles.SupervisionOffice], null);

        // Accepted by the project office → the writer and the leader who approved.
        await OkAsync(await office.PostAsJsonAsync($"/api/review-submissions/{id}/accept", new VersionInput(await VersionAsync(office, id)), ct));
        notices = await NoticesAsync(app, link);
        Assert.Equal(new SortedSet<int> { people.Reporter, people.Leader }, Users(notices, NotificationKind.Accepted));

        // The same walk left both versions in the submission's history, the section's change under its title.
        var history = (await reporter.GetFromJsonAsync<List<SubmissionVersionDto>>($"/api/review-submissions/{id}/history", ct))!;
        Assert.Equal([(2, SubmissionStatus.Accepted), (1, SubmissionStatus.Returned)], history.Select(v => (v.Number, v.Status)).ToList());
        Assert.Equal("成绩要有对比数据", history[1].ReturnReason);
        var change = Assert.Single(history[0].Changes);
        Assert.Equal(("主要成绩", "完成投资120亿元。", "完成投资120亿元，同比增长8%。"), (change.Label, change.Before, change.After));
        Assert.Contains("id=\"review-history\"", await reporter.GetStringAsync(link, ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_problem_tells_who_must_answer_it_and_its_answer_tells_who_raised_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var people = await PeopleAsync(app);
        var tag = $"SN-{provider}-{Guid.NewGuid():N}"[..20];

        // Raised by the office against 安岳县 → its reporters and leaders, not the office.
        var problem = await ReadAsync<ProblemDto>(await office.PostAsJsonAsync("/api/problems",
            new ProblemInput($"{tag} 征地报批滞后", null, ProblemKind.Land, people.Anyue, null, null, null, 0), ct), HttpStatusCode.Created);
        var link = $"/problems/{problem.Id}";
        var raised = Users(await NoticesAsync(app, link), NotificationKind.ProblemRaised);
        Assert.Contains(people.Reporter, raised);
        Assert.Contains(people.Leader, raised);
        Assert.Superset(await AnyueAnswerersAsync(app), raised); // every demo answerer of 安岳 is told (accounts other classes add may be told too)
        Assert.DoesNotContain(people.Office, raised);

        // Handed over to 乐至县 → its people are told now; 安岳县 is not told again.
        problem = await ReadAsync<ProblemDto>(await office.PutAsJsonAsync($"/api/problems/{problem.Id}",
            new ProblemInput(problem.Title, null, ProblemKind.Land, people.Lezhi, null, null, null, 0, problem.Version), ct));
        var notices = await NoticesAsync(app, link);
        Assert.Contains(people.LezhiReporter, Users(notices, NotificationKind.ProblemRaised));
        Assert.All(raised, u => Assert.Single(notices, n => n.Kind == NotificationKind.ProblemRaised && n.UserId == u));

        // Answered by 乐至县 → the office that raised it, with the answer; the answerer is not told.
        var lezhi = await app.LoginAsync("lezhi.reporter");
        await ReadAsync<ProblemDto>(await lezhi.PostAsJsonAsync($"/api/problems/{problem.Id}/answer",
            new ProblemAnswerInput(ProblemStatus.CannotSolveNow, "需省厅批复用地指标", problem.Version), ct));
        notices = await NoticesAsync(app, link);
        var answered = Assert.Single(notices, n => n.Kind == NotificationKind.ProblemAnswered);
        Assert.Equal(people.Office, answered.UserId);
        Assert.Contains("暂不能解决", answered.Title, StringComparison.Ordinal);
        Assert.Contains("需省厅批复用地指标", answered.Title, StringComparison.Ordinal);

        // A unit raises a problem to itself from its review: its leaders are told, the raiser is not;
        // the office's answer goes back to the raiser.
        var own = await ReadAsync<ProblemDto>(await reporter.PostAsJsonAsync("/api/problems",
            new ProblemInput($"{tag} 资金未到位", null, ProblemKind.Funds, people.Anyue, null, null, null, 0), ct), HttpStatusCode.Created);
        var ownLink = $"/problems/{own.Id}";
        var told = Users(await NoticesAsync(app, ownLink), NotificationKind.ProblemRaised);
        Assert.Contains(people.Leader, told);
        Assert.DoesNotContain(people.Reporter, told);
        await ReadAsync<ProblemDto>(await office.PostAsJsonAsync($"/api/problems/{own.Id}/answer",
            new ProblemAnswerInput(ProblemStatus.Resolved, "市财政已拨付", own.Version), ct));
        var back = Assert.Single(await NoticesAsync(app, ownLink), n => n.Kind == NotificationKind.ProblemAnswered);
        Assert.Equal((people.Reporter, true), (back.UserId, back.Title.Contains("市财政已拨付", StringComparison.Ordinal)));

        // The reporter reads it in the inbox, under its kind.
        var inbox = await reporter.GetStringAsync("/inbox", ct);
        Assert.Contains("已答复", inbox, StringComparison.Ordinal);
    }

    private sealed record People(int Reporter, int Leader, int Office, int SupervisionOffice, int LezhiReporter, int Anyue, int Lezhi);

    private static SortedSet<int> Users(List<Notification> notices, NotificationKind kind) => [.. notices.Where(n => n.Kind == kind).Select(n => n.UserId)];

    private static async Task<People> PeopleAsync(TestApp app)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var units = await db.Set<Web.Features.Units.Unit>().Where(u => u.Code == "ZY-AY" || u.Code == "ZY-LZ").ToDictionaryAsync(u => u.Code, u => u.Id);
        string[] names = ["anyue.reporter", "anyue.leader", "project.office", "supervision.office", "lezhi.reporter"];
        var ids = await db.Set<User>().Where(u => names.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id);
        return new People(ids["anyue.reporter"], ids["anyue.leader"], ids["project.office"], ids["supervision.office"], ids["lezhi.reporter"], units["ZY-AY"], units["ZY-LZ"]);
    }

    /// <summary>
    /// Those told are all enabled holders of the roles (in the unit), and include the demo's. Other
    /// classes add accounts of these roles while this one runs (the authorization matrix does), so
    /// the set is judged against the holders counted after the step, not compared for equality.
    /// </summary>
    private static async Task AssertToldAsync(TestApp app, SortedSet<int> told, int[] mustInclude, string[] roles, int? unitId)
    {
        using var scope = app.SystemScope();
        Assert.Superset(new HashSet<int>(mustInclude), told);
        Assert.Subset(await RoleAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), roles, unitId), told);
    }

    /// <summary>Everyone who answers for 安岳县 as the demo made it (accounts other tests add may be told too).</summary>
    private static async Task<SortedSet<int>> AnyueAnswerersAsync(TestApp app)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var anyue = await db.Set<Web.Features.Units.Unit>().Where(u => u.Code == "ZY-AY").Select(u => u.Id).SingleAsync();
        var all = await RoleAsync(db, [Roles.UnitReporter, Roles.UnitLeader], anyue);
        var demo = await db.Set<User>().Where(u => u.UserName!.StartsWith("anyue.")).Select(u => u.Id).ToListAsync();
        return [.. all.Intersect(demo)];
    }

    private static async Task<SortedSet<int>> RoleAsync(BlueprintDb db, string[] roles, int? unitId) => [.. await (
        from u in db.Set<User>()
        join ur in db.Set<IdentityUserRole<int>>() on u.Id equals ur.UserId
        join r in db.Set<Role>() on ur.RoleId equals r.Id
        where roles.Contains(r.Name!) && !u.IsDisabled && (unitId == null || u.UnitId == unitId)
        select u.Id).ToListAsync()];

    private static async Task<int> VersionAsync(HttpClient client, int id) =>
        (await client.GetFromJsonAsync<ReviewSubmissionDetail>($"/api/review-submissions/{id}/detail", TestContext.Current.CancellationToken))!.Version;

    private static async Task<List<Notification>> NoticesAsync(TestApp app, string link)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>().IgnoreQueryFilters()
            .Where(n => n.Link == link).OrderBy(n => n.Id).ToListAsync();
    }

    private static async Task OkAsync(HttpResponseMessage response)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
