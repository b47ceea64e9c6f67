using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Figures;

/// <summary>The funnel's pure rules and the overdue rule, against hand-computed examples.</summary>
public sealed class FunnelFiguresTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values()
    {
        Assert.Null(FunnelFigures.Median([]));
        Assert.Equal(7m, FunnelFigures.Median([7]));
        Assert.Equal(60m, FunnelFigures.Median([121, 31, 60]));
        Assert.Equal(45.5m, FunnelFigures.Median([60, 121, 31, 31]));
    }

    [Fact]
    public void Conversion_is_the_share_of_the_previous_step_and_undefined_without_one()
    {
        Assert.Equal(0.8m, FunnelFigures.Conversion(5, 4));
        Assert.Equal(0m, FunnelFigures.Conversion(3, 0));
        Assert.Null(FunnelFigures.Conversion(0, 0));
    }

    [Fact]
    public void Days_in_a_step_run_from_entering_it_to_entering_any_later_step()
    {
        // Planning 1 Jan 2092, signed 1 Mar (2092 is a leap year: 31 + 29 = 60 days),
        // started 1 Jun (31 + 30 + 31 = 92), in production a year later (365).
        var days = FunnelFigures.DaysInStages(new Dictionary<FunnelStage, DateOnly>
        {
            [FunnelStage.Reserve] = D(2092, 1, 1),
            [FunnelStage.Signed] = D(2092, 3, 1),
            [FunnelStage.Started] = D(2092, 6, 1),
            [FunnelStage.InProduction] = D(2093, 6, 1),
        });

        Assert.Equal(60, days[FunnelStage.Reserve]);
        Assert.Equal(92, days[FunnelStage.Signed]);
        Assert.Equal(365, days[FunnelStage.Started]);
        Assert.False(days.ContainsKey(FunnelStage.InProduction));
    }

    [Fact]
    public void A_skipped_step_takes_no_time_and_a_step_not_yet_left_has_no_duration()
    {
        // Public works sign no contract: reserve lasts until the start; no time "in signed".
        var days = FunnelFigures.DaysInStages(new Dictionary<FunnelStage, DateOnly>
        {
            [FunnelStage.Reserve] = D(2092, 1, 1),
            [FunnelStage.Started] = D(2092, 5, 1),
        });

        Assert.Equal(121, days[FunnelStage.Reserve]);
        Assert.False(days.ContainsKey(FunnelStage.Signed));
        Assert.False(days.ContainsKey(FunnelStage.Started));
    }

    [Fact]
    public void Overdue_means_open_and_past_its_deadline_in_China()
    {
        // 15:59 UTC on 30 June is 23:59 in China: the deadline day itself is not overdue.
        var clock = new FakeTimeProvider(new DateTimeOffset(2093, 6, 30, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal(D(2093, 6, 30), ProblemList.Today(clock));
        Assert.False(ProblemList.IsOverdue(ProblemStatus.Open, D(2093, 6, 30), ProblemList.Today(clock)));

        // One minute later it is 1 July in China.
        clock.Advance(TimeSpan.FromMinutes(1));
        var today = ProblemList.Today(clock);
        Assert.Equal(D(2093, 7, 1), today);
        Assert.True(ProblemList.IsOverdue(ProblemStatus.Open, D(2093, 6, 30), today));
        Assert.False(ProblemList.IsOverdue(ProblemStatus.Resolved, D(2093, 6, 30), today));
        Assert.False(ProblemList.IsOverdue(ProblemStatus.CannotSolveNow, D(2093, 6, 30), today));
        Assert.False(ProblemList.IsOverdue(ProblemStatus.Open, null, today));
    }
}
