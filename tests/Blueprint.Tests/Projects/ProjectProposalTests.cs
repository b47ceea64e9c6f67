using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// Project proposals (项目申报, decision 0018): a county reporter's project waits for the project
/// office and counts nowhere until accepted; returned with a reason, edited and proposed again,
/// accepted, it counts. Both sides' inboxes are checked at each step. Years 2049 / 2050 (安岳).
/// </summary>
public sealed class ProjectProposalTests(Apps apps)
{
    private static int YearOf(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 2049 : 2050;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_proposal_counts_nowhere_until_the_office_accepts_it_after_a_return_and_a_resubmission(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.GetAsync(provider);
        var year = YearOf(provider);
        var code = $"PP{year}-1";
        var reporter = await app.LoginAsync("anyue.reporter");
        var office = await app.LoginAsync("project.office");
        var lezhi = await app.LoginAsync("lezhi.reporter");
        var anyue = (await reporter.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == DemoUnits.Anyue).Id;

        // The reporter proposes a project that started in March.
        var input = Data.ConcurrencyTests.NewProject(code, anyue) with
        {
            Name = "安岳县申报测试项目",
            Stage = ProjectStage.Started,
            ActualStart = new DateOnly(year, 3, 1),
            PlannedStart = new DateOnly(year, 3, 1),
            PlannedCompletion = new DateOnly(year + 2, 12, 31),
            TotalInvestment = 500_000_000,
        };
        var created = await reporter.PostAsJsonAsync("/api/project-proposals", input, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var proposal = (await created.Content.ReadFromJsonAsync<ProposalDto>(ct))!;
        var id = proposal.Project.Id;
        var link = $"/projects/proposals/{id}";
        Assert.Equal((LibraryStatus.Proposed, ProposalActor.Proposer), (proposal.Status, proposal.Actor));
        Assert.Empty(proposal.AllowedActions);
        Assert.Equal([(NotificationKind.General, "安岳县申报项目：" + code + " 安岳县申报测试项目")], await InboxAsync(office, link));
        Assert.Empty(await InboxAsync(reporter, link));

        // Another county's reporter does not see it; the office sees it waiting.
        Assert.Equal(HttpStatusCode.NotFound, (await lezhi.GetAsync($"/api/project-proposals/{id}", ct)).StatusCode);
        Assert.Equal(0, (await lezhi.GetFromJsonAsync<Page<ProposalRowDto>>($"/api/project-proposals?q={code}", ct))!.Total);
        Assert.Equal(HttpStatusCode.NotFound, (await lezhi.GetAsync(link, ct)).StatusCode);
        var waiting = (await office.GetFromJsonAsync<Page<ProposalRowDto>>($"/api/project-proposals?status=Proposed&q={code}", ct))!;
        Assert.Equal(("安岳县填报员", LibraryStatus.Proposed), (Assert.Single(waiting.Items).ProposedBy, waiting.Items[0].Status));

        // Nothing of the city knows it: not the library, its page, its export, a progress report, a problem or the plan.
        Assert.Equal(0, (await office.GetFromJsonAsync<Page<KeyProjectDto>>($"/api/projects?q={code}", ct))!.Total);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/api/projects/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/projects/{id}", ct)).StatusCode);
        Assert.Contains("共 0 条", await office.GetStringAsync($"/projects?q={code}", ct), StringComparison.Ordinal);
        Assert.Empty(ExcelFiles.Read(await office.GetByteArrayAsync($"/api/projects/export?q={code}", ct), ProjectSheet.SheetName));
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(id, year, 3, 1, 1, 1, null, null, null), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reporter.PostAsJsonAsync("/api/problems", new { title = "申报项目的问题", unitId = anyue, keyProjectId = id }, ct)).StatusCode);
        var planRow = new Dictionary<string, object?> { [AnnualPlanSheet.Year] = year, [AnnualPlanSheet.Code] = code, [AnnualPlanSheet.PlanType] = "计划开工", [AnnualPlanSheet.Investment] = 10_000 };
        var plan = await ExcelFiles.UploadAsync(office, "/api/imports/annual-plan", ExcelFiles.Workbook(AnnualPlanSheet.SheetName, [planRow]));
        Assert.Equal(HttpStatusCode.BadRequest, plan.StatusCode);
        Assert.Equal(AnnualPlanSheet.Code, Assert.Single(await ExcelFiles.RowErrorsAsync(plan)).Column);

        // Even a plan entry written past every rule leaves the figures untouched while it is a proposal.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Add(new AnnualPlanEntry { Year = year, KeyProjectId = id, UnitId = anyue, PlanType = PlanType.PlannedStart, AnnualPlannedInvestment = 100_000_000 });
            await db.SaveChangesAsync(ct);
        }

        await AssertCountedAsync(office, year, counted: false);

