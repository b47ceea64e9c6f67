using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Cockpit;

/// <summary>
/// Every cockpit figure equals the figure of the feature's own module for the same filter and
/// month, on the demo city's 2023 (as the city leader, who sees everything, and as a county).
/// </summary>
public sealed class CockpitFiguresTests(Apps apps)
{
    public static readonly TheoryData<DatabaseProvider, string, int> Cases = new()
    {
        { DatabaseProvider.Sqlite, "leader", 11 },
        { DatabaseProvider.Sqlite, "leader", 6 },
        { DatabaseProvider.Sqlite, "anyue.leader", 9 },
        { DatabaseProvider.Postgres, "leader", 11 },
        { DatabaseProvider.Postgres, "leader", 6 },
        { DatabaseProvider.Postgres, "anyue.leader", 9 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_figure_equals_its_modules_figure_for_the_month(DatabaseProvider provider, string user, int month)
    {
        var app = await apps.GetAsync(provider);
        using var scope = await app.UserScopeAsync(user);
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var ct = TestContext.Current.CancellationToken;

        var r = await CockpitFigures.ComputeAsync(db, 2023, month, clock, ct);

        // Projects: the bulletin of the month as known when its reporting closed, and of the month before.
        var windows = await CockpitAsOf.WindowsAsync(db, 2023, ct);
        Assert.NotNull(r.AsOf.ProjectsKnownOn);
        var bulletin = await Bulletin.ComputeAsync(db, new BulletinQuery(2023, month, r.AsOf.ProjectsKnownAtUtc), clock, ct);
        Assert.Equal(bulletin.All.Figures, r.Projects.All.Figures);
        Assert.True(r.Projects.All.Figures.Totals.KeyListCount > 0);
        Assert.Equal(bulletin.ByUnit.Select(u => u.Figures).ToHashSet(), r.CompletionRanking.Select(u => u.Figures).ToHashSet());
        var previous = CockpitAsOf.Of(2023, month - 1, windows[month - 1], clock);
        Assert.Equal((await Bulletin.ComputeAsync(db, previous.Bulletin, clock, ct)).All.Figures, r.PreviousProjects);

        // The curve: each month's point is that month's bulletin rate, all as known at the same instant.
        Assert.Equal(month, r.Curve.Count);
        foreach (var point in r.Curve)
        {
            var then = await Bulletin.ComputeAsync(db, new BulletinQuery(2023, point.Month, r.Projects.KnownAtUtc), clock, ct);
            Assert.Equal(then.All.Figures.InvestmentCompletionRate, point.Figures.InvestmentCompletionRate);
            Assert.Equal(then.All.Figures.ElapsedSchedule, point.Figures.ElapsedSchedule);
        }

        // Lagging projects: the bulletin's per-project rows that are red.
        var red = (await Bulletin.ByProjectAsync(db, r.AsOf.Bulletin, clock, ct)).Count(p => p.Figures.Light == Web.Features.Figures.StatusLight.Red);
        Assert.Equal(red, r.RedList.LaggingCount);

        // Indicators: the indicator list's count for each light at the month's end, and the per-unit lights.
        foreach (var light in Enum.GetValues<Web.Features.Figures.StatusLight>())
        {
            var list = await IndicatorList.LoadAsync(db, new IndicatorListQuery { Year = 2023, AsOfYear = 2023, AsOfMonth = month, Light = light }, clock, ct);
            Assert.Equal(list.Page.Total, light switch
            {
                Web.Features.Figures.StatusLight.Green => r.Indicators.Green,
                Web.Features.Figures.StatusLight.Yellow => r.Indicators.Yellow,
                _ => r.Indicators.Red,
            });
        }

        var all = await IndicatorList.LoadAsync(db, new IndicatorListQuery { Year = 2023, AsOfYear = 2023, AsOfMonth = month }, clock, ct);
        Assert.Equal(all.Page.Total, r.Indicators.Count);
        Assert.Equal(await IndicatorUnitLights.ComputeAsync(db, 2023, IndicatorAsOf.MonthEnd(2023, month), ct), r.Indicators.ByUnit);

        // Supervision at the month's last day: the supervision bulletin's red and open items of a period ending that day.
        var supervision = await SupervisionBulletin.ComputeAsync(db, new DateOnly(2000, 1, 1), r.AsOf.Day, SupervisionLights.Today(clock), ct);
        Assert.Equal(supervision.Red, r.SupervisionOverdue.Value);
        Assert.Equal(supervision.Total - supervision.Closed, r.SupervisionOpen.Value);
        Assert.Equal(r.SupervisionOverdue.Value, r.OverdueRanking.Sum(u => u.Overdue));

        // The links of a past month open the supervision and problem lists as they stood that day, with the same counts.
        Assert.True(r.AsOf.IsPast);
        Assert.Equal(r.SupervisionOverdue.Value, await (await SupervisionQueries.QueryAsync(db, new SupervisionFilter(OverdueOn: r.AsOf.Day), ct)).CountAsync(ct));
        foreach (var row in r.OverdueRanking)
        {
            Assert.Equal(row.Overdue, await (await SupervisionQueries.QueryAsync(db, new SupervisionFilter(UnitId: row.UnitId, OverdueOn: r.AsOf.Day), ct)).CountAsync(ct));
        }

        var today = ProblemList.Today(clock);
        Assert.Equal(r.ProblemsOpen.Value, await (await ProblemList.QueryAsync(db, new ProblemFilter(Status: ProblemStatus.Open, AsOf: r.AsOf.Day), today, ct)).CountAsync(ct));
        Assert.Equal(r.ProblemsOverdue.Value, await (await ProblemList.QueryAsync(db, new ProblemFilter(Overdue: true, AsOf: r.AsOf.Day), today, ct)).CountAsync(ct));

        // The funnel is the funnel module's as it stood at the month's end (stage changes on or
        // before that day, recorded by the bulletin's instant) — and its "started or further"
        // step counts the same started projects as a count made here from the stage history.
        var monthEnd = new DateOnly(2023, month, 1).AddMonths(1).AddDays(-1);
        Assert.Equal((await Funnel.ComputeAsync(db, 2023, monthEnd, r.Projects.KnownAtUtc, ct)).Steps, r.Funnel.Steps);
        var cohort = await db.Set<AnnualPlanEntry>().Where(e => e.Year == 2023).Select(e => e.KeyProjectId).ToListAsync(ct);
        var history = await db.Set<ProjectStageChange>().Where(s => cohort.Contains(s.KeyProjectId))
            .Select(s => new { s.KeyProjectId, s.Stage, s.OnDate, s.RecordedAtUtc }).ToListAsync(ct);
        var withHistory = history.Select(s => s.KeyProjectId).ToHashSet();
        var startedByThen = history.Where(s => s.Stage >= ProjectStage.Started && s.OnDate <= monthEnd && s.RecordedAtUtc <= r.Projects.KnownAtUtc)
            .Select(s => s.KeyProjectId).ToHashSet();
        var startedNow = await db.Set<KeyProject>().Where(p => cohort.Contains(p.Id) && p.Stage >= ProjectStage.Started).Select(p => p.Id).ToListAsync(ct);
        var expectedStarted = startedByThen.Count + startedNow.Count(id => !withHistory.Contains(id));
        Assert.Equal(expectedStarted, r.Funnel.Steps.Single(s => s.Stage == Web.Features.Figures.FunnelStage.Started).Count);
        if (month == 6 && user == "leader")
        {
            // The demo city starts projects in the second half of 2023: June's funnel is not the year's.
            Assert.True(expectedStarted < (await Funnel.ComputeAsync(db, 2023, ct)).Steps.Single(s => s.Stage == Web.Features.Figures.FunnelStage.Started).Count);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_correction_accepted_after_the_month_closed_does_not_change_that_months_figures(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = await app.UserScopeAsync("leader");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var ct = TestContext.Current.CancellationToken;

        // The demo's June report of ZY2023-013 was corrected on 19 July, after June closed on 10 July.
        var june = await CockpitFigures.ComputeAsync(db, 2023, 6, clock, ct);
        var known = await Bulletin.ComputeAsync(db, new BulletinQuery(2023, 6), clock, ct);

        Assert.Equal(new DateOnly(2023, 7, 10), june.AsOf.ProjectsKnownOn);
        Assert.NotEqual(known.All.Figures.Totals.CompletedYearToDate, june.Projects.All.Figures.Totals.CompletedYearToDate);
        var beforeCorrection = await Bulletin.ComputeAsync(db, new BulletinQuery(2023, 6, new DateTime(2023, 7, 18, 0, 0, 0, DateTimeKind.Utc)), clock, ct);
        Assert.Equal(beforeCorrection.All.Figures, june.Projects.All.Figures);

        // July's cockpit knows the correction, and its June trend is June as it stood.
        var july = await CockpitFigures.ComputeAsync(db, 2023, 7, clock, ct);
        Assert.Equal(june.Projects.All.Figures, july.PreviousProjects);
        Assert.Equal(known.All.Figures.Totals.CompletedYearToDate, july.Curve[5].Figures.Totals.CompletedYearToDate);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Problems_and_supervision_today_are_the_lists_own_counts(DatabaseProvider provider)
    {
        // A private app with the demo city only: the shared app also holds other tests' records
        // dated in future years, which the lists count as open today and the cockpit, rightly, not yet.
        await using var app = await TestApp.StartAsync(provider);
        using var scope = await app.UserScopeAsync("supervision.office");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var ct = TestContext.Current.CancellationToken;
        var today = ProblemList.Today(clock);

        var r = await CockpitFigures.ComputeAsync(db, today.Year, today.Month, clock, ct);

        Assert.Equal(today, r.AsOf.Day);
        Assert.Equal(await (await ProblemList.QueryAsync(db, new ProblemFilter(Status: ProblemStatus.Open), today, ct)).CountAsync(ct), r.ProblemsOpen.Value);
        Assert.Equal(await (await ProblemList.QueryAsync(db, new ProblemFilter(Overdue: true), today, ct)).CountAsync(ct), r.ProblemsOverdue.Value);
        Assert.Equal(await db.Set<SupervisionItem>().CountAsync(i => i.Status != SupervisionStatus.Closed, ct), r.SupervisionOpen.Value);
        var bulletin = await SupervisionBulletin.ComputeAsync(db, new DateOnly(2000, 1, 1), today, today, ct);
        Assert.Equal(bulletin.Red, r.SupervisionOverdue.Value);
        Assert.Equal(bulletin.RedItems.Select(i => i.Id).Take(CockpitFigures.RedListSize).Order(), r.RedList.OverdueItems.Select(i => i.Id).Order());
    }
}
