using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

public sealed record CarryForwardResult(int FromYear, int ToYear, int Created, int Skipped);

/// <summary>
/// Drafts next year's key list from this year's: every key-list project not yet completed goes
/// on as 续建 — continuing projects, and planned starts that have started. Planned starts that
/// have not started and reserve projects are left for the office to decide. Annual planned
/// investment starts at zero: the draft carries projects, the office sets the amounts. Projects
/// already on next year's plan are skipped, so running it twice creates nothing the second time.
/// </summary>
public static class AnnualPlanCarryForward
{
    public static async Task<CarryForwardResult> RunAsync(BlueprintDb db, int year, CancellationToken ct = default)
    {
        var next = year + 1;
        var candidates = await db.Set<AnnualPlanEntry>().AsNoTracking()
            .Where(e => e.Year == year && e.PlanType != PlanType.Reserve)
            .Where(e => !e.KeyProject!.IsArchived && e.KeyProject.Stage < ProjectStage.Completed)
            .Where(e => e.PlanType == PlanType.Continuing || e.KeyProject!.Stage >= ProjectStage.Started)
            .Select(e => new
            {
                e.KeyProjectId,
                e.UnitId,
                e.KeyProject!.PlannedCompletion,
                OnNextPlan = db.Set<AnnualPlanEntry>().Any(n => n.Year == next && n.KeyProjectId == e.KeyProjectId),
            })
            .ToListAsync(ct);

        var created = candidates.Where(c => !c.OnNextPlan).Select(c => new AnnualPlanEntry
        {
            Year = next,
            KeyProjectId = c.KeyProjectId,
            UnitId = c.UnitId,
            PlanType = PlanType.Continuing,
            PlannedCompletion = c.PlannedCompletion?.Year == next,
            PlannedCompletionMonth = c.PlannedCompletion?.Year == next ? c.PlannedCompletion.Value.Month : null,
        }).ToList();
        db.AddRange(created);
        await db.SaveChangesAsync(ct);
        return new CarryForwardResult(year, next, created.Count, candidates.Count - created.Count);
    }
}
