using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reader.Flow;

/// <summary>
/// The reader's flow through the API: a pasted report becomes proposals, accepting them creates
/// real records that point back to their sentence, and nothing is decided twice. The report's
/// sentences are ones whose proposals the extraction's own tests pin down; its years (2083,
/// 2084) are used by no other test, so the shared demo data is not disturbed.
/// </summary>
public sealed class ReaderFlowTests(Apps apps)
{
    private const int Year = 2083;

    private const string Report =
        "2083年9月，安岳县城市污水处理厂提标改造项目开工建设，总投资7.52亿元。" +
        "雁江区过去的农业园区建设大多只考虑了投入，没有考虑效益。" +
        "力争2084年高新区地区生产总值增长8%。";

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_pasted_report_becomes_records_that_link_back_to_their_sentences(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.ToDictionary(u => u.Code, u => u.Id);
        var title = $"务虚会报道 {provider} {Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("anyue.reporter")).GetAsync("/api/reader/documents", ct)).StatusCode);
        var invalid = await office.PostAsJsonAsync("/api/reader/documents", new ReaderDocumentInput("", 1999, " "), ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!;
        Assert.Equal(["text", "title", "year"], problem.Errors.Keys.Order());
        Assert.Contains("标题", problem.Errors["title"][0], StringComparison.Ordinal);

        var created = await office.PostAsJsonAsync("/api/reader/documents", new ReaderDocumentInput(title, Year, Report), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = (await created.Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        Assert.Equal(3, document.Sentences.Count);

        // The page shows when it was uploaded in the city's time (UTC+8), as every page shows instants.
        var shown = (document.UploadedAtUtc + TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(shown, await office.GetStringAsync($"/reader/{document.Id}", ct));
        var milestone = document.Proposals.Single(p => p.Kind == ProposalKind.Milestone);
        var project = document.Proposals.Single(p => p.Kind == ProposalKind.Project);
        var raised = document.Proposals.Single(p => p.Kind == ProposalKind.Problem);
        var target = document.Proposals.Single(p => p.Kind == ProposalKind.Target);
        Assert.Equal((1, 1, 2, 3), (milestone.SentenceNumber, project.SentenceNumber, raised.SentenceNumber, target.SentenceNumber));
        Assert.Equal((Year, 9, (int?)null), (milestone.Fields.Year, milestone.Fields.Month, milestone.Fields.Day));
        Assert.Equal([units["ZY-AY"]], milestone.Fields.UnitIds!);
        Assert.Equal((752_000_000L, ProjectStage.Started), (project.Fields.AmountYuan, project.Fields.Stage));
        Assert.Contains(project.Spans, s => s.Role == "money" && project.Sentence.Substring(s.Start, s.Length) == s.Text);

        // The milestone as read: month only, the county, and the sentence it came from.
        var accepted = await office.PostAsJsonAsync($"/api/reader/proposals/{milestone.Id}/accept", new ProposalDecision(milestone.Version), ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var milestoneRecord = (await accepted.Content.ReadFromJsonAsync<ProposalDto>(ct))!.Record!;
        Assert.Equal(ReaderRecordKind.Milestone, milestoneRecord.Kind);
        var savedMilestone = (await office.GetFromJsonAsync<MilestoneDto>($"/api/milestones/{milestoneRecord.Id}", ct))!;
        Assert.Equal((new DateOnly(Year, 9, 1), true), (savedMilestone.Date, savedMilestone.MonthOnly));
        Assert.Equal([units["ZY-AY"]], savedMilestone.Units.Select(u => u.Id));
        Assert.StartsWith($"来源：《{title}》第1句", savedMilestone.Description, StringComparison.Ordinal);

        // The project with the name the user corrected before accepting.
        var fields = project.Fields with { ProjectName = "安岳县城市污水处理厂提标改造工程", ProjectCode = $"YD-T-{Guid.NewGuid():N}"[..20] };
        var projectAccepted = await office.PostAsJsonAsync($"/api/reader/proposals/{project.Id}/accept", new ProposalDecision(project.Version, fields), ct);
        Assert.Equal(HttpStatusCode.OK, projectAccepted.StatusCode);
        var projectRecord = (await projectAccepted.Content.ReadFromJsonAsync<ProposalDto>(ct))!.Record!;
        var savedProject = (await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{projectRecord.Id}", ct))!;
        Assert.Equal((fields.ProjectName, fields.ProjectCode, units["ZY-AY"], 752_000_000L, ProjectStage.Started),
            (savedProject.Name, savedProject.Code, savedProject.UnitId, savedProject.TotalInvestment, savedProject.Stage));
        // A later report naming that project offers it to link instead of creating a duplicate (issue 18).
        var later = (await (await office.PostAsJsonAsync("/api/reader/documents",
            new ReaderDocumentInput($"后续 {Guid.NewGuid():N}", Year, "2083年10月，安岳县城市污水处理厂提标改造工程竣工。"), ct))
            .Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        var again = later.Proposals.Single(p => p.Kind == ProposalKind.Project);
        Assert.Contains(again.Fields.ProjectCandidates!, c => c.Id == projectRecord.Id && c.Code == fields.ProjectCode);
        var linked = await office.PostAsJsonAsync($"/api/reader/proposals/{again.Id}/accept",
            new ProposalDecision(again.Version, again.Fields with { ExistingProjectId = projectRecord.Id }), ct);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal(projectRecord, (await linked.Content.ReadFromJsonAsync<ProposalDto>(ct))!.Record);
        using (var scope = app.SystemScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeyProject>().CountAsync(k => k.Code == fields.ProjectCode, ct));
        }

        // The project page shows the sentence it came from (issue 18).
        var projectPage = await office.GetStringAsync($"/projects/{projectRecord.Id}", ct);
        Assert.Contains("id=\"reader-origin\"", projectPage, StringComparison.Ordinal);
        Assert.Contains("安岳县城市污水处理厂提标改造项目开工建设", projectPage, StringComparison.Ordinal);

        // Accepting twice, or with a stale version, is refused and creates nothing more.
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/reader/proposals/{project.Id}/accept", new ProposalDecision(project.Version + 1, fields), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/reader/proposals/{raised.Id}/accept", new ProposalDecision(raised.Version + 7), ct)).StatusCode);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            Assert.Equal(1, await db.Set<KeyProject>().CountAsync(p => p.Name == fields.ProjectName, ct));
        }

        // Rejecting is once too.
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/reader/proposals/{raised.Id}/reject", new ProposalDecision(raised.Version), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/reader/proposals/{raised.Id}/accept", new ProposalDecision(raised.Version + 1), ct)).StatusCode);

