namespace Blueprint.Web.Features.Figures;

/// <summary>
/// 序时进度: the share of the year's work that should be done by the end of a month.
/// PRODUCT.md: m ÷ 12 at the end of month m, unless the plan gives a month-by-month profile.
/// </summary>
public static class ElapsedSchedule
{
    public static decimal AtMonthEnd(int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return month / 12m;
    }

    /// <summary>
    /// With a profile of twelve monthly weights (e.g. planned investment per month), the
    /// schedule is the cumulative weight to month m over the total weight.
    /// </summary>
    public static decimal AtMonthEnd(int month, IReadOnlyList<decimal> monthlyProfile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        if (monthlyProfile.Count != 12 || monthlyProfile.Any(w => w < 0))
        {
            throw new ArgumentException("A schedule profile has twelve non-negative monthly weights.", nameof(monthlyProfile));
        }

        var total = monthlyProfile.Sum();
        return total == 0 ? AtMonthEnd(month) : monthlyProfile.Take(month).Sum() / total;
    }
}
