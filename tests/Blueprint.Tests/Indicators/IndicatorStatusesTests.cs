using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Indicators;

/// <summary>
/// The light-only series (what the cockpit, the unit page and the unit lights count) judge every
/// indicator and every share exactly as the full series of the indicator pages do, and one unit's
/// series read alone (the unit page) as every unit's, on every plan
/// year in the shared database (the demo city plus the other tests' corrections and late values),
/// at months where quarterly and annual indicators have and have not reached a period.
/// </summary>
public sealed class IndicatorStatusesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_light_only_series_judge_as_the_full_series(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await ArrangeCorrectionAsync(app, ct);
        foreach (var user in new[] { "leader", "anyue.leader" })
        {
            using var scope = await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var indicators = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear).ToListAsync(ct);
            Assert.NotEmpty(indicators);
            var judged = 0;
            foreach (var year in indicators.Select(i => i.PlanYear!.Year).Distinct())
            {
                foreach (var month in new[] { 1, 2, 3, 4, 6, 11, 12 })
                {
                    var asOf = IndicatorAsOf.MonthEnd(year, month);
                    var full = await IndicatorFigures.ComputeAsync(db, indicators, asOf, withShares: true, ct);
                    var lights = await IndicatorFigures.StatusesAsync(db, indicators, asOf, ct);
                    AssertSameJudgements(full, lights);
                    judged += lights.Count(s => s.Status is not null);
                    if (year == 2070 && user == "leader" && month is 4 or 6)
                    {
                        // The correction case itself: 30 counts at April's end, 20 from June.
                        var corrected = Assert.Single(lights, s => s.Status is not null && indicators.Single(i => i.Id == s.IndicatorId).Name == "季度修订指标");
                        Assert.Equal(month == 4 ? 30m : 20m, corrected.Status!.Actual);
                    }

                    // One unit's series (the unit page) read from that unit's values alone: the same as every unit's.
                    if (month is 4 or 12)
                    {
                        foreach (var unit in lights.Select(l => l.UnitId).Distinct())
                        {
                            AssertSameJudgements([.. lights.Where(l => l.UnitId == unit)], await IndicatorFigures.StatusesOfUnitAsync(db, indicators, unit, asOf, ct));
                        }
                    }

                    // The cockpit's pair: this month and the month before from one read.
                    var before = month > 1 ? IndicatorAsOf.MonthEnd(year, month - 1) : IndicatorAsOf.MonthEnd(year - 1, 12);
                    var pair = await IndicatorFigures.StatusesAsync(db, indicators, asOf, before, ct);
                    AssertSameJudgements(full, pair.AsOf);
                    AssertSameJudgements(await IndicatorFigures.ComputeAsync(db, indicators, before, withShares: true, ct), pair.Before);
                }
            }

            Assert.True(judged > 0, $"{user}: no series judged at all");
        }
    }

    /// <summary>
    /// Plan year 2070 (no other test's): a quarterly indicator of 安岳 whose first quarter was
    /// accepted in April at 30 (green) and corrected in June to 20 (red); a second, monthly, with
    /// two periods. At the end of April the first value counts, from June the correction.
    /// </summary>
    private static async Task ArrangeCorrectionAsync(TestApp app, CancellationToken ct)
    {
        const int year = 2070;
        var plan = await IndicatorArrange.PlanYearAsync(app, year);
        var anyue = await IndicatorArrange.UnitAsync(app, "ZY-AY");
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        if (await db.Set<Indicator>().AnyAsync(i => i.PlanYearId == plan.Id, ct))
        {
            return; // the other provider's run, or a rerun on the same database
        }

        static DateTime Utc(int month, int day) => new(year, month, day, 2, 0, 0, DateTimeKind.Utc);
        var quarterly = new Indicator { PlanYearId = plan.Id, Name = "季度修订指标", Measure = "亿元", AnnualTarget = 120m, Profile = ScheduleProfile.Quarterly, UnitId = anyue };
        var monthly = new Indicator { PlanYearId = plan.Id, Name = "月度两期指标", Measure = "亿元", AnnualTarget = 120m, Profile = ScheduleProfile.Monthly, UnitId = anyue };
        db.AddRange(quarterly, monthly);
        await db.SaveChangesAsync(ct);
        var first = new IndicatorValue { IndicatorId = quarterly.Id, UnitId = anyue, Year = year, Period = 1, Value = 30m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Utc(4, 9), AcceptedAtUtc = Utc(4, 10), IsCurrent = false };
        db.AddRange(
            first,
            new IndicatorValue { IndicatorId = monthly.Id, UnitId = anyue, Year = year, Period = 1, Value = 5m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Utc(2, 5), AcceptedAtUtc = Utc(2, 6) },
            new IndicatorValue { IndicatorId = monthly.Id, UnitId = anyue, Year = year, Period = 2, Value = 25m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Utc(3, 5), AcceptedAtUtc = Utc(3, 6) });
        await db.SaveChangesAsync(ct);
        db.Add(new IndicatorValue { IndicatorId = quarterly.Id, UnitId = anyue, Year = year, Period = 1, Value = 20m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Utc(6, 1), AcceptedAtUtc = Utc(6, 10), SupersedesId = first.Id, CorrectionReason = "统计局修订" });
        await db.SaveChangesAsync(ct);
    }

    private static void AssertSameJudgements(List<IndicatorSeries> full, List<IndicatorSeries> lights)
    {
        Assert.Equal(full.Select(s => (s.IndicatorId, s.UnitId)), lights.Select(s => (s.IndicatorId, s.UnitId)));
        Assert.Equal(full.Select(s => s.Status), lights.Select(s => s.Status));
    }
}
