using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Web.Features.Figures;

/// <summary>
/// Marks the kept figures a save changes (<see cref="KeptFigures.ChangesOf"/>) in the save's own
/// transaction. Registered after the audit interceptor, which opens that transaction and takes
/// the chain head's lock before any row is written (decision 0041).
/// </summary>
public sealed class KeptFiguresInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlueprintDb db && KeptFigures.ChangesOf(db.ChangeTracker.Entries()) is { Count: > 0 } changes)
        {
            await KeptFigures.InvalidateAsync(db, changes, cancellationToken);
        }

        return result;
    }
}
