using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The whole monthly cycle through the API, on both databases: the office opens the month, a
/// county fills, its leader approves, the office accepts or returns, the month closes, and a
/// correction with a reason changes the bulletin only once accepted. Each provider gets its own
/// year, so the bulletin of that year holds exactly this test's projects.
/// </summary>
public sealed class MonthlyCycleTests(Apps apps)
{
    private const long Wan = Figure.YuanPerWan;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Open_fill_approve_accept_close_and_correct_with_a_reason(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2061 : 2062;
        var (p1, p2, reserve) = await ArrangeAsync(app, year, $"MC-{provider}");
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(8));

        async Task<long> BulletinAsync(DateTime? knownAt = null) =>
            (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?year={year}&month=4" + (knownAt is { } k ? $"&knownAtUtc={k:O}" : ""), ct))!.All.CompletedYearToDate;
        async Task<ProgressReportDto> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
        {
            Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            return (await response.Content.ReadFromJsonAsync<ProgressReportDto>(ct))!;
        }

        async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode expected, string words)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Contains(words, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        ProgressReportInput Input(int projectId, long monthWan, long ytdWan, long sinceWan, int version = 0) =>
            new(projectId, year, 4, monthWan * Wan, ytdWan * Wan, sinceWan * Wan, "主体结构施工", null, null, version);

        // Before the office opens the month nobody can fill it; only the office opens it, once.
        await RefusedAsync(await reporter.PostAsJsonAsync("/api/progress-reports", Input(p1, 100, 400, 900), ct), HttpStatusCode.Conflict, "尚未开放");
        var windowInput = new ReportingWindowInput(year, 4, today.AddDays(-1), today.AddDays(10));
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/reporting-windows", windowInput, ct)).StatusCode);
        var created = await office.PostAsJsonAsync("/api/reporting-windows", windowInput, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var window = (await created.Content.ReadFromJsonAsync<ReportingWindowDto>(ct))!;
        await RefusedAsync(await office.PostAsJsonAsync("/api/reporting-windows", windowInput, ct), HttpStatusCode.Conflict, "已经开放");

        // The reporter fills project 1 and submits; the office fills project 2 itself.
        var r1 = await OkAsync(await reporter.PostAsJsonAsync("/api/progress-reports", Input(p1, 100, 400, 900), ct), HttpStatusCode.Created);
        r1 = await OkAsync(await reporter.PostAsJsonAsync($"/api/progress-reports/{r1.Id}/submit", new VersionInput(r1.Version), ct));
        var r2 = await OkAsync(await office.PostAsJsonAsync("/api/progress-reports", Input(p2, 50, 200, 300), ct), HttpStatusCode.Created);
        r2 = await OkAsync(await office.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/submit", new VersionInput(r2.Version), ct));

        // Both key-list projects have reported; the reserve project is not on the key list, so its draft leaves nothing missing.
        var drafted = await OkAsync(await reporter.PostAsJsonAsync("/api/progress-reports", Input(reserve, 0, 0, 0), ct), HttpStatusCode.Created);
        Assert.Equal(SubmissionStatus.Draft, drafted.Status);
        var missing = await reporter.GetFromJsonAsync<Page<MissingReportRow>>($"/api/progress-reports/missing?year={year}&month=4", ct);
        Assert.Equal(0, missing!.Total);

        // Both wait for the unit leader; nobody accepts what they submitted, nor a reporter at all.
        r1 = await OkAsync(await leader.PostAsJsonAsync($"/api/progress-reports/{r1.Id}/approve", new VersionInput(r1.Version), ct));
        r2 = await OkAsync(await leader.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/approve", new VersionInput(r2.Version), ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/progress-reports/{r1.Id}/accept", new VersionInput(r1.Version), ct)).StatusCode);
        await RefusedAsync(await office.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/accept", new VersionInput(r2.Version), ct), HttpStatusCode.Forbidden, "本人提交");

        // Accepting project 1 adds exactly its year-to-date to the bulletin.
        var before = await BulletinAsync();
        Assert.Equal(0, before);
        r1 = await OkAsync(await office.PostAsJsonAsync($"/api/progress-reports/{r1.Id}/accept", new VersionInput(r1.Version), ct));
        Assert.Equal(SubmissionStatus.Accepted, r1.Status);
        Assert.NotNull(r1.AcceptedAtUtc);
        var afterFirst = await BulletinAsync();
        Assert.Equal(400 * Wan, afterFirst - before);
        var knownAfterFirst = TimeProvider.System.GetUtcNow().UtcDateTime;

        // The office returns project 2 with a comment (required); the unit edits and resubmits.
        var noComment = await office.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/return", new ReturnInput(r2.Version, " "), ct);
        await RefusedAsync(noComment, HttpStatusCode.BadRequest, "\"comment\"");
        r2 = await OkAsync(await office.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/return", new ReturnInput(r2.Version, "本年累计与计量支付不符，请核实"), ct));
        Assert.Equal((SubmissionStatus.Returned, "本年累计与计量支付不符，请核实"), (r2.Status, r2.ReviewComment));
        r2 = await OkAsync(await reporter.PutAsJsonAsync($"/api/progress-reports/{r2.Id}", Input(p2, 60, 210, 310, r2.Version), ct));
        r2 = await OkAsync(await reporter.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/submit", new VersionInput(r2.Version), ct));

        // A month with reports still in the pipeline cannot close.
        await RefusedAsync(await office.PostAsJsonAsync($"/api/reporting-windows/{window.Id}/close", new VersionInput(window.Version), ct), HttpStatusCode.Conflict, "待审核");
        r2 = await OkAsync(await leader.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/approve", new VersionInput(r2.Version), ct));
        r2 = await OkAsync(await office.PostAsJsonAsync($"/api/progress-reports/{r2.Id}/accept", new VersionInput(r2.Version), ct));
        var afterSecond = await BulletinAsync();
        Assert.Equal(210 * Wan, afterSecond - afterFirst);

        // Closed: nothing in the month can be filled or edited any more.
        var closed = await office.PostAsJsonAsync($"/api/reporting-windows/{window.Id}/close", new VersionInput(window.Version), ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.NotNull((await closed.Content.ReadFromJsonAsync<ReportingWindowDto>(ct))!.ClosedAtUtc);
        await RefusedAsync(await reporter.PutAsJsonAsync($"/api/progress-reports/{drafted.Id}", Input(reserve, 1, 1, 1, drafted.Version), ct), HttpStatusCode.Conflict, "已关闭");
        await RefusedAsync(await reporter.PutAsJsonAsync($"/api/progress-reports/{r1.Id}", Input(p1, 150, 450, 950, r1.Version), ct), HttpStatusCode.Conflict, "不能再修改");

        // A correction needs a reason; it supersedes the accepted report but changes nothing until accepted.
        var correction = new ProgressCorrectionInput(150 * Wan, 450 * Wan, 950 * Wan, "主体结构施工", null, null, null, r1.Version);
        await RefusedAsync(await reporter.PostAsJsonAsync($"/api/progress-reports/{r1.Id}/corrections", correction, ct), HttpStatusCode.BadRequest, "\"reason\"");
        var fix = await OkAsync(await reporter.PostAsJsonAsync($"/api/progress-reports/{r1.Id}/corrections",
            correction with { Reason = "4月完成投资漏报一笔设备款50万元，据计量支付资料更正" }, ct), HttpStatusCode.Created);
        Assert.Equal((SubmissionStatus.Submitted, r1.Id, true), (fix.Status, fix.SupersedesId, fix.IsCurrent));
        var old = await office.GetFromJsonAsync<ProgressReportDto>($"/api/progress-reports/{r1.Id}", ct);
        Assert.Equal((false, 400 * Wan, SubmissionStatus.Accepted), (old!.IsCurrent, old.InvestmentYearToDate, old.Status));
        Assert.Equal(afterSecond, await BulletinAsync());

        fix = await OkAsync(await leader.PostAsJsonAsync($"/api/progress-reports/{fix.Id}/approve", new VersionInput(fix.Version), ct));
        var knownBeforeCorrection = TimeProvider.System.GetUtcNow().UtcDateTime;
        await Task.Delay(20, ct);
        await OkAsync(await office.PostAsJsonAsync($"/api/progress-reports/{fix.Id}/accept", new VersionInput(fix.Version), ct));

        // Now the bulletin moves by the correction; as known before its acceptance, it has not moved.
        Assert.Equal(50 * Wan, await BulletinAsync() - afterSecond);
        Assert.Equal(afterSecond, await BulletinAsync(knownBeforeCorrection));
        Assert.Equal(afterFirst, await BulletinAsync(knownAfterFirst));

        // The history keeps both versions, newest first: the correction and what it changed, and the superseded one with its old value.
        var history = await reporter.GetFromJsonAsync<List<SubmissionVersionDto>>($"/api/progress-reports/history?projectId={p1}&year={year}&month=4", ct);
        Assert.Equal(2, history!.Count);
        Assert.Equal((fix.Id, 2, true, SubmissionStatus.Accepted, false), (history[0].RecordId, history[0].Number, history[0].IsCorrection, history[0].Status, history[0].IsSuperseded));
        Assert.Equal((r1.Id, SubmissionStatus.Accepted, true), (history[1].RecordId, history[1].Status, history[1].IsSuperseded));
        Assert.Equal("400.00", history[1].Fields.Single(f => f.Key == nameof(ProgressReport.InvestmentYearToDate)).Value);
        Assert.Contains("设备款", history[0].CorrectionReason, StringComparison.Ordinal);
        Assert.Equal("安岳县填报员", history[0].SubmittedBy);
        Assert.Equal([("本月完成投资（万元）", "100.00", "150.00"), ("本年累计完成投资（万元）", "400.00", "450.00"), ("开工以来累计完成投资（万元）", "900.00", "950.00")],
            history[0].Changes.Select(c => (c.Label, c.Before, c.After)).ToList());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_not_reported_list_is_scoped_and_names_the_units(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2063 : 2064;
        var (p1, p2, _) = await ArrangeAsync(app, year, $"NR-{provider}");
        await TestWindows.EnsureOpenAsync(app, year, 5);
        var reporter = await app.LoginAsync("anyue.reporter");

        // A draft is not a report: project 1 stays on the list, marked as a draft.
        var draft = await reporter.PostAsJsonAsync("/api/progress-reports", new ProgressReportInput(p1, year, 5, 0, 0, 0, null, null, null), ct);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);

        var own = (await reporter.GetFromJsonAsync<Page<MissingReportRow>>($"/api/progress-reports/missing?year={year}&month=5", ct))!;
        var all = (await (await app.LoginAsync("project.office")).GetFromJsonAsync<Page<MissingReportRow>>($"/api/progress-reports/missing?year={year}&month=5&pageSize=1", ct))!;
        var lezhi = (await (await app.LoginAsync("lezhi.reporter")).GetFromJsonAsync<Page<MissingReportRow>>($"/api/progress-reports/missing?year={year}&month=5", ct))!;

        Assert.Equal([p1, p2], own.Items.Select(r => r.KeyProjectId).Order());
        Assert.Equal(SubmissionStatus.Draft, own.Items.Single(r => r.KeyProjectId == p1).Status);
        Assert.Null(own.Items.Single(r => r.KeyProjectId == p2).Status);
        Assert.All(own.Items, r => Assert.Equal("安岳县", r.UnitName));
        Assert.Equal((2, 1), (all.Total, all.Items.Count));
        Assert.Equal(0, lezhi.Total);
    }

    /// <summary>Two key-list projects (continuing, planned start) and one reserve project of 安岳县 in the given year.</summary>
    private static async Task<(int P1, int P2, int Reserve)> ArrangeAsync(TestApp app, int year, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-AY");
        var projects = Enumerable.Range(1, 3)
            .Select(i => new KeyProject { Code = $"{tag}-{i}", Name = $"月度调度测试项目{i}", UnitId = unit.Id, TotalInvestment = 10_000 * Wan })
            .ToList();
        db.AddRange(projects);
        PlanType[] types = [PlanType.Continuing, PlanType.PlannedStart, PlanType.Reserve];
        db.AddRange(projects.Select((p, i) => new AnnualPlanEntry
        {
            Year = year,
            KeyProject = p,
            UnitId = unit.Id,
            PlanType = types[i],
            AnnualPlannedInvestment = types[i] == PlanType.Reserve ? 0 : 1_000 * Wan,
        }));
        await db.SaveChangesAsync();
        return (projects[0].Id, projects[1].Id, projects[2].Id);
    }
}
