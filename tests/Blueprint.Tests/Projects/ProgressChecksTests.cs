using Blueprint.Web.Features.Projects;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The figure checks as a table: inputs → error, warning or fine. The same function judges the
/// form, the API and the import (ProgressFigureCheckTests walks those three).
/// </summary>
public sealed class ProgressChecksTests
{
    private const long Wan = 10_000;

    public static TheoryData<string, int, long, int?, long?, long[], long, long, string?> Table => new()
    {
        // case, month, plan (万), previous month, its 累计 (万), earlier months (万), 本月, 累计 → every finding in order, or null when fine
        { "the issue's county: 10,570 + 900 is 11,470, not 11,400", 6, 20_000, 5, 10_570, [2_000, 2_100, 2_200, 2_170, 2_100], 900, 11_400, "Progress.Check.YearToDate" },
        { "the same county typed right", 6, 20_000, 5, 10_570, [2_000, 2_100, 2_200, 2_170, 2_100], 900, 11_470, null },
        { "January: 累计 is the month itself", 1, 20_000, null, null, [], 900, 1_000, "Progress.Check.January" },
        { "January typed right", 1, 20_000, null, null, [], 900, 900, null },
        { "150,000 万 in one month on a 1 亿 plan", 3, 10_000, 2, 1_000, [500, 500], 150_000, 151_000, "Progress.Check.AboveRemaining,Progress.Check.AbovePlan" },
        { "累计 above 120 % of the plan", 8, 10_000, 7, 11_500, [1_500, 1_500, 1_500], 1_000, 12_500, "Progress.Check.AboveRemaining,Progress.Check.AbovePlan" },
        { "累计 at exactly 120 % is no plan warning", 8, 10_000, 7, 9_000, [1_500, 1_500, 1_500], 3_000, 12_000, "Progress.Check.AboveRemaining" },
        { "a month over 3× the median", 5, 100_000, 4, 4_000, [1_000, 1_000, 1_000, 1_000], 3_100, 7_100, "Progress.Check.AboveMedian" },
        { "exactly 3× the median is fine", 5, 100_000, 4, 4_000, [1_000, 1_000, 1_000, 1_000], 3_000, 7_000, null },
        { "two earlier months are too few for a median", 3, 100_000, 2, 2_000, [1_000, 1_000], 9_000, 11_000, null },
        { "a gap month: 累计 below the last accepted one", 6, 100_000, 3, 5_000, [1_000, 2_000, 2_000], 100, 4_000, "Progress.Check.Decreases" },
        { "a gap month may hold the skipped months", 6, 100_000, 3, 5_000, [1_000, 2_000, 2_000], 100, 6_000, null },
        { "no plan: no plan warnings", 4, 0, 3, 3_000, [1_000, 1_000, 1_000], 1_000, 4_000, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_case_gives_its_finding(string @case, int month, long planWan, int? previousMonth, long? previousWan, long[] earlierWan, long thisMonthWan, long yearToDateWan, string? expected)
    {
        var facts = new ProgressFacts(month, planWan * Wan, previousMonth is { } m ? new PriorMonth(m, previousWan!.Value * Wan) : null, [.. earlierWan.Select(w => w * Wan)]);
        var found = ProgressChecks.Judge(facts, thisMonthWan * Wan, yearToDateWan * Wan);
        Assert.True(expected == (found.Count == 0 ? null : string.Join(',', found.Select(f => f.MessageKey))),
            $"{@case}: {string.Join(", ", found.Select(f => f.MessageKey))}");
    }

    [Fact]
    public void The_sum_is_an_error_and_the_plan_a_warning()
    {
        var wrongSum = ProgressChecks.Judge(new ProgressFacts(6, 20_000 * Wan, new PriorMonth(5, 10_570 * Wan), []), 900 * Wan, 11_400 * Wan);
        var error = Assert.Single(wrongSum);
        Assert.True(error.IsError);
        Assert.Equal("investmentYearToDate", error.Field);
        Assert.Equal(5, Assert.IsType<DateOnly>(error.Args[0]).Month); // the month named by itself: 5月 / May
        Assert.Equal(["10570", "900", "11470", "11400"], error.Args.Skip(1).Select(a => a.ToString()!));

        var overPlan = ProgressChecks.Judge(new ProgressFacts(3, 10_000 * Wan, new PriorMonth(2, 1_000 * Wan), []), 150_000 * Wan, 151_000 * Wan);
        Assert.All(overPlan, f => Assert.False(f.IsError));
        Assert.Equal(["Progress.Check.AboveRemaining", "Progress.Check.AbovePlan"], overPlan.Select(f => f.MessageKey));
    }
}
