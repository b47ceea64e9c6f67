using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Indicators;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Projects;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// Every step of a submission lands in the right inboxes, decided in one place
/// (<see cref="SubmissionNotices"/>): submitted → the unit's leaders, approved → the office,
/// returned → the submitter with the reason, accepted → submitter and approver; never the one
/// who acted. Walked through the API for the monthly progress and an indicator value, on both
/// databases. Notifications are found by their link, which is this test's own record.
/// </summary>
public sealed class SubmissionNoticesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_monthly_report_tells_the_leader_the_office_and_the_reporter_each_in_turn(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2041 : 2042;
        await TestWindows.EnsureOpenAsync(app, year, 5);
        var (projectId, people) = await ArrangeAsync(app, $"SN{(int)provider}-{Guid.NewGuid():N}"[..12], year);
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var office = await app.LoginAsync("project.office");
        var link = $"/progress/{projectId}/{year}/5";

        var report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(projectId, year, 5, 100_0000, 400_0000, 900_0000, "主体施工", null, null, 0), ct), HttpStatusCode.Created);
        Assert.Empty(await NoticesAsync(app, link));

        report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{report.Id}/submit", new VersionInput(report.Version), ct));
        var notices = await NoticesAsync(app, link);
        var leaders = Users(notices, NotificationKind.Submitted);
        await AssertToldAsync(app, leaders, people.Leader, Roles.UnitLeader, people.Unit);
        Assert.Contains("待审核", notices[0].Title, StringComparison.Ordinal);

        report = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{report.Id}/return", new ReturnInput(report.Version, "本年累计与上月不符"), ct));
        notices = await NoticesAsync(app, link);
        var returned = Assert.Single(notices, n => n.Kind == NotificationKind.Returned);
        Assert.Equal(people.Reporter, returned.UserId);
        Assert.Contains("本年累计与上月不符", returned.Title, StringComparison.Ordinal);

        report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{report.Id}/submit", new VersionInput(report.Version), ct));
        report = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{report.Id}/approve", new VersionInput(report.Version), ct));
        notices = await NoticesAsync(app, link);
        Assert.All(leaders, u => Assert.Equal(2, notices.Count(n => n.Kind == NotificationKind.Submitted && n.UserId == u)));
        await AssertToldAsync(app, Users(notices, NotificationKind.Approved), people.Office, Roles.ProjectOffice, null);

        await ReadAsync<ProgressReportDto>(await office.PostAsJsonAsync($"/api/progress-reports/{report.Id}/accept", new VersionInput(report.Version), ct));
        notices = await NoticesAsync(app, link);
        Assert.Equal(new SortedSet<int> { people.Reporter, people.Leader }, Users(notices, NotificationKind.Accepted));

        // The reporter reads it in their own inbox, with the link to the month.
        var inbox = await reporter.GetStringAsync("/inbox", ct);
        Assert.Contains("本年累计与上月不符", inbox, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_indicator_value_and_its_correction_tell_the_same_people(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await IndicatorArrange.PlanYearAsync(app);
        var anyue = await IndicatorArrange.UnitAsync(app, "ZY-AY");
        var indicator = await IndicatorArrange.CreateAsync(app, IndicatorArrange.Input(plan.Id, $"通知测试指标-{provider}-{Guid.NewGuid():N}"[..24], anyue));
        var (_, people) = await ArrangeAsync(app, null, 0);
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var office = await app.LoginAsync("project.office");
        var link = $"/goals/indicators/{indicator.Id}";

        var value = await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, 1, 10m), ct), HttpStatusCode.Created);
        value = await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync($"/api/indicator-values/{value.Id}/submit", new VersionInput(value.Version), ct));
        value = await ReadAsync<IndicatorValueDto>(await leader.PostAsJsonAsync($"/api/indicator-values/{value.Id}/approve", new VersionInput(value.Version), ct));
        value = await ReadAsync<IndicatorValueDto>(await office.PostAsJsonAsync($"/api/indicator-values/{value.Id}/accept", new VersionInput(value.Version), ct));
        var correction = await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync($"/api/indicator-values/{value.Id}/corrections",
            new IndicatorCorrectionInput(12m, "统计局修订", value.Version), ct), HttpStatusCode.Created);
        await ReadAsync<IndicatorValueDto>(await office.PostAsJsonAsync($"/api/indicator-values/{correction.Id}/return", new ReturnInput(correction.Version, "请附修订文件"), ct));

        var notices = await NoticesAsync(app, link);
        var leaders = Users(notices, NotificationKind.Submitted);
        await AssertToldAsync(app, leaders, people.Leader, Roles.UnitLeader, people.Unit);
        Assert.All(leaders, u => Assert.Equal(2, notices.Count(n => n.Kind == NotificationKind.Submitted && n.UserId == u)));
        await AssertToldAsync(app, Users(notices, NotificationKind.Approved), people.Office, Roles.ProjectOffice, null);
        Assert.Equal(new SortedSet<int> { people.Reporter, people.Leader }, Users(notices, NotificationKind.Accepted));
        Assert.Contains(notices, n => n.Kind == NotificationKind.Returned && n.UserId == people.Reporter && n.Title.Contains("请附修订文件", StringComparison.Ordinal));
        Assert.All(notices.Where(n => n.Kind == NotificationKind.Returned), n => Assert.Equal(people.Reporter, n.UserId));
    }

    private sealed record People(int Reporter, int Leader, int Office, int Unit);

    /// <summary>
    /// Those told include the demo account and are all enabled holders of the role (in the unit).
    /// Other classes add accounts of these roles while this one runs (the authorization matrix
    /// does), so the set is judged against the holders counted after the step, not for equality.
    /// </summary>
    private static async Task AssertToldAsync(TestApp app, SortedSet<int> told, int mustInclude, string role, int? unitId)
    {
        Assert.Contains(mustInclude, told);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var holders = await (
            from u in db.Set<User>()
            join ur in db.Set<IdentityUserRole<int>>() on u.Id equals ur.UserId
            join r in db.Set<Role>() on ur.RoleId equals r.Id
            where r.Name == role && !u.IsDisabled && (unitId == null || u.UnitId == unitId)
            select u.Id).ToListAsync();
        Assert.Subset(new HashSet<int>(holders), told);
    }

    private static SortedSet<int> Users(List<Notification> notices, NotificationKind kind) => [.. notices.Where(n => n.Kind == kind).Select(n => n.UserId)];

    private static async Task<(int ProjectId, People People)> ArrangeAsync(TestApp app, string? code, int year)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-AY");
        var projectId = 0;
        if (code is not null)
        {
            var project = new KeyProject { Code = code, Name = $"通知测试项目{code}", UnitId = unit.Id, TotalInvestment = 10_000_0000 };
            db.Add(project);
            db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000_0000 });
            await db.SaveChangesAsync();
            projectId = project.Id;
        }

        var ids = await db.Set<User>().Where(u => u.UserName == "anyue.reporter" || u.UserName == "anyue.leader" || u.UserName == "project.office")
            .ToDictionaryAsync(u => u.UserName!, u => u.Id);
        return (projectId, new People(ids["anyue.reporter"], ids["anyue.leader"], ids["project.office"], unit.Id));
    }

    private static async Task<List<Notification>> NoticesAsync(TestApp app, string link)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>().IgnoreQueryFilters()
            .Where(n => n.Link == link).OrderBy(n => n.Id).ToListAsync();
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
