using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Cockpit;

/// <summary>
/// The cockpit's own as-of rules on records of its own (years no other test uses): deadlines
/// as they stood, on-time reporting against the window, and the API and page.
/// </summary>
public sealed class CockpitHistoryTests(Apps apps)
{
    private static readonly string[] RedListCounts = ["laggingCount", "redIndicatorCount", "overdueItemCount", "overdueProblemCount"];

    private static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_extension_approved_later_does_not_clear_an_earlier_overdue(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2095 : 2096;
        var ct = TestContext.Current.CancellationToken;
        using (var arrange = app.SystemScope())
        {
            var db = arrange.ServiceProvider.GetRequiredService<BlueprintDb>();
            var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ", ct);
            // First deadline 31 March, extended on 10 May to 30 June, closed on 1 December.
            var item = new SupervisionItem
            {
                CaseNumber = $"CK-{year}-1",
                Title = "驾驶舱逾期测试",
                UnitId = unit.Id,
                CreatedAtUtc = Utc(year, 1, 10),
                OriginalDeadline = new DateOnly(year, 3, 31),
                Deadline = new DateOnly(year, 6, 30),
                Status = SupervisionStatus.Closed,
                ClosedAtUtc = Utc(year, 12, 1),
            };
            db.Add(item);
            db.Add(new ExtensionRequest { Item = item, UnitId = unit.Id, RequestedDeadline = new DateOnly(year, 6, 30), Reason = "需协调用地", Status = ExtensionStatus.Approved });
            db.Add(new SupervisionStep { Item = item, UnitId = unit.Id, Kind = SupervisionStepKind.ExtensionApproved, AtUtc = Utc(year, 5, 10) });
            await db.SaveChangesAsync(ct);
        }

        using var scope = await app.UserScopeAsync("lezhi.reporter");
        var read = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        async Task<SupervisionState> AtAsync(int month, int day) =>
            await SupervisionAsOf.ComputeAsync(read, new DateOnly(year, month, day), CockpitAsOf.EndOfDayUtc(new DateOnly(year, month, day)), ct);

        var april = await AtAsync(4, 30);
        var mine = Assert.Single(april.OverdueItems, i => i.CaseNumber == $"CK-{year}-1");
        Assert.Equal((new DateOnly(year, 3, 31), 30), (mine.Deadline, mine.DaysOverdue));
        Assert.DoesNotContain((await AtAsync(5, 31)).OverdueItems, i => i.CaseNumber == $"CK-{year}-1");
        Assert.Equal(april.Open, (await AtAsync(5, 31)).Open);
        Assert.Contains((await AtAsync(7, 31)).OverdueItems, i => i.CaseNumber == $"CK-{year}-1" && i.Deadline == new DateOnly(year, 6, 30));
        Assert.Equal(april.Open - 1, (await AtAsync(12, 31)).Open);

        // The list a past cockpit links to shows the item on 30 April, not on 31 May.
        async Task<List<string>> ListedAsync(int month, int day) =>
            await (await SupervisionQueries.QueryAsync(read, new SupervisionFilter(OverdueOn: new DateOnly(year, month, day)), ct)).Select(i => i.CaseNumber).ToListAsync(ct);
        Assert.Contains($"CK-{year}-1", await ListedAsync(4, 30));
        Assert.DoesNotContain($"CK-{year}-1", await ListedAsync(5, 31));
        Assert.Equal(april.Overdue, (await ListedAsync(4, 30)).Count);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_problem_list_as_of_a_past_day_judges_open_and_overdue_then(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2095 : 2096;
        var ct = TestContext.Current.CancellationToken;
        var title = $"驾驶舱问题追溯测试-{year}";
        using (var arrange = app.SystemScope())
        {
            var db = arrange.ServiceProvider.GetRequiredService<BlueprintDb>();
            var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ", ct);
            // Raised 10 January with a deadline of 31 March, answered on 1 June.
            db.Add(new Problem
            {
                Title = title,
                UnitId = unit.Id,
                Deadline = new DateOnly(year, 3, 31),
                Status = ProblemStatus.Resolved,
                Answer = "已协调解决",
                CreatedAtUtc = Utc(year, 1, 10),
                ClosedAtUtc = Utc(year, 6, 1),
            });
            await db.SaveChangesAsync(ct);
        }

        using var scope = await app.UserScopeAsync("lezhi.reporter");
        var read = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var today = ProblemList.Today(TimeProvider.System);
        async Task<List<string>> ListedAsync(ProblemFilter f) =>
            await (await ProblemList.QueryAsync(read, f, today, ct)).Where(p => p.Title.StartsWith("驾驶舱问题追溯测试")).Select(p => p.Title).ToListAsync(ct);

        Assert.Empty(await ListedAsync(new ProblemFilter(Status: ProblemStatus.Open, AsOf: new DateOnly(year, 1, 9))));
        Assert.Equal([title], await ListedAsync(new ProblemFilter(Status: ProblemStatus.Open, AsOf: new DateOnly(year, 3, 31))));
        Assert.Empty(await ListedAsync(new ProblemFilter(Overdue: true, AsOf: new DateOnly(year, 3, 31))));
        Assert.Equal([title], await ListedAsync(new ProblemFilter(Overdue: true, AsOf: new DateOnly(year, 4, 30))));
        Assert.Empty(await ListedAsync(new ProblemFilter(Status: ProblemStatus.Open, AsOf: new DateOnly(year, 6, 30))));
        Assert.Empty(await ListedAsync(new ProblemFilter(Overdue: true)));

        // The cockpit's counts at those days are the list's.
        var april = await ProblemsAsOf.ComputeAsync(read, new DateOnly(year, 4, 30), CockpitAsOf.EndOfDayUtc(new DateOnly(year, 4, 30)), 50, ct);
        Assert.Contains(april.OverdueProblems, p => p.Title == title);
        Assert.Equal(april.Overdue, await (await ProblemList.QueryAsync(read, new ProblemFilter(Overdue: true, AsOf: new DateOnly(year, 4, 30)), today, ct)).CountAsync(ct));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task On_time_reporting_counts_reports_submitted_before_the_window_closed(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2097 : 2098;
        var ct = TestContext.Current.CancellationToken;
        int lezhi;
        using (var arrange = app.SystemScope())
        {
            var db = arrange.ServiceProvider.GetRequiredService<BlueprintDb>();
            var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ", ct);
            lezhi = unit.Id;
            var projects = Enumerable.Range(1, 3).Select(i => new KeyProject { Code = $"CK-{year}-{i}", Name = $"驾驶舱测试项目{i}", UnitId = unit.Id }).ToList();
            db.AddRange(projects);
            db.AddRange(projects.Select(p => new AnnualPlanEntry { Year = year, KeyProject = p, UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000_000 }));
            db.Add(new ReportingWindow { Year = year, Month = 4, OpensOn = new DateOnly(year, 5, 1), DueOn = new DateOnly(year, 5, 9), ClosedAtUtc = Utc(year, 5, 10, 2) });
            ProgressReport Report(KeyProject p, DateTime recorded, int? by) => new()
            {
                KeyProject = p,
                UnitId = unit.Id,
                Year = year,
                Month = 4,
                InvestmentYearToDate = 400_000,
                Status = by is null ? SubmissionStatus.Draft : SubmissionStatus.Accepted,
                SubmittedById = by,
                RecordedAtUtc = recorded,
                AcceptedAtUtc = by is null ? null : recorded.AddHours(1),
                // As the submit step records it: sent after the window closed (10 May, 02:00 UTC) is 迟报.
                IsLate = by is not null && recorded > Utc(year, 5, 10, 2),
            };
            // On time (8 May), late (12 May), and a draft saved in time but never submitted.
            db.AddRange(Report(projects[0], Utc(year, 5, 8), 1), Report(projects[1], Utc(year, 5, 12), 1), Report(projects[2], Utc(year, 5, 2), null));
            await db.SaveChangesAsync(ct);
        }

        using var scope = await app.UserScopeAsync("lezhi.reporter");
        var read = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var r = await CockpitFigures.ComputeAsync(read, year, 4, clock, ct);

        var row = Assert.Single(r.ReportingRanking);
        Assert.Equal((lezhi, 3, 1), (row.UnitId, row.Projects, row.OnTime));
        // As the bulletin published when April closed (10 May): the late report is not in it.
        Assert.Equal(new DateOnly(year, 5, 10), r.AsOf.ProjectsKnownOn);
        Assert.Equal(400_000, r.Projects.All.Figures.Totals.CompletedYearToDate);
        var bulletin = await Bulletin.ComputeAsync(read, new BulletinQuery(year, 4, r.AsOf.ProjectsKnownAtUtc), clock, ct);
        Assert.Equal(bulletin.All.Figures, r.Projects.All.Figures);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_api_returns_the_pages_figures_and_rejects_a_bad_month(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");

        var json = await leader.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/cockpit?year=2023&month=11", ct);
        var rate = json.GetProperty("projects").GetProperty("all").GetProperty("figures").GetProperty("investmentCompletionRate").GetDecimal();
        var bulletin = await leader.GetFromJsonAsync<BulletinDto>("/api/bulletin?year=2023&month=11&knownAtUtc=2023-12-10T16:00:00Z", ct);
        Assert.Equal(bulletin!.All.CompletionRate, rate);
        Assert.Equal(11, json.GetProperty("curve").GetArrayLength());

        // Each kind of the red list with nothing in it says so (the whole list says it once when all are empty).
        var red = json.GetProperty("redList");
        var zeros = RedListCounts.Count(n => red.GetProperty(n).GetInt32() == 0);
        var leaderPage = await leader.GetStringAsync("/cockpit?year=2023&month=11", ct);
        Assert.Equal(zeros == 4 ? 0 : zeros, System.Text.RegularExpressions.Regex.Count(leaderPage, "当月无此类事项"));

        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/cockpit?year=2023&month=13", ct)).StatusCode);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/api/cockpit", ct)).StatusCode);

        var page = await (await app.LoginAsync("anyue.leader")).GetStringAsync("/cockpit?year=2023&month=11", ct);
        Assert.Contains("id=\"fig-completion\"", page);
        Assert.Contains("id=\"red-list\"", page);

        // A past month's supervision and problem links open those lists as they stood that day, which say so.
        Assert.Contains("href=\"supervision?overdueOn=2023-11-30\"", page);
        Assert.Contains("href=\"problems?status=Open&amp;asOf=2023-11-30\"", page);
        Assert.Contains("id=\"supervision-overdue-on\"", await leader.GetStringAsync("/supervision?overdueOn=2023-11-30", ct));
        var problems = await leader.GetStringAsync("/problems?status=Open&asOf=2023-11-30", ct);
        Assert.Contains("id=\"problems-as-of\"", problems);
        Assert.Contains("name=\"asOf\" value=\"2023-11-30\"", problems);
        // The list API takes the same day: an early day of the demo (nothing overdue yet) lists fewer than today's whole list.
        var then = await leader.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/supervision-items?overdueOn=2020-01-01", ct);
        var all = await leader.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/supervision-items", ct);
        Assert.Equal(0, then.GetProperty("total").GetInt32());
        Assert.True(all.GetProperty("total").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/problems?status=Open&asOf=2023-11-30", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/supervision-items/xlsx?overdueOn=2023-11-30", ct)).StatusCode);
        var today = SupervisionLights.Today(TimeProvider.System);
        var running = await leader.GetStringAsync($"/cockpit?year={today.Year}&month={today.Month}", ct);
        Assert.Contains("href=\"supervision/red\"", running);
        Assert.DoesNotContain("overdueOn=", running);
        // 2059: a year no test or demo record uses.
        var empty = await leader.GetStringAsync("/cockpit?year=2059&month=3", ct);
        Assert.Contains("id=\"cockpit-empty\"", empty);
    }
}
