using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Data;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Indicators;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Portal;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Portal;

/// <summary>
/// Publishing with a confidentiality review (保密审查, decision 0026): one office member proposes,
/// a different one approves or refuses; the portal shows approved records only; both steps are
/// audited and notified. Own records tagged per test, dated 2033 (SQLite) / 2034 (PostgreSQL).
/// </summary>
public sealed class PortalReviewTests(Apps apps)
{
    private static int Year(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 2033 : 2034;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_project_is_public_only_after_another_office_member_approves_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");
        var project = await NewProjectAsync(app, office, $"PR{(int)provider}-{tag}", $"门户审查项目{tag}", ct);
        await using var portal = app.WithWebHostBuilder(b => b.UseSetting(PortalSite.EnabledKey, "true"));
        var visitor = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var proposed = await office.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Project, project.Id, $"已脱敏 {tag}"), ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var review = (await proposed.Content.ReadFromJsonAsync<PortalReviewDto>(ct))!;
        Assert.Equal((PortalReviewStatus.Pending, PortalReviewer.Proposer), (review.Review.Status, review.Actor));
        Assert.Empty(review.AllowedActions);
        Assert.Contains(review.Facts, f => f.Label == "项目名称" && f.Value == project.Name);

        // Proposed is not published: the portal does not know it.
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/public/projects/{project.Id}", ct)).StatusCode);
        Assert.DoesNotContain(project.Name, await visitor.GetStringAsync("/public", ct), StringComparison.Ordinal);

