using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// A project's plan entries, progress reports, stage changes and proposal steps carry a copy of the project's
/// unit, because scope filters every table on its own UnitId. When a project moves to another
/// unit (a county hands it to a park, say), those copies move with it in the same save, so the
/// new unit sees the project's whole history and the old unit no longer does.
/// Problems are not moved: their unit is the responsible unit, chosen on its own.
/// </summary>
public static class ProjectUnitMove
{
    /// <summary>Call after the project's fields are applied and before SaveChanges.</summary>
    public static async Task CarryAsync(BlueprintDb db, KeyProject project, CancellationToken ct)
    {
        var unit = db.Entry(project).Property(p => p.UnitId);
        if (unit.OriginalValue == unit.CurrentValue)
        {
            return;
        }

        var to = project.UnitId;
        foreach (var entry in await db.Set<AnnualPlanEntry>().Where(e => e.KeyProjectId == project.Id).ToListAsync(ct))
        {
            entry.UnitId = to;
        }

        // The plan's history moves too: the new unit sees the project's past bulletins as well.
        foreach (var revision in await db.Set<AnnualPlanRevision>().Where(r => r.KeyProjectId == project.Id).ToListAsync(ct))
        {
            revision.UnitId = to;
        }

        foreach (var report in await db.Set<ProgressReport>().Where(r => r.KeyProjectId == project.Id).ToListAsync(ct))
        {
            report.UnitId = to;
        }

        foreach (var change in await db.Set<ProjectStageChange>().Where(s => s.KeyProjectId == project.Id).ToListAsync(ct))
        {
            change.UnitId = to;
        }

        foreach (var step in await db.Set<Proposals.ProjectProposalStep>().Where(s => s.KeyProjectId == project.Id).ToListAsync(ct))
        {
            step.UnitId = to;
        }
    }
}
