using Blueprint.Web.Features.Indicators;

namespace Blueprint.Web.Features.Figures;

/// <summary>What the status and forecast rules need to know about one indicator (or one unit's share of it).</summary>
/// <param name="Shares">Cumulative percent due by the end of each period; empty for an even schedule.</param>
public sealed record IndicatorPlan(
    IndicatorDirection Direction, IndicatorValueKind Kind, decimal? Baseline, decimal Target, ScheduleProfile Profile,
    IReadOnlyList<decimal> Shares)
{
    /// <summary>Where the year's way to the target starts: zero for a year-to-date total, the baseline for a level.</summary>
    public decimal Start => Kind == IndicatorValueKind.Level ? Baseline ?? 0m : 0m;
}

/// <summary>One period judged against the schedule. <see cref="Gap"/> is positive when better than due.</summary>
public sealed record IndicatorJudgement(int Period, decimal Actual, decimal Due, decimal Gap, decimal Tolerance, StatusLight Light);

/// <summary>
/// The schedule and status light of an indicator (PRODUCT.md): green on or ahead of schedule,
/// yellow when behind by no more than the tolerance — 5 % of the target for indicators — and
/// red beyond it. Exact decimals throughout; rounding is for display only.
/// </summary>
public static class IndicatorStatus
{
    /// <summary>The indicator tolerance: 5 % of the target.</summary>
    public const decimal ToleranceShareOfTarget = 0.05m;

    public static int PeriodCount(ScheduleProfile profile) => profile switch
    {
        ScheduleProfile.Monthly => 12,
        ScheduleProfile.Quarterly => 4,
        _ => 1,
    };

    /// <summary>The last period that has ended by the end of a month (0 when none has: January of a quarterly indicator).</summary>
    public static int PeriodAtMonthEnd(ScheduleProfile profile, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return profile switch
        {
            ScheduleProfile.Monthly => month,
            ScheduleProfile.Quarterly => month / 3,
            _ => month == 12 ? 1 : 0,
        };
    }

    /// <summary>Null when the shares are a valid profile for the schedule; else what is wrong (a resource key).</summary>
    public static string? CheckShares(ScheduleProfile profile, IReadOnlyList<decimal> shares)
    {
        if (shares.Count == 0)
        {
            return null;
        }

        if (shares.Count != PeriodCount(profile))
        {
            return "Indicators.SharesCount";
        }

        if (shares.Any(s => s is < 0 or > 100) || shares.Zip(shares.Skip(1)).Any(p => p.Second < p.First))
        {
            return "Indicators.SharesOrder";
        }

        return shares[^1] == 100m ? null : "Indicators.SharesEnd";
    }

    /// <summary>The share (0–1) of the way from start to target due by the end of a period: the profile's, or p ÷ N.</summary>
    public static decimal ShareDue(IndicatorPlan plan, int period)
    {
        var (part, whole) = ShareFraction(plan, period);
        return part / whole;
    }

    /// <summary>
    /// The share due as a fraction, so that callers multiply before they divide: 120 × 4 ÷ 12 is
    /// exactly 40, while 120 × (4 ÷ 12) is 39.999…, which would turn an exact tie into a miss.
    /// </summary>
    public static (decimal Part, decimal Whole) ShareFraction(IndicatorPlan plan, int period)
    {
        var n = PeriodCount(plan.Profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(period, n);
        if (period == 0)
        {
            return (0m, 1m);
        }

        return plan.Shares.Count == n ? (plan.Shares[period - 1], 100m) : (period, n);
    }

    /// <summary>The value due by the end of a period: start + (target − start) × share due.</summary>
    public static decimal Due(IndicatorPlan plan, int period)
    {
        var (part, whole) = ShareFraction(plan, period);
        return plan.Start + ((plan.Target - plan.Start) * part / whole);
    }

    /// <summary>How far a value is better (+) or worse (−) than a reference, in the indicator's direction.</summary>
    public static decimal Better(IndicatorDirection direction, decimal value, decimal reference) =>
        direction == IndicatorDirection.LowerIsBetter ? reference - value : value - reference;

    public static decimal Tolerance(IndicatorPlan plan) => Math.Abs(plan.Target) * ToleranceShareOfTarget;

    /// <summary>The light for a gap (better-than-reference amount) under the plan's tolerance.</summary>
    public static StatusLight Light(IndicatorPlan plan, decimal gap) =>
        gap >= 0 ? StatusLight.Green
        : gap >= -Tolerance(plan) ? StatusLight.Yellow
        : StatusLight.Red;

    /// <summary>One period's value against what was due by then.</summary>
    public static IndicatorJudgement Judge(IndicatorPlan plan, int period, decimal actual)
    {
        var due = Due(plan, period);
        var gap = Better(plan.Direction, actual, due);
        return new IndicatorJudgement(period, actual, due, gap, Tolerance(plan), Light(plan, gap));
    }

    /// <summary>
    /// The status known at the end of a period: the latest period up to it that has a value is
    /// judged against its own schedule (a missing month is not counted as zero: values arrive
    /// after their period, and a gap in reporting is shown as such, not as a collapse). Null
    /// when no value is known yet.
    /// </summary>
    public static IndicatorJudgement? Latest(IndicatorPlan plan, IReadOnlyDictionary<int, decimal> values, int upToPeriod)
    {
        var period = values.Keys.Where(p => p >= 1 && p <= upToPeriod).DefaultIfEmpty(0).Max();
        return period == 0 ? null : Judge(plan, period, values[period]);
    }
}