        // Nobody reviews their own proposal, and a record waits in one proposal at a time.
        var self = await office.PostAsJsonAsync($"/api/portal/reviews/{review.Review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Approve, null, review.Review.Version), ct);
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal("不能审查自己提请公开的记录，须由另一位办公室人员进行保密审查。", (await self.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title);
        var again = await office.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Project, project.Id, null), ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The other office member has it in the queue and the inbox; the proposer has neither.
        Assert.Contains(await PendingIdsAsync(app, "supervision.office", ct), id => id == review.Review.Id);
        Assert.DoesNotContain(await PendingIdsAsync(app, "project.office", ct), id => id == review.Review.Id);
        var queue = (await supervision.GetFromJsonAsync<Page<PortalReviewRowDto>>($"/api/portal/reviews?status=Pending&q={tag}", ct))!;
        Assert.Equal(project.Id, Assert.Single(queue.Items).RecordId);
        var link = $"/portal/reviews/{review.Review.Id}";
        var told = await NoticesAsync(app, link, ct);
        Assert.Contains(told, n => n.User == "supervision.office" && n.Kind == NotificationKind.Submitted && n.Title.Contains(project.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(told, n => n.User == "project.office");

        // A stale decision is a 409; the second member's approval publishes it.
        var stale = await supervision.PostAsJsonAsync($"/api/portal/reviews/{review.Review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Approve, null, review.Review.Version + 5), ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var approved = await supervision.PostAsJsonAsync($"/api/portal/reviews/{review.Review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Approve, null, review.Review.Version), ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var decided = (await approved.Content.ReadFromJsonAsync<PortalReviewDto>(ct))!;
        Assert.Equal((PortalReviewStatus.Approved, "市委市政府督查室", true), (decided.Review.Status, decided.Review.DecidedBy, decided.IsPublic));
        var twice = await supervision.PostAsJsonAsync($"/api/portal/reviews/{review.Review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Refuse, "晚了", decided.Review.Version), ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        var page = await visitor.GetAsync($"/public/projects/{project.Id}", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(project.Name, await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains($"href=\"public/projects/{project.Id}\"", await visitor.GetStringAsync("/public", ct), StringComparison.Ordinal);
        Assert.Contains(await NoticesAsync(app, link, ct), n => n.User == "project.office" && n.Kind == NotificationKind.Approved);
        Assert.DoesNotContain(await PendingIdsAsync(app, "supervision.office", ct), id => id == review.Review.Id);

        // Both steps are in the audit log, labelled as users read them.
        var auditor = await app.LoginAsync("auditadmin");
        var key = review.Review.Id.ToString(CultureInfo.InvariantCulture);
        var entries = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=PortalReview&entityKey={key}", ct))!.Items;
        var insert = Assert.Single(entries, e => e.Action == "Insert");
        Assert.Equal(("门户公开审查", "新增", "project.office"), (insert.EntityLabel, insert.ActionLabel, insert.UserName));
        Assert.Equal(("公开内容类型", "重点项目"), (Change(insert, "Kind").Label, Change(insert, "Kind").After));
        Assert.Equal(("公开说明", $"已脱敏 {tag}"), (Change(insert, "Note").Label, Change(insert, "Note").After));
        var update = Assert.Single(entries, e => e.Action == "Update");
        Assert.Equal("supervision.office", update.UserName);
        var status = Change(update, "Status");
        Assert.Equal(("审查状态", "待保密审查", "审查通过，已公开"), (status.Label, status.Before, status.After));
        Assert.Equal("审查人", Change(update, "DecidedById").Label);
        Assert.DoesNotContain(entries.SelectMany(e => e.Changes), c => c.Label == c.Field);
        var projectKey = project.Id.ToString(CultureInfo.InvariantCulture);
        var published = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=KeyProject&entityKey={projectKey}&userName=supervision.office", ct))!.Items;
        var isPublic = Change(Assert.Single(published), "IsPublic");
        Assert.Equal(("公开", "否", "是"), (isPublic.Label, isPublic.Before, isPublic.After));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_refused_goal_stays_off_the_portal_and_the_proposer_is_told_why(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var goal = await NewGoalAsync(app, Year(provider), $"门户审查目标{tag}", ct);
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");

        // A goal is the project office's to propose; the supervision office reviews it.
        Assert.Equal(HttpStatusCode.Forbidden, (await supervision.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Goal, goal.Id, null), ct)).StatusCode);
        var proposed = await office.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Goal, goal.Id, null), ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var review = (await proposed.Content.ReadFromJsonAsync<PortalReviewDto>(ct))!.Review;

        var noReason = await supervision.PostAsJsonAsync($"/api/portal/reviews/{review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Refuse, " ", review.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("请填写审查未通过的原因", await noReason.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var refused = await supervision.PostAsJsonAsync($"/api/portal/reviews/{review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Refuse, "含未公开的考核指标", review.Version), ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(PortalReviewStatus.Refused, (await refused.Content.ReadFromJsonAsync<PortalReviewDto>(ct))!.Review.Status);

        Assert.False(await IsPublicAsync(app, PublicKind.Goal, goal.Id, ct));
        var home = await PortalHomeAsync(app, ct);
        Assert.DoesNotContain(goal.Title, home, StringComparison.Ordinal);
        Assert.Contains(await NoticesAsync(app, $"/portal/reviews/{review.Id}", ct),
            n => n.User == "project.office" && n.Kind == NotificationKind.Returned && n.Title.Contains("含未公开的考核指标", StringComparison.Ordinal));

        // Proposed again after the edit: the list holds both, page by page, and the new one knows the old.
        var second = await office.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Goal, goal.Id, "已删去考核指标"), ct);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondReview = (await second.Content.ReadFromJsonAsync<PortalReviewDto>(ct))!;
        Assert.Equal(review.Id, Assert.Single(secondReview.History).Id);
        var all = (await supervision.GetFromJsonAsync<Page<PortalReviewRowDto>>($"/api/portal/reviews?kind=Goal&q={tag}&pageSize=1", ct))!;
        Assert.Equal((2, 1), (all.Total, all.Items.Count));
        Assert.Equal(secondReview.Review.Id, all.Items[0].Id);
        var refusedOnly = (await supervision.GetFromJsonAsync<Page<PortalReviewRowDto>>($"/api/portal/reviews?status=Refused&q={tag}", ct))!;
        Assert.Equal("含未公开的考核指标", Assert.Single(refusedOnly.Items).Reason);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_milestone_is_reviewed_listed_exported_and_withdrawn_in_one_step(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");

        // The milestone form no longer publishes: "isPublic" in the body changes nothing.
        var title = $"门户审查大事记{tag}";
        var created = await supervision.PostAsJsonAsync("/api/milestones",
            new { date = new DateOnly(Year(provider), 3, 12), monthOnly = false, title, description = "说明", unitIds = Array.Empty<int>(), isPublic = true }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var milestone = (await created.Content.ReadFromJsonAsync<MilestoneDto>(ct))!;
        Assert.False(milestone.IsPublic);

        var review = (await (await supervision.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Milestone, milestone.Id, $"会议已公开报道 {tag}"), ct))
            .Content.ReadFromJsonAsync<PortalReviewDto>(ct))!.Review;
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/portal/reviews/{review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Approve, null, review.Version), ct)).StatusCode);
        Assert.Contains(title, await PortalHomeAsync(app, ct), StringComparison.Ordinal);

        var bytes = await supervision.GetByteArrayAsync($"/api/portal/reviews/xlsx?status=Approved&kind=Milestone&q={tag}", ct);
        var rows = ExcelFiles.Read(bytes);
        var row = Assert.Single(rows);
        Assert.Equal(("大事记", title, "审查通过，已公开"), (row["类型"], row["记录"], row["状态"]));
        Assert.Equal(("市委市政府督查室", "市发改委重点项目办", $"会议已公开报道 {tag}"), (row["提请人"], row["审查人"], row["公开说明"]));

        // Taking it off the portal is one step of any office member, with the version they saw.
        var version = await VersionAsync(app, milestone.Id, ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("lezhi.reporter")).PostAsJsonAsync("/api/portal/withdraw", new WithdrawInput(PublicKind.Milestone, milestone.Id, version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync("/api/portal/withdraw", new WithdrawInput(PublicKind.Milestone, milestone.Id, version - 1), ct)).StatusCode);
        var withdrawn = await office.PostAsJsonAsync("/api/portal/withdraw", new WithdrawInput(PublicKind.Milestone, milestone.Id, version), ct);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.False((await withdrawn.Content.ReadFromJsonAsync<PublishedDto>(ct))!.IsPublic);
        Assert.DoesNotContain(title, await PortalHomeAsync(app, ct), StringComparison.Ordinal);
        var after = (await supervision.GetFromJsonAsync<PortalReviewDto>($"/api/portal/reviews/{review.Id}", ct))!;
        Assert.Equal((PortalReviewStatus.Withdrawn, "市发改委重点项目办"), (after.Review.Status, after.Review.WithdrawnBy));
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync("/api/portal/withdraw", new WithdrawInput(PublicKind.Milestone, milestone.Id, version + 1), ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_administrators_units_and_the_leader_neither_propose_nor_review(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var title = $"门户审查权限{Guid.NewGuid():N}"[..16];
        var milestone = await NewMilestoneAsync(app, new DateOnly(Year(provider), 4, 1), title, ct);
        var office = await app.LoginAsync("supervision.office");
        var review = (await (await office.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Milestone, milestone, null), ct))
            .Content.ReadFromJsonAsync<PortalReviewDto>(ct))!.Review;

        foreach (var user in new[] { "sysadmin", "secadmin", "auditadmin", "leader", "anyue.reporter", "anyue.leader" })
        {
            var client = await app.LoginAsync(user);
            var propose = await client.PostAsJsonAsync("/api/portal/reviews", new ProposePublishInput(PublicKind.Milestone, milestone, null), ct);
            var decide = await client.PostAsJsonAsync($"/api/portal/reviews/{review.Id}/decision", new PortalDecisionInput(PortalReviewAction.Approve, null, review.Version), ct);
            var list = await client.GetAsync("/api/portal/reviews", ct);
            Assert.Equal((user, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (user, propose.StatusCode, decide.StatusCode, list.StatusCode));
            Assert.Empty(await PendingIdsAsync(app, user, ct));
        }

        Assert.False(await IsPublicAsync(app, PublicKind.Milestone, milestone, ct));
    }

    internal static async Task<KeyProjectDto> NewProjectAsync(TestApp app, HttpClient office, string code, string name, CancellationToken ct)
    {
        var units = await office.GetFromJsonAsync<List<Blueprint.Web.Features.Units.UnitDto>>("/api/units", ct);
        var unitId = units!.Single(u => u.Code == "ZY-LZ").Id;
        var created = await office.PostAsJsonAsync("/api/projects", ConcurrencyTests.NewProject(code, unitId) with { Name = name }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
    }

    private static async Task<Goal> NewGoalAsync(TestApp app, int year, string title, CancellationToken ct)
    {
        var plan = await IndicatorArrange.PlanYearAsync(app, year);
        var unitId = await IndicatorArrange.UnitAsync(app, "ZY-LZ");
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var goal = new Goal { PlanYearId = plan.Id, Title = title, UnitId = unitId };
        db.Add(goal);
        await db.SaveChangesAsync(ct);
        return goal;
    }

    private static async Task<int> NewMilestoneAsync(TestApp app, DateOnly date, string title, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var milestone = new Milestone { Date = date, Title = title };
        db.Add(milestone);
        await db.SaveChangesAsync(ct);
        return milestone.Id;
    }

    private static async Task<int> VersionAsync(TestApp app, int milestoneId, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Milestone>().Where(m => m.Id == milestoneId).Select(m => m.Version).SingleAsync(ct);
    }

    private static async Task<bool> IsPublicAsync(TestApp app, PublicKind kind, int id, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return (await PortalReviewQueries.StateAsync(db, kind, id, ct))!.IsPublic;
    }

    /// <summary>What the to-do will list for the user: <see cref="PortalReviews.PendingFor"/> in their own scope.</summary>
    private static async Task<List<int>> PendingIdsAsync(TestApp app, string user, CancellationToken ct)
    {
        using var scope = await app.UserScopeAsync(user);
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var pending = PortalReviews.PendingFor(db, db.CurrentUser);
        List<int> ids = [.. (await pending.ToListAsync(ct)).Select(r => r.Id)];

        // As the to-do uses a source: counted in one UNION ALL of ones, its first entries taken in the database.
        Assert.Equal(2 * ids.Count, await pending.Select(_ => 1).Concat(pending.Select(_ => 1)).CountAsync(ct));
        Assert.Equal(ids.Take(1), (await pending.Take(1).ToListAsync(ct)).Select(r => r.Id));
        return ids;
    }

    private static async Task<List<(string User, NotificationKind Kind, string Title)>> NoticesAsync(TestApp app, string link, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return [.. (await db.Set<Notification>().Where(n => n.Link == link)
            .Join(db.Set<User>(), n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Kind, n.Title })
            .ToListAsync(ct)).Select(x => (x.UserName!, x.Kind, x.Title))];
    }

    /// <summary>The portal's home page, through a host of the shared app with the portal switched on.</summary>
    private static async Task<string> PortalHomeAsync(TestApp app, CancellationToken ct)
    {
        await using var portal = app.WithWebHostBuilder(b => b.UseSetting(PortalSite.EnabledKey, "true"));
        return await portal.CreateClient().GetStringAsync("/public", ct);
    }

    private static AuditChangeDto Change(AuditEntryDto entry, string field) => Assert.Single(entry.Changes, c => c.Field == field);
}
