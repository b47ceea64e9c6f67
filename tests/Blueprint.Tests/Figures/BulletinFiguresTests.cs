using Blueprint.Web.Features.Figures;

namespace Blueprint.Tests.Figures;

/// <summary>The standard figures against hand-computed values (PRODUCT.md, "Standard figures").</summary>
public sealed class BulletinFiguresTests
{
    private const long Wan = Figure.YuanPerWan;

    [Fact]
    public void The_worked_example_of_the_product_brief()
    {
        // End of April. Three continuing projects: plans 1,000 / 2,000 / 3,000 万元, done 400 / 500 / 1,300.
        // Two planned starts: plans 500 / 500 万元, one started with 100 万元 done.
        var totals = new BulletinTotals(
            KeyListCount: 5,
            AnnualPlan: (1_000 + 2_000 + 3_000 + 500 + 500) * Wan,
            CompletedYearToDate: (400 + 500 + 1_300 + 100) * Wan,
            PlannedStarts: 2, PlannedStartsStarted: 1,
            PlannedCompletions: 0, PlannedCompletionsCompleted: 0,
            Reserve: 0, ReserveStarted: 0);
        var figures = new BulletinFigures(totals, ElapsedSchedule.AtMonthEnd(4));

        Assert.Equal(2_300m / 7_000m, figures.InvestmentCompletionRate);
        Assert.Equal("32.9%", Figure.Percent(figures.InvestmentCompletionRate));
        Assert.Equal("33.3%", Figure.Percent(figures.ElapsedSchedule));
        Assert.Equal("-0.5", Figure.SignedPoints(figures.AheadOfSchedulePoints!.Value));
        Assert.Equal(StatusLight.Yellow, figures.Light);
        Assert.Equal("50.0%", Figure.Percent(figures.StartRate));
        Assert.Null(figures.FinishRate);
        Assert.Equal("—", Figure.Percent(figures.ConversionRate));
    }

    [Theory]
    [InlineData(4_000, 4, StatusLight.Green)]   // 40.0 % vs 33.3 %: ahead
    [InlineData(3_334, 4, StatusLight.Green)]   // 33.34 % vs 33.33 %: just ahead
    [InlineData(2_834, 4, StatusLight.Yellow)]  // 28.34 % vs 33.33 %: 4.99 points behind
    [InlineData(2_833, 4, StatusLight.Red)]     // 28.33 % vs 33.33 %: 5.003 points behind
    [InlineData(1_000, 12, StatusLight.Red)]    // December, 10 % done
    [InlineData(0, 0, StatusLight.Green)]       // before the year starts nothing is due
    public void The_schedule_light_is_judged_on_exact_values(long doneWan, int month, StatusLight expected)
    {
        var figures = new BulletinFigures(new BulletinTotals(1, 10_000 * Wan, doneWan * Wan, 0, 0, 0, 0, 0, 0), ElapsedSchedule.AtMonthEnd(month));
        Assert.Equal(expected, figures.Light);
    }

    [Fact]
    public void Exactly_five_points_behind_is_still_yellow_and_the_tolerance_can_be_set()
    {
        // 25 % done at the end of June (50 %) is 25 points behind; at the end of March (25 %) it is on schedule.
        Assert.Equal(StatusLight.Yellow, StatusLights.ForSchedule(0.45m, 0.5m));
        Assert.Equal(StatusLight.Red, StatusLights.ForSchedule(0.45m, 0.5m, tolerancePoints: 4.9m));
        Assert.Equal(StatusLight.Green, StatusLights.ForSchedule(0.25m, ElapsedSchedule.AtMonthEnd(3)));
    }

    [Fact]
    public void Rates_count_projects_and_are_empty_without_a_denominator()
    {
        var figures = new BulletinFigures(new BulletinTotals(8, 0, 0, 3, 2, 4, 1, 4, 2), ElapsedSchedule.AtMonthEnd(11));
        Assert.Equal("66.7%", Figure.Percent(figures.StartRate));
        Assert.Equal("25.0%", Figure.Percent(figures.FinishRate));
        Assert.Equal("50.0%", Figure.Percent(figures.ConversionRate));
        Assert.Null(figures.InvestmentCompletionRate);
        Assert.Null(figures.Light);
    }

    [Fact]
    public void A_monthly_profile_replaces_m_over_twelve()
    {
        // Construction season: little in winter, most from April to October.
        decimal[] profile = [1, 1, 2, 10, 12, 12, 12, 12, 12, 10, 4, 2];
        Assert.Equal(14m / 90m, ElapsedSchedule.AtMonthEnd(4, profile));
        Assert.Equal(1m, ElapsedSchedule.AtMonthEnd(12, profile));
        Assert.Equal(0m, ElapsedSchedule.AtMonthEnd(0, profile));
        Assert.Equal(ElapsedSchedule.AtMonthEnd(5), ElapsedSchedule.AtMonthEnd(5, new decimal[12]));
        Assert.Throws<ArgumentException>(() => ElapsedSchedule.AtMonthEnd(4, [1, 2, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ElapsedSchedule.AtMonthEnd(13));
    }

    [Theory]
    [InlineData(0.12345, "12.3%")]
    [InlineData(0.12350, "12.4%")]   // half away from zero, not to even
    [InlineData(0.12250, "12.3%")]
    [InlineData(1.5, "150.0%")]
    public void Percentages_round_half_away_from_zero_for_display_only(decimal ratio, string shown) =>
        Assert.Equal(shown, Figure.Percent(ratio));

    [Theory]
    [InlineData(-0.25, "-0.3")]
    [InlineData(0.25, "+0.3")]
    [InlineData(0, "0.0")]
    [InlineData(-0.04, "0.0")]
    public void Points_are_signed(decimal points, string shown) => Assert.Equal(shown, Figure.SignedPoints(points));

    [Fact]
    public void Money_is_shown_in_yi_and_wan_from_exact_yuan()
    {
        Assert.Equal("7.52", Figure.Yi(752_000_000, 2));
        Assert.Equal("7.5", Figure.Yi(752_000_000));
        Assert.Equal("2.4", Figure.Yi(240_000_000));
        Assert.Equal("0.1", Figure.Yi(5_000_000));       // 0.05 亿 rounds away from zero
        Assert.Equal("12,345", Figure.Wan(123_450_000));
        Assert.Equal("1,234.6", Figure.Wan(12_345_500, 1));
    }

    [Theory]
    [InlineData("2024-03-31", "2024-03-20", false, StatusLight.Green)]
    [InlineData("2024-03-31", "2024-03-28", false, StatusLight.Yellow)]  // 3 days left
    [InlineData("2024-03-31", "2024-03-31", false, StatusLight.Yellow)]  // due today
    [InlineData("2024-03-31", "2024-04-01", false, StatusLight.Red)]     // overdue
    [InlineData("2024-03-31", "2024-04-01", true, StatusLight.Green)]    // closed
    [InlineData("2024-03-01", "2024-02-27", false, StatusLight.Yellow)]  // across a leap-year month end
    public void Supervision_items_turn_yellow_three_days_before_and_red_after_the_deadline(string deadline, string today, bool closed, StatusLight expected) =>
        Assert.Equal(expected, StatusLights.ForDeadline(DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), closed));
}
