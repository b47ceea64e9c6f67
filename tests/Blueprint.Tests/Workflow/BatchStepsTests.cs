using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Indicators;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// Approving and accepting many reports in one request (issue 14 item 7): a thousand approved
/// reports accepted at once, each with its own answer — one the office approved itself, one
/// changed since the list was read and one out of reach are refused, the rest accepted and
/// their reporters told. The speed is the benchmark's (docs/benchmarks.md), not this test's.
/// </summary>
public sealed class BatchStepsTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_thousand_reports_are_accepted_in_one_request_each_with_its_answer(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2051 : 2052;
        var projects = await ProjectsOnPlanAsync(app, $"BA{(int)provider}{Guid.NewGuid():N}"[..10], 1_000, year);
        var (ids, reporter, office) = await ApprovedAsync(app, projects, year);
        var client = await app.LoginAsync("project.office");

        // The office approved one itself; one changed since the list was read; one id does not exist.
        long own, stale;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            own = ids[0];
            stale = ids[1];
            await db.Set<ProgressReport>().Where(r => r.Id == own).ExecuteUpdateAsync(u => u.SetProperty(r => r.ApprovedById, office), ct);
        }

        var items = ids.Select(id => new BatchItem(id, id == stale ? 99 : 1)).Append(new BatchItem(-5, 1)).ToList();
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/progress-reports/batch", new BatchInput(SubmissionAction.Accept, items), ct);
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: 1,000 accepts in {watch.ElapsedMilliseconds} ms (one request)");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<List<BatchResult>>(ct))!;

        Assert.Equal(1_001, results.Count);
        Assert.Equal(998, results.Count(r => r.Succeeded && r.Status == SubmissionStatus.Accepted));
        Assert.Contains("本人", results.Single(r => r.Id == own).Message, StringComparison.Ordinal);
        Assert.False(results.Single(r => r.Id == stale).Succeeded);
        Assert.Equal((false, null), (results[^1].Succeeded, results[^1].Status));

        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            Assert.Equal(998, await db.Set<ProgressReport>().CountAsync(r => ids.Contains(r.Id) && r.Status == SubmissionStatus.Accepted && r.AcceptedAtUtc != null, ct));
            var links = projects.Select(p => $"/progress/{p.Id}/{year}/3").ToList();
            Assert.Equal(998, await db.Set<Notification>().IgnoreQueryFilters()
                .CountAsync(n => n.UserId == reporter && n.Kind == NotificationKind.Accepted && links.Contains(n.Link!), ct));
        }

        // Only approve or accept, and never an empty or oversized batch.
        var bad = await client.PostAsJsonAsync("/api/progress-reports/batch", new BatchInput(SubmissionAction.Return, [new BatchItem(ids[2], 1)]), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var reporterClient = await app.LoginAsync("anyue.reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporterClient.PostAsJsonAsync("/api/progress-reports/batch", new BatchInput(SubmissionAction.Accept, [new BatchItem(ids[2], 1)]), ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Indicator_values_are_approved_and_accepted_in_batches_too(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await IndicatorArrange.PlanYearAsync(app);
        var anyue = await IndicatorArrange.UnitAsync(app, "ZY-AY");
        var indicator = await IndicatorArrange.CreateAsync(app, IndicatorArrange.Input(plan.Id, $"批量测试指标-{provider}-{Guid.NewGuid():N}"[..24], anyue));
        var (reporter, leader, office) = (await app.LoginAsync("anyue.reporter"), await app.LoginAsync("anyue.leader"), await app.LoginAsync("project.office"));

        var values = new List<IndicatorValueDto>();
        foreach (var period in new[] { 1, 2, 3 })
        {
            var created = await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync("/api/indicator-values", new IndicatorValueInput(indicator.Id, anyue, period, 10m * period), ct), HttpStatusCode.Created);
            values.Add(await ReadAsync<IndicatorValueDto>(await reporter.PostAsJsonAsync($"/api/indicator-values/{created.Id}/submit", new VersionInput(created.Version), ct)));
        }

        // The unit leader approves the three at once; the reporter may not.
        var approve = new BatchInput(SubmissionAction.Approve, [.. values.Select(v => new BatchItem(v.Id, v.Version))]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/indicator-values/batch", approve, ct)).StatusCode);
        var approved = await ReadAsync<List<BatchResult>>(await leader.PostAsJsonAsync("/api/indicator-values/batch", approve, ct));
        Assert.All(approved, r => Assert.Equal((true, SubmissionStatus.Approved), (r.Succeeded, r.Status)));

        // The office accepts them; the one it names with an old version is refused alone.
        var current = new List<IndicatorValueDto>();
        foreach (var v in values)
        {
            current.Add((await office.GetFromJsonAsync<IndicatorValueDto>($"/api/indicator-values/{v.Id}", ct))!);
        }

        var accept = new BatchInput(SubmissionAction.Accept, [.. current.Select((v, i) => new BatchItem(v.Id, i == 0 ? v.Version - 1 : v.Version))]);
        var accepted = await ReadAsync<List<BatchResult>>(await office.PostAsJsonAsync("/api/indicator-values/batch", accept, ct));
        Assert.Equal([false, true, true], accepted.Select(r => r.Succeeded));
        Assert.Equal(SubmissionStatus.Approved, accepted[0].Status);
        Assert.False(string.IsNullOrWhiteSpace(accepted[0].Message));
        Assert.Equal(SubmissionStatus.Accepted, (await office.GetFromJsonAsync<IndicatorValueDto>($"/api/indicator-values/{current[2].Id}", ct))!.Status);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }

    /// <summary>One approved March report per project: submitted by the 安岳 reporter, approved by its leader.</summary>
    private static async Task<(List<long> Ids, int Reporter, int Office)> ApprovedAsync(TestApp app, List<KeyProject> projects, int year)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var users = await db.Set<User>().Where(u => u.UserName == "anyue.reporter" || u.UserName == "anyue.leader" || u.UserName == "project.office")
            .ToDictionaryAsync(u => u.UserName!, u => u.Id);
        var reports = projects.Select(p => new ProgressReport
        {
            KeyProjectId = p.Id,
            UnitId = p.UnitId,
            Year = year,
            Month = 3,
            InvestmentThisMonth = 100_0000,
            InvestmentYearToDate = 300_0000,
            InvestmentSinceStart = 900_0000,
            Status = SubmissionStatus.Approved,
            SubmittedById = users["anyue.reporter"],
            ApprovedById = users["anyue.leader"],
            RecordedAtUtc = new DateTime(year, 3, 25, 0, 0, 0, DateTimeKind.Utc),
        }).ToList();
        db.AddRange(reports);
        await db.SaveChangesAsync();
        return ([.. reports.Select(r => r.Id)], users["anyue.reporter"], users["project.office"]);
    }
}
