using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// Keeps the plan's history in the save that changes it: every added, changed or removed
/// <see cref="AnnualPlanEntry"/> gets an <see cref="AnnualPlanRevision"/>. As an interceptor it
/// covers every path that saves plan entries (import, carry-forward, the edit form, the API, the
/// demo), so none can forget it. A change of the unit copy alone is not a change of the plan:
/// <see cref="ProjectUnitMove"/> moves the revisions' copies with the entries.
/// </summary>
public sealed class PlanHistory(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly string[] PlanFields =
    [
        nameof(AnnualPlanEntry.PlanType), nameof(AnnualPlanEntry.PlannedCompletion), nameof(AnnualPlanEntry.AnnualPlannedInvestment),
        nameof(AnnualPlanEntry.PlannedStartMonth), nameof(AnnualPlanEntry.PlannedCompletionMonth), nameof(AnnualPlanEntry.Year),
    ];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is not BlueprintDb db)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = db.ChangeTracker.Entries<AnnualPlanEntry>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted
                || (e.State == EntityState.Modified && PlanFields.Any(f => e.Property(f).IsModified)))
            .ToList();
        foreach (var entry in changed)
        {
            db.Add(Revision(entry, db.CurrentUser.UserName, now));
        }
    }

    private static AnnualPlanRevision Revision(EntityEntry<AnnualPlanEntry> entry, string? by, DateTime now)
    {
        var e = entry.Entity;
        return new AnnualPlanRevision
        {
            Year = e.Year,
            // A project added in the same save has no key yet: the navigation lets EF fill it in.
            KeyProjectId = e.KeyProjectId,
            KeyProject = e.KeyProject,
            UnitId = e.UnitId,
            Unit = e.Unit,
            PlanType = e.PlanType,
            PlannedCompletion = e.PlannedCompletion,
            AnnualPlannedInvestment = e.AnnualPlannedInvestment,
            PlannedStartMonth = e.PlannedStartMonth,
            PlannedCompletionMonth = e.PlannedCompletionMonth,
            Removed = entry.State == EntityState.Deleted,
            Reason = e.ChangeReason,
            RecordedBy = by,
            RecordedAtUtc = now,
        };
    }
}
