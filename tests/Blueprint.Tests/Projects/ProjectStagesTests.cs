using Blueprint.Web.Features.Projects;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Projects;

/// <summary>The dated stage records every path (form, API, import, reader) takes from <see cref="ProjectStages"/>.</summary>
public sealed class ProjectStagesTests
{
    // 20:00 UTC on 9 March is 04:00 on 10 March in China.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2092, 3, 9, 20, 0, 0, TimeSpan.Zero));

    private static KeyProject Project(ProjectStage stage, DateOnly? start = null, DateOnly? done = null) =>
        new() { Code = "PS-1", Name = "阶段", UnitId = 7, Stage = stage, ActualStart = start, ActualCompletion = done };

    private static List<(ProjectStage, DateOnly)> Records(KeyProject p, ProjectStage? before) =>
        [.. ProjectStages.Changes(p, before, Clock).Select(c => (c.Stage, c.OnDate))];

    [Fact]
    public void A_new_project_is_dated_by_its_own_dates_or_by_today_in_China()
    {
        Assert.Equal([(ProjectStage.Signed, new DateOnly(2092, 3, 10))], Records(Project(ProjectStage.Signed), null));
        Assert.Equal([(ProjectStage.UnderConstruction, new DateOnly(2091, 4, 1))], Records(Project(ProjectStage.UnderConstruction, new(2091, 4, 1)), null));
        Assert.Equal([(ProjectStage.Started, new DateOnly(2092, 3, 10))], Records(Project(ProjectStage.Started), null));
    }

    [Fact]
    public void A_project_arriving_completed_records_its_start_on_its_own_day_too()
    {
        var p = Project(ProjectStage.Completed, new(2091, 4, 1), new(2091, 11, 20));
        Assert.Equal([(ProjectStage.Started, new DateOnly(2091, 4, 1)), (ProjectStage.Completed, new DateOnly(2091, 11, 20))], Records(p, null));
        Assert.Equal([(ProjectStage.Started, new DateOnly(2091, 4, 1)), (ProjectStage.Completed, new DateOnly(2091, 11, 20))], Records(p, ProjectStage.Signed));

        // Already started: its start is on record from then; only the completion is new.
        Assert.Equal([(ProjectStage.Completed, new DateOnly(2091, 11, 20))], Records(p, ProjectStage.UnderConstruction));

        // No start date known: the completion alone (a completed project counts as started).
        Assert.Equal([(ProjectStage.InProduction, new DateOnly(2092, 3, 10))], Records(Project(ProjectStage.InProduction), null));
    }

    [Fact]
    public void An_edit_that_keeps_the_stage_records_nothing() =>
        Assert.Empty(Records(Project(ProjectStage.Completed, new(2091, 4, 1), new(2091, 11, 20)), ProjectStage.Completed));
}
