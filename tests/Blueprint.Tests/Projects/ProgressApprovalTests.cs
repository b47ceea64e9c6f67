using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;

namespace Blueprint.Tests.Projects;

public sealed class ProgressApprovalTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_report_is_approved_by_the_unit_leader_but_never_by_its_submitter(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var units = await reporter.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var anyue = units!.Single(u => u.Code == "ZY-AY").Id;
        await TestWindows.EnsureOpenAsync(app, 2099, 4);
        await TestWindows.EnsureOpenAsync(app, 2099, 5);
        // The project office keeps the library (a reporter would propose it, decision 0018).
        var office = await app.LoginAsync("project.office");
        var project = await (await office.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject($"AP-{provider}", anyue), ct))
            .Content.ReadFromJsonAsync<KeyProjectDto>(ct);

        // The reporter fills and submits; a reporter may not approve at all.
        var draft = await (await reporter.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(project!.Id, 2099, 4, 1_000_000, 4_000_000, 9_000_000, "主体完工", null, null), ct))
            .Content.ReadFromJsonAsync<ProgressReportDto>(ct);
        var submitted = await (await reporter.PostAsJsonAsync($"/api/progress-reports/{draft!.Id}/submit", new VersionInput(draft.Version), ct))
            .Content.ReadFromJsonAsync<ProgressReportDto>(ct);
        Assert.Equal(SubmissionStatus.Submitted, submitted!.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/approve", new VersionInput(submitted.Version), ct)).StatusCode);

        // The unit leader approves it.
        var approved = await leader.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/approve", new VersionInput(submitted.Version), ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(SubmissionStatus.Approved, (await approved.Content.ReadFromJsonAsync<ProgressReportDto>(ct))!.Status);

        // A leader who submits a report themselves cannot approve it.
        var own = await (await leader.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(project.Id, 2099, 5, 1_000_000, 5_000_000, 10_000_000, null, null, null), ct))
            .Content.ReadFromJsonAsync<ProgressReportDto>(ct);
        var ownSubmitted = await (await leader.PostAsJsonAsync($"/api/progress-reports/{own!.Id}/submit", new VersionInput(own.Version), ct))
            .Content.ReadFromJsonAsync<ProgressReportDto>(ct);
        var refused = await leader.PostAsJsonAsync($"/api/progress-reports/{own.Id}/approve", new VersionInput(ownSubmitted!.Version), ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("本人提交", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Invalid_figures_are_refused_with_a_message_per_field(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var reporter = await app.LoginAsync("anyue.reporter");
        var units = await reporter.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var office = await app.LoginAsync("project.office");
        var project = await (await office.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject($"IV-{provider}", units!.Single(u => u.Code == "ZY-AY").Id), ct))
            .Content.ReadFromJsonAsync<KeyProjectDto>(ct);

        var response = await reporter.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(project!.Id, 2099, 13, 5_000_000, 1_000_000, 1_000_000, null, null, null), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("\"month\"", body, StringComparison.Ordinal);
        Assert.Contains("\"investmentYearToDate\"", body, StringComparison.Ordinal);
        Assert.Contains("月份", body, StringComparison.Ordinal);
    }
}
