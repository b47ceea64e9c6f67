namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The dated stage history the funnel and the 开工率 / 竣工率 / 转化率 read. Every path that sets
/// a project's stage (API, form, import) records the change here, so a project marked started
/// through any of them is counted.
/// </summary>
public static class ProjectStages
{
    /// <summary>
    /// A stage is dated by the project's own dates where it has them, else by today in China
    /// (UTC+8): a start recorded at 07:00 Beijing time on the 1st belongs to that month.
    /// </summary>
    public static ProjectStageChange Change(KeyProject p, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var on = p.Stage switch
        {
            ProjectStage.Started or ProjectStage.UnderConstruction => p.ActualStart,
            ProjectStage.Completed or ProjectStage.InProduction => p.ActualCompletion,
            _ => null,
        } ?? ReportingWindows.Today(clock);
        return new ProjectStageChange { KeyProject = p, UnitId = p.UnitId, Stage = p.Stage, OnDate = on, RecordedAtUtc = now };
    }
}
