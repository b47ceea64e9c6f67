using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Projects;
using Blueprint.Tests.Reviews;
using Blueprint.Tests.Supervision;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// The to-do follows a record along its path: each step leaves the list of the one who took it
/// and reaches the list of the next, and after the last step nobody has it. Walked through the
/// API on both databases, in the shared apps with years of this class's own (2053 / 2054), and
/// for indicator values in a database of its own whose clock stands at 2053-05-10 (an indicator
/// value is owed once its period is over, so the test needs "this year" to be a test year).
/// </summary>
public sealed class ToDoTests(Apps apps)
{
    private static readonly string[] DemoUsers = ["anyue.reporter", "anyue.leader", "lezhi.reporter", "project.office", "supervision.office", "leader"];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_monthly_report_moves_from_the_reporter_to_the_leader_to_the_office_and_then_off_every_list(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = Year(provider);
        await TestWindows.EnsureOpenAsync(app, year, 5);
        var projectId = await ProjectAsync(app, $"TD{(int)provider}-{Guid.NewGuid():N}"[..12], year);
        var link = $"/progress/{projectId}/{year}/5";
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var office = await app.LoginAsync("project.office");

        // Owed before anything is written: the reporter's to fill, nobody else's.
        var owed = Assert.Single(await EntriesAsync(app, "anyue.reporter", link));
        Assert.Equal((ToDoKind.Progress, ToDoStep.Fill, new DateOnly(2100, 12, 31)), (owed.Kind, owed.Step, owed.Deadline));
        Assert.Contains("安岳县", owed.UnitName, StringComparison.Ordinal);
        await NobodyElseAsync(app, link, "anyue.reporter");

        // A draft is still the reporter's to fill (and listed once).
        var report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(projectId, year, 5, 100_0000, 400_0000, 900_0000, "主体施工", null, null, 0), ct), HttpStatusCode.Created);
        Assert.Equal(ToDoStep.Fill, Assert.Single(await EntriesAsync(app, "anyue.reporter", link)).Step);

        report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{report.Id}/submit", new VersionInput(report.Version), ct));
        Assert.Equal(ToDoStep.Approve, Assert.Single(await EntriesAsync(app, "anyue.leader", link)).Step);
        await NobodyElseAsync(app, link, "anyue.leader");

        // The leader returns it: back on the reporter's list; resubmitted, back on the leader's.
        report = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{report.Id}/return", new ReturnInput(report.Version, "形象进度请写具体"), ct));
        Assert.Equal(ToDoStep.Fill, Assert.Single(await EntriesAsync(app, "anyue.reporter", link)).Step);
        await NobodyElseAsync(app, link, "anyue.reporter");
        report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{report.Id}/submit", new VersionInput(report.Version), ct));

        report = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{report.Id}/approve", new VersionInput(report.Version), ct));
        Assert.Equal(ToDoStep.Accept, Assert.Single(await EntriesAsync(app, "project.office", link)).Step);
        await NobodyElseAsync(app, link, "project.office");

        await ReadAsync<ProgressReportDto>(await office.PostAsJsonAsync($"/api/progress-reports/{report.Id}/accept", new VersionInput(report.Version), ct));
        await NobodyElseAsync(app, link);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_overdue_report_shows_how_late_it_is_on_the_page_in_the_api_and_in_the_export(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = Year(provider);
        // June of the class's year was due on 2001-01-01: always overdue, and the most urgent report of the reporter's scope.
        await WindowAsync(app, year, 6, new DateOnly(2001, 1, 1));
        var projectId = await ProjectAsync(app, $"TL{(int)provider}-{Guid.NewGuid():N}"[..12], year);
        var link = $"/progress/{projectId}/{year}/6";
        var days = Today(app).DayNumber - new DateOnly(2001, 1, 1).DayNumber;
        var reporter = await app.LoginAsync("anyue.reporter");

        var entry = Assert.Single(await EntriesAsync(app, "anyue.reporter", link));
        Assert.Equal(days, entry.DaysLate);

        // Other classes write to the reporter's scope meanwhile: only this class's own entry is compared.
        var page = (await reporter.GetFromJsonAsync<Page<ToDoEntry>>("/api/todo?kind=Progress&pageSize=500", ct))!;
        Assert.Contains(page.Items, e => e.Link == link && e.DaysLate == days);
        Assert.All(page.Items, e => Assert.Equal(ToDoKind.Progress, e.Kind));

        var html = await reporter.GetStringAsync("/todo?kind=Progress&pageSize=100", ct);
        Assert.Contains($"逾期{days}天", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link.TrimStart('/')}\"", html, StringComparison.Ordinal);

        var bytes = await reporter.GetByteArrayAsync("/api/todo/xlsx?kind=Progress", ct);
        var rows = ExcelFiles.Read(bytes);
        var row = Assert.Single(rows, r => Equals(r["链接"], link));
        Assert.Equal($"逾期{days}天", row["逾期 / 剩余"]);
        Assert.Equal("填报", row["办理"]);
        Assert.Equal(new DateTime(2001, 1, 1), row["期限"]);
        Assert.All(rows, r => Assert.Equal("月度进度", r["类型"]));

        // A leader who fills and submits the month himself is not listed to approve it. (The month is
        // past its 截止日: the office reopens it for 安岳 first, and the report is late, decision 0023.)
        await ReopenAsync(app, year, 6);
        var leader = await app.LoginAsync("anyue.leader");
        var own = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(projectId, year, 6, 100_0000, 400_0000, 900_0000, null, null, null, 0), ct), HttpStatusCode.Created);
        await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{own.Id}/submit", new VersionInput(own.Version), ct));
        Assert.Empty(await EntriesAsync(app, "anyue.leader", link));
        Assert.Empty(await EntriesAsync(app, "anyue.reporter", link));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_supervision_item_waits_for_its_lead_unit_to_sign_then_for_feedback_then_for_the_office(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("supervision.office");
        var anyue = await FlowClient.UnitIdAsync(app, DemoUnits.Anyue);
        var lezhi = await FlowClient.UnitIdAsync(app, DemoUnits.Lezhi);
        var deadline = new DateOnly(Year(provider), 6, 30);
        var item = await FlowClient.CreateAsync(office, FlowClient.Input(FlowClient.CaseNumber("todo", provider), anyue, lezhi) with { Deadline = deadline });
        var link = $"/supervision/{item.Item.Id}";

        foreach (var user in new[] { "anyue.reporter", "anyue.leader" })
        {
            var sign = Assert.Single(await EntriesAsync(app, user, link));
            Assert.Equal((ToDoKind.Supervision, ToDoStep.Sign, deadline), (sign.Kind, sign.Step, sign.Deadline));
        }

        // The cooperating unit has nothing to do until the lead unit has signed; the offices nothing yet.
        await NobodyElseAsync(app, link, "anyue.reporter", "anyue.leader");

        var reporter = await app.LoginAsync("anyue.reporter");
        item = await FlowClient.DoAsync(reporter, item.Item.Id, new SupervisionActionInput(SupervisionAction.Accept, null, item.Item.Version));
        Assert.Equal(ToDoStep.Feedback, Assert.Single(await EntriesAsync(app, "anyue.reporter", link)).Step);
        var cooperating = Assert.Single(await EntriesAsync(app, "lezhi.reporter", link));
        Assert.Equal((ToDoStep.Feedback, deadline), (cooperating.Step, cooperating.Deadline));

        item = await FlowClient.DoAsync(reporter, item.Item.Id, new SupervisionActionInput(SupervisionAction.RequestClosure, "已按要求完成", item.Item.Version));
        foreach (var user in new[] { "supervision.office", "project.office" })
        {
            Assert.Equal(ToDoStep.Closure, Assert.Single(await EntriesAsync(app, user, link)).Step);
        }

        Assert.Empty(await EntriesAsync(app, "anyue.reporter", link));
        Assert.Empty(await EntriesAsync(app, "lezhi.reporter", link));

        await FlowClient.DoAsync(office, item.Item.Id, new SupervisionActionInput(SupervisionAction.Close, null, item.Item.Version));
        await NobodyElseAsync(app, link);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_review_submission_is_the_units_to_write_by_the_campaigns_deadline(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await ReviewArrange.UnitsAsync(office, ct);
        var campaign = await ReviewArrange.OpenAsync(office, Year(provider), $"todo-{Guid.NewGuid():N}"[..12], [units[DemoUnits.Anyue]], ct);
        var submission = Assert.Single(campaign.Units!);
        var link = $"/reviews/submissions/{submission.SubmissionId}";

        var write = Assert.Single(await EntriesAsync(app, "anyue.reporter", link));
        Assert.Equal((ToDoKind.Review, ToDoStep.Fill, new DateOnly(Year(provider), 11, 30)), (write.Kind, write.Step, write.Deadline));
        Assert.Empty(await EntriesAsync(app, "anyue.leader", link));
        Assert.Empty(await EntriesAsync(app, "lezhi.reporter", link));
        Assert.Empty(await EntriesAsync(app, "project.office", link));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_proposal_waits_for_the_office_then_returned_for_its_unit_and_a_portal_proposal_for_the_other_office_member(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = $"TP{(int)provider}-{Guid.NewGuid():N}"[..12];
        var reporter = await app.LoginAsync("anyue.reporter");
        var office = await app.LoginAsync("project.office");
        var anyue = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == DemoUnits.Anyue).Id;

        // Proposed by 安岳: the project office's to decide, nobody else's.
        var created = await reporter.PostAsJsonAsync("/api/project-proposals", Data.ConcurrencyTests.NewProject(tag, anyue) with { Name = $"待办申报{tag}" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var proposal = (await created.Content.ReadFromJsonAsync<Blueprint.Web.Features.Projects.Proposals.ProposalDto>(ct))!;
        var link = $"/projects/proposals/{proposal.Project.Id}";
        var decide = Assert.Single(await EntriesAsync(app, "project.office", link));
        Assert.Equal((ToDoKind.Proposal, ToDoStep.Accept, $"待办申报{tag}", "安岳县", (DateOnly?)null), (decide.Kind, decide.Step, decide.Title, decide.UnitName, decide.Deadline));
        await NobodyElseAsync(app, link, "project.office");

        // Returned: 安岳's proposers revise it (the reporter and the unit leader), the office no longer has it.
        var returned = await office.PostAsJsonAsync($"{link.Replace("/projects/proposals", "/api/project-proposals", StringComparison.Ordinal)}/actions",
            new Blueprint.Web.Features.Projects.Proposals.ProposalActionInput(Blueprint.Web.Features.Projects.Proposals.ProposalAction.Return, "请补充用地手续", proposal.Project.Version), ct);
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        foreach (var user in new[] { "anyue.reporter", "anyue.leader" })
        {
            var revise = Assert.Single(await EntriesAsync(app, user, link));
            Assert.Equal((ToDoKind.Proposal, ToDoStep.Fill), (revise.Kind, revise.Step));
        }

        await NobodyElseAsync(app, link, "anyue.reporter", "anyue.leader");

        // A portal proposal waits for the other office member's 保密审查, not the proposer's.
        var project = await Portal.PortalReviewTests.NewProjectAsync(app, office, $"{tag}P", $"待办公开{tag}", ct);
        var proposed = await office.PostAsJsonAsync("/api/portal/reviews", new Blueprint.Web.Features.Portal.ProposePublishInput(Blueprint.Web.Features.Portal.PublicKind.Project, project.Id, null), ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var review = (await proposed.Content.ReadFromJsonAsync<Blueprint.Web.Features.Portal.PortalReviewDto>(ct))!;
        var reviewLink = $"/portal/reviews/{review.Review.Id}";
        var secrecy = Assert.Single(await EntriesAsync(app, "supervision.office", reviewLink));
        Assert.Equal((ToDoKind.Portal, ToDoStep.Approve, $"{tag}P 待办公开{tag}"), (secrecy.Kind, secrecy.Step, secrecy.Title));
        await NobodyElseAsync(app, reviewLink, "supervision.office");
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_count_runs_a_few_queries_whatever_the_data_and_administrators_have_none(DatabaseProvider provider)
    {
        // The top bar counts on every page: one UNION ALL of the sources, plus the cooperating items
        // (they lift the scope filter), the proposals (they lift the library filter), an office
        // member's portal reviews and a reporter's owed indicator values (made in memory, up to 3).
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var counter = new CommandCounter();
        await Task.Delay(CommandCounter.WarmUp, ct);
        foreach (var user in DemoUsers)
        {
            using var scope = await app.UserScopeAsync(user);
            var count = 0;
            var queries = await counter.CountAsync(async () => count = await ListOf(scope).CountAsync(null, ct));
            TestContext.Current.SendDiagnosticMessage($"to-do count of {user} ({provider}): {count} entries, {queries} queries");
            Assert.InRange(queries, 0, 6);
        }

        foreach (var admin in new[] { "sysadmin", "secadmin", "auditadmin" })
        {
            using var scope = await app.UserScopeAsync(admin);
            Assert.Equal(0, await counter.CountAsync(async () => Assert.Equal(0, await ListOf(scope).CountAsync(null, ct))));
            var client = await app.LoginAsync(admin);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/todo", ct)).StatusCode);
            Assert.DoesNotContain("id=\"todo-link\"", await client.GetStringAsync("/", ct), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The sources are counted each apart in the count's one statement, and the home page and the
    /// to-do page list only those with entries: each source's count is its whole list, and the home
    /// page's first entries cost the count's queries plus one per source that has any. An app of its
    /// own: in a shared one other classes add and settle entries between the count and the lists.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Each_source_is_counted_apart_and_only_the_sources_with_entries_are_listed(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var counter = new CommandCounter();
        await Task.Delay(CommandCounter.WarmUp, ct);
        var listed = 0;
        var byShape = new List<(string Shape, string User, string Counts)>();
        // Two reporters of their county's own unit only: their shape's statements take the unit as a parameter.
        using (var setup = app.SystemScope())
        {
            var users = setup.ServiceProvider.GetRequiredService<UserManager<User>>();
            foreach (var county in new[] { "anyue", "lezhi" })
            {
                var unitId = (await users.FindByNameAsync($"{county}.reporter"))!.UnitId;
                var own = new User { UserName = $"{county}.own", DisplayName = $"{county}.own", UnitId = unitId, Scope = DataScope.OwnUnit };
                Assert.True((await users.CreateAsync(own, DemoAccounts.Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(own, Roles.UnitReporter)).Succeeded);
            }
        }

        foreach (var user in DemoUsers.Append("anyue.own").Append("lezhi.own"))
        {
            using var scope = await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            List<ToDoSource> sources = [.. new ToDoSources(db, scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), ListOf(scope).Today).For(db.CurrentUser).Select(s => s())];
            var counts = Array.Empty<int>();
            var counting = await counter.CountAsync(async () => counts = await ToDoSource.CountEachAsync(sources, ct));
            for (var i = 0; i < sources.Count; i++)
            {
                Assert.Equal(counts[i], (await sources[i].List(null, ct)).Count);
            }

            // The statements compiled for the user's shape count and list the same (decision 0056): the two reporters share
            // a shape, so a value of the first frozen into the compiled statements would count or list the second wrongly.
            var localizer = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
            var plan = ToDoPlans.For(db, ListOf(scope).Today, shaped => [.. new ToDoSources(shaped, localizer, ListOf(scope).Today).For(shaped.CurrentUser)]);
            List<Func<ToDoSource>> built = [.. sources.Select(s => (Func<ToDoSource>)(() => s))];
            Assert.Equal(counts, await plan.CountEachAsync(db, built, ct));
            for (var i = 0; i < sources.Count; i++)
            {
                Assert.Equal(await sources[i].List(null, ct), await plan.ListAsync(db, built, i, null, ct));
                Assert.Equal(await sources[i].List(1, ct), await plan.ListAsync(db, built, i, 1, ct));
            }

            byShape.Add((PerShape.KeyOf(db.CurrentUser), user, string.Join(',', counts)));

            // The home page's list: the same count (its own sources), then a list of each source with entries
            // (the owed indicator values are listed from what their count read). Before, every source was listed.
            var withEntries = counts.Count(c => c > 0);
            listed += withEntries;
            IReadOnlyList<ToDoEntry> first = [];
            var queries = await counter.CountAsync(async () => first = await ListOf(scope).FirstAsync(ToDoList.Top, ct));
            TestContext.Current.SendDiagnosticMessage($"{user} ({provider}): {sources.Count} sources, {withEntries} with entries; count {counting} queries, home list {queries}");
            Assert.InRange(queries, counting, counting + withEntries);
            Assert.Equal(Math.Min(ToDoList.Top, counts.Sum()), first.Count);
        }

        Assert.True(listed > 0, "no demo user has anything to do: the test would not see a list");
        // Users of one shape whose counts differ: a value frozen into a shape's statements would show.
        Assert.Contains(byShape.GroupBy(u => u.Shape), shape => shape.Select(u => u.Counts).Distinct().Count() > 1);
        TestContext.Current.SendDiagnosticMessage(string.Join("; ", byShape.Select(u => $"{u.User}: {u.Counts}")));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Indicator_values_are_owed_once_their_period_is_over_by_the_units_responsible_or_sharing(DatabaseProvider provider)
    {
        // 2053-05-10 in the city: January to April are over, May is not.
        var (database, node) = await JobHost.StartAsync(provider, new DateTimeOffset(2053, 5, 10, 2, 0, 0, TimeSpan.Zero));
        await using var _ = database;
        using var __ = node;
        var ct = TestContext.Current.CancellationToken;
        int anyue, lezhi, planYear, lastPlanYear;
        using (var scope = node.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            anyue = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue).Select(u => u.Id).SingleAsync(ct);
            lezhi = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Lezhi).Select(u => u.Id).SingleAsync(ct);
            var plan = new PlanYear { Year = 2053, Title = "2053年蓝图（待办测试）" };
            var lastPlan = new PlanYear { Year = 2052, Title = "2052年蓝图（待办测试）" };
            db.AddRange(plan, lastPlan);
            await db.SaveChangesAsync(ct);
            (planYear, lastPlanYear) = (plan.Id, lastPlan.Id);
        }

        var office = await node.LoginAsync("project.office");
        var indicator = await ReadAsync<IndicatorDto>(await office.PostAsJsonAsync("/api/indicators", new IndicatorInput(planYear, null, "待办测试指标", "亿元",
            IndicatorDirection.HigherIsBetter, IndicatorValueKind.YearToDate, null, 120m, ScheduleProfile.Monthly, null, "市统计局", anyue,
            [new TargetShareInput(lezhi, 30m)]), ct), HttpStatusCode.Created);
        var link = $"/goals/indicators/{indicator.Id}";

        // The responsible county and the county with a share each owe January to April; January was due by the end of February.
        foreach (var (user, unit) in new[] { ("anyue.reporter", "安岳县"), ("lezhi.reporter", "乐至县") })
        {
            var owed = (await ApiEntriesAsync(node, user, link)).Where(e => e.UnitName == unit).ToList();
            Assert.Equal(4, owed.Count);
            Assert.All(owed, e => Assert.Equal((ToDoKind.Indicator, ToDoStep.Fill), (e.Kind, e.Step)));
            Assert.Equal(new DateOnly(2053, 2, 28), owed[0].Deadline);
            Assert.Equal(71, owed[0].DaysLate);
            Assert.Equal(-21, owed[^1].DaysLate); // April, due 2053-05-31
        }

        var reporter = await node.LoginAsync("anyue.reporter");
        var leader = await node.LoginAsync("anyue.leader");
        var value = await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, 1, 10m), ct), HttpStatusCode.Created);
        Assert.Equal(4, (await ApiEntriesAsync(node, "anyue.reporter", link)).Count); // the draft is still to fill, once

        value = await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync($"/api/indicator-values/{value.Id}/submit", new VersionInput(value.Version), ct));
        Assert.Equal(3, (await ApiEntriesAsync(node, "anyue.reporter", link)).Count);
        Assert.Equal(ToDoStep.Approve, Assert.Single(await ApiEntriesAsync(node, "anyue.leader", link)).Step);

        value = await ReadAsync<IndicatorValueDto>(await leader.PostAsJsonAsync($"/api/indicator-values/{value.Id}/approve", new VersionInput(value.Version), ct));
        Assert.Empty(await ApiEntriesAsync(node, "anyue.leader", link));
        Assert.Equal(ToDoStep.Accept, Assert.Single(await ApiEntriesAsync(node, "project.office", link)).Step);

        await ReadAsync<IndicatorValueDto>(await office.PostAsJsonAsync($"/api/indicator-values/{value.Id}/accept", new VersionInput(value.Version), ct));
        Assert.Empty(await ApiEntriesAsync(node, "project.office", link));
        Assert.Equal(3, (await ApiEntriesAsync(node, "anyue.reporter", link)).Count);
        Assert.Equal(4, (await ApiEntriesAsync(node, "lezhi.reporter", link)).Count);

        // Drafts for February and April but not March: March is still owed (a unit's values with a gap are read period
        // by period); with March drafted too, nothing is owed and the three drafts are still to submit.
        foreach (var period in new[] { 2, 4 })
        {
            await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, period, 10m), ct), HttpStatusCode.Created);
        }

        var gap = await ApiEntriesAsync(node, "anyue.reporter", link);
        Assert.Equal<DateOnly?>([new DateOnly(2053, 3, 31), new DateOnly(2053, 4, 30), new DateOnly(2053, 5, 31)], gap.Select(e => e.Deadline));
        await CountIsListAsync(node, "anyue.reporter"); // counted in the database, listed in memory: the same at a gap
        await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, 3, 10m), ct), HttpStatusCode.Created);
        Assert.Equal(3, (await ApiEntriesAsync(node, "anyue.reporter", link)).Count);

        // Every schedule of this year and last: on 2053-05-10 the first quarter of 2053 is over and its year is not;
        // every month and the year of 2052 are. Each county owes the same.
        foreach (var (plan, profile, owes) in new[]
        {
            (planYear, ScheduleProfile.Quarterly, 1), (planYear, ScheduleProfile.AnnualOnly, 0),
            (lastPlanYear, ScheduleProfile.Monthly, 12), (lastPlanYear, ScheduleProfile.AnnualOnly, 1),
        })
        {
            var other = await ReadAsync<IndicatorDto>(await office.PostAsJsonAsync("/api/indicators", new IndicatorInput(plan, null, $"待办测试指标{plan}{profile}", "亿元",
                IndicatorDirection.HigherIsBetter, IndicatorValueKind.YearToDate, null, 120m, profile, null, "市统计局", anyue,
                [new TargetShareInput(lezhi, 30m)]), ct), HttpStatusCode.Created);
            foreach (var user in new[] { "anyue.reporter", "lezhi.reporter" })
            {
                Assert.Equal(owes, (await ApiEntriesAsync(node, user, $"/goals/indicators/{other.Id}")).Count);
            }
        }

        // Nobody else writes to this database: the count, the page's total and the list agree for everyone.
        foreach (var user in DemoUsers)
        {
            await CountIsListAsync(node, user);
        }
    }

    private static async Task CountIsListAsync(JobHost node, string user)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await node.LoginAsync(user);
        var count = (await client.GetFromJsonAsync<ToDoCount>("/api/todo/count", ct))!.Count;
        var all = (await client.GetFromJsonAsync<Page<ToDoEntry>>("/api/todo?pageSize=500", ct))!;
        Assert.Equal((count, count), (all.Total, all.Items.Count));
        Assert.Equal(all.Items, ToDoRules.Urgent(all.Items));
    }

    private static int Year(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 2053 : 2054;

    private static ToDoList ListOf(IServiceScope scope) => new(
        scope.ServiceProvider.GetRequiredService<BlueprintDb>(),
        scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(),
        scope.ServiceProvider.GetRequiredService<TimeProvider>());

    private static DateOnly Today(TestApp app) => ReportingWindows.Today(app.Services.GetRequiredService<TimeProvider>());

    /// <summary>The user's entries that lead to <paramref name="link"/> (the whole to-do is read: other classes fill the shared apps' lists).</summary>
    private static async Task<List<ToDoEntry>> EntriesAsync(TestApp app, string user, string link)
    {
        using var scope = await app.UserScopeAsync(user);
        return [.. (await ListOf(scope).AllAsync(null, TestContext.Current.CancellationToken)).Where(e => e.Link == link)];
    }

    private static async Task NobodyElseAsync(TestApp app, string link, params string[] except)
    {
        foreach (var user in DemoUsers.Where(u => !except.Contains(u)))
        {
            Assert.True((await EntriesAsync(app, user, link)).Count == 0, $"{user} should not have {link}");
        }
    }

    private static async Task<List<ToDoEntry>> ApiEntriesAsync(JobHost node, string user, string link)
    {
        var client = await node.LoginAsync(user);
        var page = (await client.GetFromJsonAsync<Page<ToDoEntry>>("/api/todo?pageSize=500", TestContext.Current.CancellationToken))!;
        Assert.True(page.Total <= 500, "the list fits one page");
        return [.. page.Items.Where(e => e.Link == link)];
    }

    private static async Task<int> ProjectAsync(TestApp app, string code, int year)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue);
        var project = new KeyProject { Code = code, Name = $"待办测试项目{code}", UnitId = unit.Id, TotalInvestment = 10_000_0000 };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000_0000 });
        await db.SaveChangesAsync();
        return project.Id;
    }

    /// <summary>A window of the class's own year with the given due date (find or create: both tests of a provider may ask).</summary>
    private static async Task WindowAsync(TestApp app, int year, int month, DateOnly dueOn)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        if (!await db.Set<ReportingWindow>().AnyAsync(w => w.Year == year && w.Month == month))
        {
            db.Add(new ReportingWindow { Year = year, Month = month, OpensOn = new DateOnly(2000, 1, 1), DueOn = dueOn });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Reopens a month past its 截止日 for 安岳 (once: the window is shared by the class's tests).</summary>
    private static async Task ReopenAsync(TestApp app, int year, int month)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var window = await db.Set<ReportingWindow>().SingleAsync(w => w.Year == year && w.Month == month);
        var anyue = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue).Select(u => u.Id).SingleAsync();
        if (!await db.Set<ReportingReopening>().AnyAsync(o => o.ReportingWindowId == window.Id && o.UnitId == anyue))
        {
            db.Add(new ReportingReopening { ReportingWindowId = window.Id, UnitId = anyue, Reason = "待办测试：逾期补报", ReopenedAtUtc = new DateTime(2001, 1, 2, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
