using Blueprint.Web.Features.Figures;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// One project's standard figures: the project is a bulletin row of one. Its totals are built
/// exactly as <see cref="Bulletin"/> builds a group's, and <see cref="BulletinFigures"/> derives the
/// completion rate, the distance to 序时进度 and the light, so a project's light on its own page
/// and in the list is the one the bulletin would give it.
/// </summary>
public static class ProjectFigures
{
    /// <summary>The month whose end the figures describe by default: December of a past year, the last ended month of this year.</summary>
    public static int DefaultMonth(int year, DateTime nowUtc) =>
        year < nowUtc.Year ? 12 : Math.Max(1, nowUtc.Month - 1);

    public static BulletinFigures For(PlanType? planType, bool plannedCompletion, long annualPlan, long yearToDate, int month) =>
        new(Totals(planType, plannedCompletion, annualPlan, yearToDate), ElapsedSchedule.AtMonthEnd(month));

    private static BulletinTotals Totals(PlanType? planType, bool plannedCompletion, long annualPlan, long yearToDate) => planType switch
    {
        // Not on the year's plan, or on the reserve list: no annual target, so no rate and no light.
        null => BulletinTotals.Empty,
        PlanType.Reserve => BulletinTotals.Empty with { Reserve = 1 },
        _ => BulletinTotals.Empty with
        {
            KeyListCount = 1,
            AnnualPlan = annualPlan,
            CompletedYearToDate = yearToDate,
            PlannedStarts = planType == PlanType.PlannedStart ? 1 : 0,
            PlannedCompletions = plannedCompletion ? 1 : 0,
        },
    };
}
