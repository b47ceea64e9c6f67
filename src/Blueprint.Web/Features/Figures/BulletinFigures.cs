namespace Blueprint.Web.Features.Figures;

/// <summary>
/// Exact sums over one set of projects (all, a category, a plan type, a unit), as the database
/// aggregates them. Money in 元. Counts are of projects, not money.
/// </summary>
public sealed record BulletinTotals(
    int KeyListCount,
    long AnnualPlan,
    long CompletedYearToDate,
    int PlannedStarts,
    int PlannedStartsStarted,
    int PlannedCompletions,
    int PlannedCompletionsCompleted,
    int Reserve,
    int ReserveStarted)
{
    public static readonly BulletinTotals Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static BulletinTotals operator +(BulletinTotals a, BulletinTotals b) => new(
        a.KeyListCount + b.KeyListCount, a.AnnualPlan + b.AnnualPlan, a.CompletedYearToDate + b.CompletedYearToDate,
        a.PlannedStarts + b.PlannedStarts, a.PlannedStartsStarted + b.PlannedStartsStarted,
        a.PlannedCompletions + b.PlannedCompletions, a.PlannedCompletionsCompleted + b.PlannedCompletionsCompleted,
        a.Reserve + b.Reserve, a.ReserveStarted + b.ReserveStarted);
}

/// <summary>
/// The standard figures of one bulletin row, derived from its totals and the elapsed schedule.
/// Every page, export, report and API takes its figures from here.
/// </summary>
public sealed record BulletinFigures(BulletinTotals Totals, decimal ElapsedSchedule, decimal TolerancePoints = StatusLights.DefaultTolerancePoints)
{
    /// <summary>年度投资完成率 = Σ completed this year to date ÷ Σ annual plan (key list only).</summary>
    public decimal? InvestmentCompletionRate => Figure.Ratio(Totals.CompletedYearToDate, Totals.AnnualPlan);

    /// <summary>超 / 滞后序时进度 in percentage points; null when there is no annual plan.</summary>
    public decimal? AheadOfSchedulePoints => InvestmentCompletionRate is { } rate ? Figure.Points(rate, ElapsedSchedule) : null;

    /// <summary>开工率 = planned-start projects started ÷ planned-start projects.</summary>
    public decimal? StartRate => Figure.Ratio(Totals.PlannedStartsStarted, Totals.PlannedStarts);

    /// <summary>竣工率 = 计划竣工 projects completed ÷ 计划竣工 projects.</summary>
    public decimal? FinishRate => Figure.Ratio(Totals.PlannedCompletionsCompleted, Totals.PlannedCompletions);

    /// <summary>转化率 = reserve projects started within the year ÷ reserve projects.</summary>
    public decimal? ConversionRate => Figure.Ratio(Totals.ReserveStarted, Totals.Reserve);

    public StatusLight? Light => InvestmentCompletionRate is { } rate
        ? StatusLights.ForSchedule(rate, ElapsedSchedule, TolerancePoints)
        : null;
}
