using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Projects;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// A returned monthly report stays in the history (issue 14 item 6, decision 0025): after return →
/// edit → resubmit → approve → accept, both versions are there, newest first, the first with who
/// returned it and why, the second with what changed field by field under the form's labels —
/// in the API and on the report's page. Both databases; years 2029 / 2030.
/// </summary>
public sealed class VersionHistoryTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_returned_report_stays_in_the_history_with_its_reason_and_the_next_version_shows_what_changed(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2029 : 2030;
        await TestWindows.EnsureOpenAsync(app, year, 5);
        var projectId = await ProjectAsync(app, $"VH{(int)provider}-{Guid.NewGuid():N}"[..12], year);
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var office = await app.LoginAsync("project.office");
        const long Wan = 10_000;

        var report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync("/api/progress-reports",
            new ProgressReportInput(projectId, year, 5, 100 * Wan, 400 * Wan, 900 * Wan, "主体施工", "完成基础", "征地未完成", 0), ct), HttpStatusCode.Created);
        report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{report.Id}/submit", new VersionInput(report.Version), ct));
        report = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{report.Id}/return", new ReturnInput(report.Version, "本年累计与计量支付不符"), ct));

        // The unit edits the same row: the returned version is not lost, and a draft is no version.
        report = await ReadAsync<ProgressReportDto>(await reporter.PutAsJsonAsync($"/api/progress-reports/{report.Id}",
            new ProgressReportInput(projectId, year, 5, 120 * Wan, 420 * Wan, 920 * Wan, "主体封顶", "完成基础", null, report.Version), ct));
        var returned = await HistoryAsync(reporter, projectId, year);
        Assert.Equal((1, SubmissionStatus.Returned, "本年累计与计量支付不符"), (Assert.Single(returned).Number, returned[0].Status, returned[0].ReturnReason));

        report = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{report.Id}/submit", new VersionInput(report.Version), ct));
        report = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{report.Id}/approve", new VersionInput(report.Version), ct));
        var approved = await HistoryAsync(reporter, projectId, year);
        Assert.Equal([(2, SubmissionStatus.Approved), (1, SubmissionStatus.Returned)], approved.Select(v => (v.Number, v.Status)).ToList());
        await ReadAsync<ProgressReportDto>(await office.PostAsJsonAsync($"/api/progress-reports/{report.Id}/accept", new VersionInput(report.Version), ct));

        // Newest first: the accepted second version, then the returned first one — one row, two versions.
        var history = await HistoryAsync(office, projectId, year);
        Assert.Equal(2, history.Count);
        var (second, first) = (history[0], history[1]);
        Assert.Equal(first.RecordId, second.RecordId);
        Assert.Equal((2, SubmissionStatus.Accepted, false, "安岳县填报员", "安岳县分管领导", "市发改委重点项目办"),
            (second.Number, second.Status, second.IsSuperseded, second.SubmittedBy, second.ApprovedBy, second.AcceptedBy));
        Assert.Equal((1, SubmissionStatus.Returned, "本年累计与计量支付不符", "安岳县分管领导"), (first.Number, first.Status, first.ReturnReason, first.ReturnedBy));
        Assert.Null(first.AcceptedBy);
        Assert.NotNull(first.ReturnedAtUtc);
        Assert.True(first.SubmittedAtUtc <= first.ReturnedAtUtc && first.ReturnedAtUtc <= second.SubmittedAtUtc);

        // What changed, field by field, with the labels of the form (money in 万元); the unchanged 节点 is not listed.
        Assert.Equal(
        [
            ("本月完成投资（万元）", "100.00", "120.00"),
            ("本年累计完成投资（万元）", "400.00", "420.00"),
            ("开工以来累计完成投资（万元）", "900.00", "920.00"),
            ("形象进度", "主体施工", "主体封顶"),
            ("存在问题", "征地未完成", null),
        ], second.Changes.Select(c => (c.Label, c.Before, c.After)).ToList());
        Assert.Empty(first.Changes);
        Assert.Equal("400.00", first.Fields.Single(f => f.Label == "本年累计完成投资（万元）").Value);

        // Another county sees nothing of it.
        Assert.Empty(await HistoryAsync(await app.LoginAsync("lezhi.reporter"), projectId, year));

        // The report's page shows both, newest first, with the reason and the changes.
        var page = await office.GetStringAsync($"/progress/{projectId}/{year}/5", ct);
        var section = page[page.IndexOf("id=\"progress-history\"", StringComparison.Ordinal)..];
        Assert.True(section.IndexOf("第2版", StringComparison.Ordinal) is var v2 && v2 > 0 && v2 < section.IndexOf("第1版", StringComparison.Ordinal), "version 2 comes before version 1");
        Assert.Contains("退回原因", section, StringComparison.Ordinal);
        Assert.Contains("本年累计与计量支付不符", section, StringComparison.Ordinal);
        Assert.Contains("与第1版相比的改动", section, StringComparison.Ordinal);
        Assert.Contains("主体封顶", section, StringComparison.Ordinal);
        Assert.Contains("安岳县填报员 / 安岳县分管领导 / 市发改委重点项目办", section, StringComparison.Ordinal);
    }

    private static async Task<List<SubmissionVersionDto>> HistoryAsync(HttpClient client, int projectId, int year) =>
        (await client.GetFromJsonAsync<List<SubmissionVersionDto>>($"/api/progress-reports/history?projectId={projectId}&year={year}&month=5",
            TestContext.Current.CancellationToken))!;

    private static async Task<int> ProjectAsync(TestApp app, string code, int year)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-AY");
        var project = new KeyProject { Code = code, Name = $"版本测试项目{code}", UnitId = unit.Id, TotalInvestment = 10_000_0000 };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000_0000 });
        await db.SaveChangesAsync();
        return project.Id;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
