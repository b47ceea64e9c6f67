using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;

namespace Blueprint.Tests.Figures;

/// <summary>The year-end forecast on hand-computed examples: linear on the schedule, seasonal from earlier years.</summary>
public sealed class IndicatorForecastTests
{
    private static IndicatorPlan Plan(decimal target, decimal? baseline = null, IndicatorDirection direction = IndicatorDirection.HigherIsBetter,
        IndicatorValueKind kind = IndicatorValueKind.YearToDate, ScheduleProfile profile = ScheduleProfile.Monthly, params decimal[] shares) =>
        new(direction, kind, baseline, target, profile, shares);

    [Fact]
    public void Linear_scales_the_value_by_the_share_due()
    {
        // 38 by April, 4/12 due: 38 ÷ (1/3) = 114; 6 short of 120 is exactly the tolerance (yellow).
        var f = IndicatorForecast.Forecast(Plan(120m), new Dictionary<int, decimal> { [4] = 38m }, 4, []);
        Assert.Equal((ForecastMethod.Linear, 114m, 4, StatusLight.Yellow), (f.Method, f.YearEnd!.Value, f.FromPeriod, f.Light));
        Assert.Equal(-6m, f.GapToTarget);
    }

    [Fact]
    public void Lower_is_better_level_forecasts_from_the_baseline()
    {
        // 40 → 36; June 38.5 with half the way due: 40 + (38.5 − 40) ÷ 0.5 = 37, one above 36 (tolerance 1.8: yellow).
        var plan = Plan(36m, 40m, IndicatorDirection.LowerIsBetter, IndicatorValueKind.Level);
        var f = IndicatorForecast.Forecast(plan, new Dictionary<int, decimal> { [6] = 38.5m }, 6, []);
        Assert.Equal((37m, -1m, StatusLight.Yellow), (f.YearEnd!.Value, f.GapToTarget!.Value, f.Light));
    }

    [Fact]
    public void Quarterly_profile_with_nothing_due_yet_gives_no_forecast()
    {
        var plan = Plan(2650m, profile: ScheduleProfile.Quarterly, shares: [0m, 0m, 100m, 100m]);
        Assert.Equal(ForecastMethod.None, IndicatorForecast.Forecast(plan, new Dictionary<int, decimal> { [1] = 0m }, 1, []).Method);
        // From Q3 on the schedule says all is due: the Q3 value is the forecast.
        var q3 = IndicatorForecast.Forecast(plan, new Dictionary<int, decimal> { [1] = 0m, [3] = 2500m }, 3, []);
        Assert.Equal((2500m, StatusLight.Red), (q3.YearEnd!.Value, q3.Light)); // 150 short, tolerance 132.5
    }

    [Fact]
    public void Seasonal_uses_the_mean_share_of_earlier_years_at_the_same_period()
    {
        // 2088 had done 20 of 100 by March, 2089 30 of 100: mean share 0.25; 30 ÷ 0.25 = 120.
        EarlierYear[] earlier =
        [
            new(2088, 0m, new Dictionary<int, decimal> { [3] = 20m, [12] = 100m }),
            new(2089, 0m, new Dictionary<int, decimal> { [3] = 30m, [12] = 100m }),
            new(2087, 0m, new Dictionary<int, decimal> { [3] = 50m }), // no year-end value: cannot say
        ];
        var f = IndicatorForecast.Forecast(Plan(100m), new Dictionary<int, decimal> { [3] = 30m }, 3, earlier);
        Assert.Equal((ForecastMethod.Seasonal, 120m, 0.25m), (f.Method, f.YearEnd!.Value, f.Share!.Value));
        Assert.Equal([2088, 2089], f.YearsUsed);
        Assert.Equal(StatusLight.Green, f.Light);
    }

    [Fact]
    public void Missing_months_forecast_from_the_latest_known_period_and_a_complete_year_is_its_own_forecast()
    {
        var values = new Dictionary<int, decimal> { [1] = 10m, [2] = 20m, [4] = 45m };
        var may = IndicatorForecast.Forecast(Plan(120m), values, 5, []);
        Assert.Equal((4, 135m), (may.FromPeriod, may.YearEnd!.Value)); // 45 ÷ (4/12)
        var done = IndicatorForecast.Forecast(Plan(120m), new Dictionary<int, decimal> { [12] = 118m }, 12, []);
        Assert.Equal((118m, StatusLight.Yellow), (done.YearEnd!.Value, done.Light));
        Assert.Equal(ForecastMethod.None, IndicatorForecast.Forecast(Plan(120m), new Dictionary<int, decimal>(), 12, []).Method);
    }

    [Fact]
    public void A_zero_baseline_level_forecasts_like_a_year_to_date_total()
    {
        // 0 → 50, Q1 10 with a quarter due: 10 ÷ 0.25 = 40, 10 short (tolerance 2.5): red.
        var f = IndicatorForecast.Forecast(Plan(50m, 0m, kind: IndicatorValueKind.Level, profile: ScheduleProfile.Quarterly),
            new Dictionary<int, decimal> { [1] = 10m }, 1, []);
        Assert.Equal((40m, StatusLight.Red), (f.YearEnd!.Value, f.Light));
    }
}