        // Sentence 1 shows both records it became; each record finds its sentence.
        var after = (await office.GetFromJsonAsync<ReaderDocumentDto>($"/api/reader/documents/{document.Id}", ct))!;
        Assert.Equal([milestoneRecord, projectRecord], after.Sentences[0].Records.OrderBy(r => r.Kind));
        Assert.Equal(ProposalState.Rejected, after.Proposals.Single(p => p.Id == raised.Id).State);
        var origin = (await office.GetFromJsonAsync<RecordOrigin>($"/api/reader/origin?kind=KeyProject&id={projectRecord.Id}", ct))!;
        Assert.Equal((document.Id, 1, title), (origin.DocumentId, origin.SentenceNumber, origin.DocumentTitle));

        var listed = (await office.GetFromJsonAsync<Page<ReaderDocumentRow>>($"/api/reader/documents?year={Year}&q={Uri.EscapeDataString(title)}", ct))!;
        Assert.Equal((1, 4, 1, 2), (listed.Total, listed.Items[0].Proposals, listed.Items[0].Pending, listed.Items[0].Accepted));
        var export = await office.GetAsync($"/api/reader/documents/xlsx?year={Year}", ct);
        Assert.Equal(Xlsx.ContentType, export.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_target_needs_its_plan_year_and_then_becomes_an_indicator_in_one_transaction(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var supervision = await app.LoginAsync("supervision.office");
        var document = (await (await office.PostAsJsonAsync("/api/reader/documents", new ReaderDocumentInput($"目标 {Guid.NewGuid():N}", Year, Report), ct))
            .Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        var target = document.Proposals.Single(p => p.Kind == ProposalKind.Target);
        Assert.Equal(("地区生产总值增速", 8m, "%", 2084), (target.Fields.IndicatorName, target.Fields.Value, target.Fields.Measure, target.Fields.Year));

        // The supervision office may not define indicators, as on the indicators API.
        Assert.Equal(HttpStatusCode.Forbidden, (await supervision.PostAsJsonAsync($"/api/reader/proposals/{target.Id}/accept", new ProposalDecision(target.Version), ct)).StatusCode);

        var unknownYear = await office.PostAsJsonAsync($"/api/reader/proposals/{target.Id}/accept", new ProposalDecision(target.Version, target.Fields with { Year = 2086 }), ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownYear.StatusCode);
        Assert.True((await unknownYear.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors.ContainsKey("year"));
        var noValue = await office.PutAsJsonAsync($"/api/reader/proposals/{target.Id}", new ProposalEdit(target.Fields with { Value = null }, target.Version), ct);
        Assert.Equal("请填写目标值。", (await noValue.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["value"].Single());

        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (!await db.Set<PlanYear>().AnyAsync(y => y.Year == 2084, ct))
            {
                db.Add(new PlanYear { Year = 2084, Title = "2084年蓝图" });
                await db.SaveChangesAsync(ct);
            }
        }

        // A goal (力争), read as such; the user adds the report's comparison before accepting (issue 18).
        Assert.Equal((false, null), (target.Fields.Actual, target.Fields.Qualifier));
        var accepted = await office.PostAsJsonAsync($"/api/reader/proposals/{target.Id}/accept",
            new ProposalDecision(target.Version, target.Fields with { Qualifier = "以上" }), ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var acceptedDto = (await accepted.Content.ReadFromJsonAsync<ProposalDto>(ct))!;
        Assert.Equal("以上", acceptedDto.Fields.Qualifier);
        var record = acceptedDto.Record!;
        Assert.Equal(ReaderRecordKind.Indicator, record.Kind);
        var indicatorPage = await office.GetStringAsync($"/goals/indicators/{record.Id}", ct);
        Assert.Contains("id=\"reader-origin\"", indicatorPage, StringComparison.Ordinal);
        Assert.Contains("力争2084年高新区地区生产总值增长8%", indicatorPage, StringComparison.Ordinal);
        Assert.Matches("id=\"indicator-target\">8 以上<", indicatorPage);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var indicator = await db.Set<Indicator>().Include(i => i.Unit).SingleAsync(i => i.Id == record.Id, ct);
            Assert.Equal(("地区生产总值增速", 8m, "%", "ZY-GX"), (indicator.Name, indicator.AnnualTarget, indicator.Measure, indicator.Unit!.Code));
            Assert.Equal(8m, (await db.Set<IndicatorTarget>().SingleAsync(t => t.IndicatorId == record.Id && t.Period == 0, ct)).Target);
            Assert.Equal("以上", indicator.TargetQualifier);
        }
    }
}
