namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The dated stage history the funnel and the 开工率 / 竣工率 / 转化率 read. Every path that sets
/// a project's stage (API, form, import, the report reader) records the change here, so a
/// project marked started through any of them is counted, and counted from the same day.
/// </summary>
public static class ProjectStages
{
    /// <summary>
    /// The changes a project's stage implies when it is created (<paramref name="before"/> null)
    /// or edited from <paramref name="before"/>; nothing when the stage did not change.
    /// A stage is dated by the project's own dates where it has them (实际开工日期 for started and
    /// under construction, 实际竣工日期 for completed and in production), else by today in China
    /// (UTC+8): a start recorded at 07:00 Beijing time on the 1st belongs to that month.
    /// A project that arrives completed (or in production) from before its start also records its
    /// start on 实际开工日期: a city's projects imported at the end of a year were started in
    /// their own months, and 开工率 and the funnel of those months must count them.
    /// </summary>
    public static IReadOnlyList<ProjectStageChange> Changes(KeyProject p, ProjectStage? before, TimeProvider clock)
    {
        if (p.Stage == before)
        {
            return [];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ReportingWindows.Today(clock);
        ProjectStageChange Record(ProjectStage stage, DateOnly? on) =>
            new() { KeyProject = p, UnitId = p.UnitId, Stage = stage, OnDate = on ?? today, RecordedAtUtc = now };

        var changes = new List<ProjectStageChange>();
        var startedBefore = before is >= ProjectStage.Started;
        if (p.Stage >= ProjectStage.Completed && !startedBefore && p.ActualStart is { } started)
        {
            changes.Add(Record(ProjectStage.Started, started));
        }

        changes.Add(Record(p.Stage, p.Stage switch
        {
            ProjectStage.Started or ProjectStage.UnderConstruction => p.ActualStart,
            ProjectStage.Completed or ProjectStage.InProduction => p.ActualCompletion,
            _ => null,
        }));
        return changes;
    }
}
