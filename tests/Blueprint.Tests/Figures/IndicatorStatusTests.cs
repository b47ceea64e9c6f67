using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;

namespace Blueprint.Tests.Figures;

/// <summary>The indicator status rules on hand-computed examples (PRODUCT.md: tolerance 5 % of the target).</summary>
public sealed class IndicatorStatusTests
{
    private static IndicatorPlan Plan(decimal target, decimal? baseline = null, IndicatorDirection direction = IndicatorDirection.HigherIsBetter,
        IndicatorValueKind kind = IndicatorValueKind.YearToDate, ScheduleProfile profile = ScheduleProfile.Monthly, params decimal[] shares) =>
        new(direction, kind, baseline, target, profile, shares);

    [Fact]
    public void Higher_is_better_year_to_date_on_an_even_monthly_schedule()
    {
        // Target 120, end of April: 120 × 4/12 = 40 due; tolerance 5 % × 120 = 6.
        var plan = Plan(120m);
        Assert.Equal(40m, IndicatorStatus.Due(plan, 4));
        Assert.Equal(StatusLight.Green, IndicatorStatus.Judge(plan, 4, 40m).Light);
        var behind = IndicatorStatus.Judge(plan, 4, 38m);
        Assert.Equal((-2m, 6m, StatusLight.Yellow), (behind.Gap, behind.Tolerance, behind.Light));
        Assert.Equal(StatusLight.Yellow, IndicatorStatus.Judge(plan, 4, 34m).Light); // −6: exactly the tolerance
        Assert.Equal(StatusLight.Red, IndicatorStatus.Judge(plan, 4, 33.9m).Light);
    }

    [Fact]
    public void Lower_is_better_level_runs_from_the_baseline_down_to_the_target()
    {
        // PM2.5 from 40 to 36: by June 40 + (36 − 40) × 6/12 = 38 due; tolerance 5 % × 36 = 1.8.
        var plan = Plan(36m, 40m, IndicatorDirection.LowerIsBetter, IndicatorValueKind.Level);
        Assert.Equal(38m, IndicatorStatus.Due(plan, 6));
        Assert.Equal(StatusLight.Green, IndicatorStatus.Judge(plan, 6, 37m).Light);
        var worse = IndicatorStatus.Judge(plan, 6, 38.5m);
        Assert.Equal((-0.5m, StatusLight.Yellow), (worse.Gap, worse.Light));
        Assert.Equal(StatusLight.Red, IndicatorStatus.Judge(plan, 6, 40m).Light); // −2 < −1.8
    }

    [Fact]
    public void A_quarterly_profile_gives_the_cumulative_share_due_by_each_quarter()
    {
        // 10 / 40 / 70 / 100 % of 200: 80 due by the end of Q2; tolerance 10.
        var plan = Plan(200m, profile: ScheduleProfile.Quarterly, shares: [10m, 40m, 70m, 100m]);
        Assert.Equal(2, IndicatorStatus.PeriodAtMonthEnd(ScheduleProfile.Quarterly, 8));
        Assert.Equal(0, IndicatorStatus.PeriodAtMonthEnd(ScheduleProfile.Quarterly, 2));
        Assert.Equal(80m, IndicatorStatus.Due(plan, 2));
        Assert.Equal(StatusLight.Yellow, IndicatorStatus.Judge(plan, 2, 75m).Light);
        Assert.Equal(StatusLight.Red, IndicatorStatus.Judge(plan, 2, 69m).Light);
        Assert.Null(IndicatorStatus.Latest(plan, new Dictionary<int, decimal> { [1] = 25m }, upToPeriod: 0)); // February: no quarter has ended
    }

    [Fact]
    public void Missing_months_are_skipped_and_the_latest_known_period_is_judged_against_its_own_schedule()
    {
        var plan = Plan(120m);
        var values = new Dictionary<int, decimal> { [1] = 10m, [2] = 20m, [4] = 45m };
        var may = IndicatorStatus.Latest(plan, values, upToPeriod: 5)!;
        Assert.Equal((4, 45m, 40m, StatusLight.Green), (may.Period, may.Actual, may.Due, may.Light));
        var march = IndicatorStatus.Latest(plan, values, upToPeriod: 3)!;
        Assert.Equal((2, 20m, 0m, StatusLight.Green), (march.Period, march.Due, march.Gap, march.Light));
        Assert.Null(IndicatorStatus.Latest(plan, new Dictionary<int, decimal>(), upToPeriod: 12));
    }

    [Fact]
    public void A_zero_baseline_level_schedules_from_zero_and_a_zero_target_leaves_no_tolerance()
    {
        // Coverage from 0 to 50 %, quarterly: Q1 12.5 due; tolerance 2.5; 10 is behind by exactly 2.5.
        var coverage = Plan(50m, 0m, kind: IndicatorValueKind.Level, profile: ScheduleProfile.Quarterly);
        Assert.Equal(12.5m, IndicatorStatus.Due(coverage, 1));
        Assert.Equal(StatusLight.Yellow, IndicatorStatus.Judge(coverage, 1, 10m).Light);
        Assert.Equal(StatusLight.Red, IndicatorStatus.Judge(coverage, 1, 9.99m).Light);

        // Accidents from 4 down to 0: half-way 2 due; a target of 0 gives no tolerance at all.
        var accidents = Plan(0m, 4m, IndicatorDirection.LowerIsBetter, IndicatorValueKind.Level);
        Assert.Equal(2m, IndicatorStatus.Due(accidents, 6));
        Assert.Equal(StatusLight.Green, IndicatorStatus.Judge(accidents, 6, 2m).Light);
        Assert.Equal(StatusLight.Red, IndicatorStatus.Judge(accidents, 6, 2.1m).Light);
    }

    [Fact]
    public void A_year_to_date_indicator_ignores_its_baseline_when_scheduling()
    {
        // Last year's 1,480 places is context, not a starting point: this year's count starts at 0.
        var places = Plan(2650m, 1480m, profile: ScheduleProfile.Quarterly, shares: [0m, 0m, 100m, 100m]);
        Assert.Equal(0m, IndicatorStatus.Due(places, 2));
        Assert.Equal(StatusLight.Green, IndicatorStatus.Judge(places, 2, 0m).Light);
        Assert.Equal(2650m, IndicatorStatus.Due(places, 3));
    }

    [Theory]
    [InlineData(ScheduleProfile.Quarterly, new[] { 25.0, 50.0, 75.0 }, "Indicators.SharesCount")]
    [InlineData(ScheduleProfile.Quarterly, new[] { 25.0, 20.0, 75.0, 100.0 }, "Indicators.SharesOrder")]
    [InlineData(ScheduleProfile.Quarterly, new[] { 25.0, 50.0, 75.0, 90.0 }, "Indicators.SharesEnd")]
    [InlineData(ScheduleProfile.Quarterly, new[] { 0.0, 0.0, 100.0, 100.0 }, null)]
    [InlineData(ScheduleProfile.Monthly, new double[0], null)]
    public void Schedule_shares_are_checked(ScheduleProfile profile, double[] shares, string? error) =>
        Assert.Equal(error, IndicatorStatus.CheckShares(profile, [.. shares.Select(s => (decimal)s)]));
}