        // The office returns it: a reason is required, and only the office may decide.
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/project-proposals/{id}/actions", new ProposalActionInput(ProposalAction.Accept, null, proposal.Project.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync($"/api/project-proposals/{id}/actions", new ProposalActionInput(ProposalAction.Return, " ", proposal.Project.Version), ct)).StatusCode);
        var returned = await ActAsync(office, id, new ProposalActionInput(ProposalAction.Return, "总投资与可研批复不一致，请核实。", proposal.Project.Version));
        Assert.Equal(LibraryStatus.Returned, returned.Status);
        Assert.Equal([(NotificationKind.Returned, $"申报项目被退回：{code} 安岳县申报测试项目。原因：总投资与可研批复不一致，请核实。")], await InboxAsync(reporter, link));
        Assert.Empty(await InboxAsync(await app.LoginAsync("anyue.leader"), link));
        var mine = (await reporter.GetFromJsonAsync<Page<ProposalRowDto>>($"/api/project-proposals?q={code}", ct))!;
        Assert.Equal((LibraryStatus.Returned, "总投资与可研批复不一致，请核实。"), (Assert.Single(mine.Items).Status, mine.Items[0].ReturnReason));
        await AssertCountedAsync(office, year, counted: false);

        // The reporter corrects the investment and proposes it again; the office is told.
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/project-proposals/{id}/actions", new ProposalActionInput(ProposalAction.Accept, null, returned.Project.Version), ct)).StatusCode);
        var edited = await reporter.PutAsJsonAsync($"/api/project-proposals/{id}", input with { TotalInvestment = 450_000_000, Version = returned.Project.Version }, ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var resubmitted = (await edited.Content.ReadFromJsonAsync<ProposalDto>(ct))!;
        Assert.Equal((LibraryStatus.Proposed, 450_000_000L), (resubmitted.Status, resubmitted.Project.TotalInvestment));
        Assert.Equal(2, (await InboxAsync(office, link)).Count);
        Assert.Contains((NotificationKind.General, $"安岳县重新申报项目：{code} 安岳县申报测试项目"), await InboxAsync(office, link));
        await AssertCountedAsync(office, year, counted: false);

        // A stale version is a conflict; the office accepts the current one and the reporter is told.
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/project-proposals/{id}/actions", new ProposalActionInput(ProposalAction.Accept, null, returned.Project.Version), ct)).StatusCode);
        var accepted = await ActAsync(office, id, new ProposalActionInput(ProposalAction.Accept, null, resubmitted.Project.Version));
        Assert.Equal(LibraryStatus.InLibrary, accepted.Status);
        Assert.Equal([ProposalStepKind.Proposed, ProposalStepKind.Returned, ProposalStepKind.Resubmitted, ProposalStepKind.Accepted], accepted.Steps.Select(s => s.Kind));
        Assert.Contains((NotificationKind.Approved, $"申报项目已入库：{code} 安岳县申报测试项目"), await InboxAsync(reporter, $"/projects/{id}"));

        // Now it counts: the library, its page, the bulletin, the cockpit's funnel, and it is started since March.
        Assert.Equal(1, (await office.GetFromJsonAsync<Page<KeyProjectDto>>($"/api/projects?q={code}", ct))!.Total);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync($"/projects/{id}", ct)).StatusCode);
        await AssertCountedAsync(office, year, counted: true);
        Assert.Equal(LibraryStatus.InLibrary, Assert.Single((await reporter.GetFromJsonAsync<Page<ProposalRowDto>>($"/api/project-proposals?status=InLibrary&q={code}", ct))!.Items).Status);
        Assert.Equal(0, (await office.GetFromJsonAsync<Page<ProposalRowDto>>($"/api/project-proposals?status=Proposed&q={code}", ct))!.Total);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/project-proposals/{id}/actions", new ProposalActionInput(ProposalAction.Return, "再退", accepted.Project.Version), ct)).StatusCode);
    }

    [Fact]
    public async Task The_office_proposes_nothing_and_a_project_entered_by_the_office_is_no_proposal()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var office = await app.LoginAsync("project.office");
        var anyue = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == DemoUnits.Anyue).Id;

        var refused = await office.PostAsJsonAsync("/api/project-proposals", Data.ConcurrencyTests.NewProject("PP2049-OFFICE", anyue), ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // Refused at the gate (decision 0019), in the user's language.
        Assert.Contains("您的角色无权执行此操作", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var project = (await (await office.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject("PP2049-DIRECT", anyue), ct)).Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/api/project-proposals/{project.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.PostAsJsonAsync($"/api/project-proposals/{project.Id}/actions", new ProposalActionInput(ProposalAction.Return, "不是申报", project.Version), ct)).StatusCode);

        // A leader reads the city's figures, not the units' proposals.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("leader")).GetAsync("/api/project-proposals", ct)).StatusCode);
    }

    [Fact]
    public async Task On_the_pages_the_reporter_proposes_the_office_returns_with_a_confirmed_reason_the_reporter_resubmits_the_office_accepts()
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var reporter = await app.LoginAsync("anyue.reporter");
        var office = await app.LoginAsync("project.office");
        const string Code = "PP2049-PAGE";

        // /projects/new is the proposal form for a county.
        var form = await ProjectFormTests.OpenFormAsync(reporter, "/projects/new");
        Assert.Contains("提交申报", await reporter.GetStringAsync("/projects/new", ct), StringComparison.Ordinal);
        form["Form.Code"] = Code;
        form["Form.Name"] = "页面申报测试项目";
        form["Form.TotalInvestmentWan"] = "12,000";
        var posted = await reporter.PostAsync("/projects/new", new FormUrlEncodedContent(form), ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = int.Parse(System.Text.RegularExpressions.Regex.Match(posted.Headers.Location!.ToString(), @"proposals/(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var page = $"/projects/proposals/{id}";
        Assert.Contains("已提交申报", await reporter.GetStringAsync(page + "?done=Proposed", ct), StringComparison.Ordinal);

        // The office's waiting list shows it; a return without the tick is refused, with it done.
        var list = await office.GetStringAsync($"/projects/proposals?q={Code}", ct);
        Assert.Contains($"data-proposal-code=\"{Code}\"", list, StringComparison.Ordinal);
        Assert.Contains("待审核", list, StringComparison.Ordinal);
        var returnForm = await ProjectFormTests.OpenFormAsync(office, page, "form-Return");
        returnForm.Remove("Act.Confirmed");
        returnForm["Act.Reason"] = "请补充建设地点。";
        var unticked = await office.PostAsync(page, new FormUrlEncodedContent(returnForm), ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);
        Assert.Contains("请勾选确认后再提交", await unticked.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        returnForm["Act.Confirmed"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostAsync(page, new FormUrlEncodedContent(returnForm), ct)).StatusCode);

        // The reporter sees why, edits it and proposes it again.
        var mine = await reporter.GetStringAsync("/projects/proposals", ct);
        Assert.Contains("请补充建设地点。", mine, StringComparison.Ordinal);
        Assert.Contains("id=\"proposal-edit\"", await reporter.GetStringAsync(page, ct), StringComparison.Ordinal);
        var edit = await ProjectFormTests.OpenFormAsync(reporter, $"{page}/edit");
        edit["Form.Location"] = "安岳县岳阳镇";
        var resubmitted = await reporter.PostAsync($"{page}/edit", new FormUrlEncodedContent(edit), ct);
        Assert.Equal(HttpStatusCode.Redirect, resubmitted.StatusCode);
        Assert.Contains("安岳县岳阳镇", await office.GetStringAsync(page, ct), StringComparison.Ordinal);

        // The office accepts it from the page; it is in the library.
        var acceptForm = await ProjectFormTests.OpenFormAsync(office, page, "form-Accept");
        var accepted = await office.PostAsync(page, new FormUrlEncodedContent(acceptForm), ct);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("已审核入库", await office.GetStringAsync(page + "?done=Accept", ct), StringComparison.Ordinal);
        Assert.Contains("共 1 条", await office.GetStringAsync($"/projects?q={Code}", ct), StringComparison.Ordinal);
    }

    /// <summary>The figures of the year for 安岳 at the end of June, and the cockpit's funnel, with or without the project.</summary>
    private static async Task AssertCountedAsync(HttpClient office, int year, bool counted)
    {
        var ct = TestContext.Current.CancellationToken;
        var n = counted ? 1 : 0;
        var bulletin = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?year={year}&month=6", ct))!;
        Assert.Equal((n, n, n, counted ? 100_000_000L : 0), (bulletin.All.Count, bulletin.All.PlannedStarts, bulletin.All.Started, bulletin.All.AnnualPlan));
        Assert.Equal(n, bulletin.ByUnit.Count);
        using var cockpit = JsonDocument.Parse(await office.GetStringAsync($"/api/cockpit?year={year}&month=6", ct));
        Assert.Equal(n, cockpit.RootElement.GetProperty("funnel").GetProperty("steps")[2].GetProperty("count").GetInt32());
        Assert.Equal(n, (await office.GetFromJsonAsync<FunnelDto>($"/api/funnel?year={year}", ct))!.Steps[0].Count);
        Assert.Contains($"共 {n} 条", await office.GetStringAsync($"/projects?year={year}&planType=PlannedStart", ct), StringComparison.Ordinal);
    }

    private static async Task<ProposalDto> ActAsync(HttpClient client, int id, ProposalActionInput input)
    {
        var response = await client.PostAsJsonAsync($"/api/project-proposals/{id}/actions", input, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<ProposalDto>(TestContext.Current.CancellationToken))!;
    }

    /// <summary>A user's own inbox, through the API, for one link.</summary>
    private static async Task<List<(NotificationKind Kind, string Title)>> InboxAsync(HttpClient client, string link)
    {
        var page = await client.GetFromJsonAsync<Page<NotificationDto>>("/api/notifications?pageSize=500", TestContext.Current.CancellationToken);
        return [.. page!.Items.Where(n => n.Link == link).OrderBy(n => n.Id).Select(n => (n.Kind, n.Title))];
    }
}
