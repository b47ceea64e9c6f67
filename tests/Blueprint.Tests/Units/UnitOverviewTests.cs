using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Reports;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Units;

/// <summary>The unit page's figures are each feature module's own figures, within the reader's scope.</summary>
public sealed class UnitOverviewTests(Apps apps)
{
    private const string Month = "year=2068&month=6";

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_overview_shows_each_modules_figures_for_the_unit(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (county, _) = await ReportArrange.ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");

        var o = (await leader.GetFromJsonAsync<UnitOverviewDto>($"/api/units/{county.Id}/overview?{Month}", ct))!;
        Assert.Equal(("报告测试县", 2068, 6), (o.Unit.Name, o.Year, o.Month));

        // Projects: 1,600 ÷ 4,500 = 35.6 % against 50.0 %: red; the bulletin's own row of the unit says the same.
        Assert.Equal((3, "35.6%", "-14.4", StatusLight.Red), (o.Projects.Count, o.Projects.CompletionRateText, o.Projects.AheadOfScheduleText, o.Projects.Light));
        var bulletin = (await leader.GetFromJsonAsync<BulletinDto>($"/api/bulletin?{Month}", ct))!;
        var row = bulletin.ByUnit.Single(r => r.Key == $"unit:{county.Id}");
        Assert.Equal(row, o.Projects with { Key = row.Key, Label = row.Label });

        // Most behind first: the planned start (0 %), then 10 %; the one on schedule last.
        Assert.Equal(["RPT-3", "RPT-1", "RPT-2"], o.ProjectRows.Select(p => p.Code));
        Assert.Equal(3, o.ProjectCount);
        Assert.Equal(["0.0%", "10.0%", "50.0%"], o.ProjectRows.Select(p => p.CompletionRateText));

        // The bulletin's unit ranking: 报告测试区 60.0 % first, 报告测试县 35.6 % second.
        var ranked = BulletinReport.RankUnits(bulletin.ByUnit.Select(r => new BulletinRow(r.Key, r.Label, Figures(r)))).ToList();
        Assert.Equal(new UnitRank(ranked.FindIndex(r => r.Key == row.Key) + 1, ranked.Count), o.CompletionRank);
        Assert.Equal(new UnitRank(2, 2), o.CompletionRank);

        // Indicators: the unit's lights as IndicatorUnitLights (the cockpit's module) counts them.
        Assert.Equal(new UnitIndicatorCounts(1, 0, 1, 1), o.IndicatorCounts);
        using (var scope = await app.UserScopeAsync("leader"))
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var lights = (await IndicatorUnitLights.ComputeAsync(db, 2068, IndicatorAsOf.MonthEnd(2068, 6), ct)).Single(l => l.UnitId == county.Id);
            Assert.Equal(new UnitIndicatorCounts(lights.Green, lights.Yellow, lights.Red, lights.NoData), o.IndicatorCounts);
        }

        Assert.Equal("报告测试指标（滞后）", o.Indicators.Single(i => i.Light == StatusLight.Red).Name);

        // Supervision as the item list filters it; no item fell due in 2068, so no supervision rank.
        Assert.Equal((2, 1, 0), (o.Supervision.Open, o.Supervision.Red, o.Supervision.Yellow));
        Assert.Equal(["RPT-A", "RPT-B"], o.Supervision.OpenItems.Select(i => i.CaseNumber));
        Assert.Null(o.SupervisionRanks);
        Assert.Equal((1, 1), (o.Problems.Open, o.Problems.Overdue));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_supervision_ranks_are_the_rankings_modules_places(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");
        using var scope = await app.UserScopeAsync("leader");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();

        // 2023 in the demo city: items created before 2024 only, so other tests' new items never count.
        var report = await SupervisionRankings.ComputeAsync(db, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), SupervisionLights.Today(clock), ct);
        var onTime = SupervisionRankings.Sort(report.Units, RankingSort.OnTime, descending: true);
        var overdue = SupervisionRankings.Sort(report.Units, RankingSort.Overdue, descending: false);
        Assert.NotEmpty(onTime);
        foreach (var unit in onTime.Take(3))
        {
            var o = (await leader.GetFromJsonAsync<UnitOverviewDto>($"/api/units/{unit.UnitId}/overview?year=2023&month=12", ct))!;
            Assert.Equal(new UnitRank(onTime.IndexOf(unit) + 1, onTime.Count), o.SupervisionRanks!.ByOnTime);
            Assert.Equal(new UnitRank(overdue.FindIndex(u => u.UnitId == unit.UnitId) + 1, overdue.Count), o.SupervisionRanks.ByOverdue);
            Assert.Equal(unit, o.SupervisionRanks.Figures);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_unit_outside_the_readers_scope_is_refused(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (county, _) = await ReportArrange.ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;
        int anyue;
        using (var scope = app.SystemScope())
        {
            anyue = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Code == "ZY-AY").Select(u => u.Id).SingleAsync(ct);
        }

        var reporter = await app.LoginAsync("anyue.reporter");
        var own = (await reporter.GetFromJsonAsync<UnitOverviewDto>($"/api/units/{anyue}/overview?year=2023&month=12", ct))!;
        Assert.True(own.Projects.Count > 0);
        // The county's own staff see only their county: nothing to rank it against, so no place.
        Assert.Null(own.CompletionRank);
        var refused = await reporter.GetAsync($"/api/units/{county.Id}/overview", ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("不在您的数据范围内", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("lezhi.reporter")).GetAsync($"/api/units/{anyue}/overview", ct)).StatusCode);

        var leader = await app.LoginAsync("leader");
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync("/api/units/987654/overview", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync($"/api/units/{anyue}/overview?year=2023&month=13", ct)).StatusCode);

        // The page says the same: the figures for the leader, a refusal for another county.
        var page = await leader.GetStringAsync($"/units/{county.Id}?{Month}", ct);
        Assert.Contains("报告测试县", page, StringComparison.Ordinal);
        Assert.Contains("35.6%", page, StringComparison.Ordinal);
        Assert.Contains("第 2 名 / 共 2 个", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync($"/units/{county.Id}", ct)).StatusCode);
    }

    private static BulletinFigures Figures(BulletinRowDto r) =>
        new(new BulletinTotals(r.Count, r.AnnualPlan, r.CompletedYearToDate, r.PlannedStarts, r.Started, r.PlannedCompletions, r.Completed, r.Reserve, r.ReserveStarted), r.ElapsedSchedule);
}
