using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Units;

namespace Blueprint.Tests.Cockpit;

/// <summary>The on-time reporting ranking's rules, with hand-worked cases.</summary>
public sealed class ReportingRankingTests
{
    [Fact]
    public void A_report_is_on_time_when_submitted_and_not_late_and_never_as_a_draft()
    {
        Assert.True(ReportingRanking.IsOnTime(SubmissionStatus.Submitted, isLate: false));
        Assert.True(ReportingRanking.IsOnTime(SubmissionStatus.Accepted, isLate: false));
        Assert.True(ReportingRanking.IsOnTime(SubmissionStatus.Approved, isLate: false));
        Assert.False(ReportingRanking.IsOnTime(SubmissionStatus.Accepted, isLate: true));
        Assert.False(ReportingRanking.IsOnTime(SubmissionStatus.Draft, isLate: false));
        Assert.False(ReportingRanking.IsOnTime(SubmissionStatus.Returned, isLate: false));
    }

    [Fact]
    public void Units_roll_up_to_the_unit_under_the_city()
    {
        Assert.Equal(5, Unit.TopUnitOf(9, "/1/5/9/"));
        Assert.Equal(5, Unit.TopUnitOf(5, "/1/5/"));
        Assert.Equal(1, Unit.TopUnitOf(1, "/1/"));
    }

    [Fact]
    public void The_best_rate_ranks_first_and_a_unit_without_projects_last()
    {
        var top = new Dictionary<int, RankUnit>
        {
            [10] = new(10, "安岳县"),
            [11] = new(10, "安岳县"),
            [20] = new(20, "乐至县"),
            [30] = new(30, "雁江区"),
            [40] = new(40, "高新区"),
        };
        var rows = ReportingRanking.Rank(
            [(10, 2, 1), (11, 2, 2), (20, 4, 2), (30, 1, 1), (40, 0, 0), (99, 5, 5)],
            id => top.GetValueOrDefault(id));

        // 安岳 3 of 4 (its department's two added), 乐至 2 of 4, 雁江 1 of 1; 高新区 has nothing to judge; unit 99 is out of scope.
        Assert.Equal(["雁江区", "安岳县", "乐至县", "高新区"], rows.Select(r => r.UnitName));
        Assert.Equal((4, 3, 0.75m), (rows[1].Projects, rows[1].OnTime, rows[1].OnTimeRate));
        Assert.Equal(0.5m, rows[2].OnTimeRate);
        Assert.Null(rows[3].OnTimeRate);
    }

    [Fact]
    public void Equal_rates_rank_the_unit_with_more_projects_first()
    {
        var rows = ReportingRanking.Rank([(1, 2, 1), (2, 4, 2)], id => new RankUnit(id, id == 1 ? "甲" : "乙"));
        Assert.Equal(["乙", "甲"], rows.Select(r => r.UnitName));
    }
}
