using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Data;

public abstract partial class BlueprintDb
{
    private HashSet<int>? _writableUnits;
    private HashSet<int>? _disabledUnits;

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        await EnforceWriteScopeAsync(cancellationToken);
        StampVersions();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The version column is the concurrency token. An edit carries the version the user saw
    /// (see <see cref="ExpectVersion{T}"/>); we raise it by one, and the UPDATE matches only
    /// if the row still has the version the user saw.
    /// </summary>
    private void StampVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                var property = entry.Property(e => e.Version);
                property.CurrentValue = property.OriginalValue + 1;
            }
            else if (entry.State == EntityState.Added && entry.Entity.Version == 0)
            {
                entry.Entity.Version = 1;
            }
        }
    }

    /// <summary>Declares the version the client last saw, so a stale edit becomes a conflict.</summary>
    public void ExpectVersion<T>(T entity, int version) where T : class, IVersioned =>
        Entry(entity).Property(e => e.Version).OriginalValue = version;

    /// <summary>
    /// The write side of scope: a user may add, change or delete only records of units in
    /// their scope, and may not move a record into or out of it.
    /// </summary>
    private async Task EnforceWriteScopeAsync(CancellationToken cancellationToken)
    {
        // A record moved into a unit is new there too.
        var added = ChangeTracker.Entries<IUnitOwned>()
            .Where(e => e.State == EntityState.Added
                || (e.State == EntityState.Modified && e.Property(x => x.UnitId) is { IsModified: true } p && p.CurrentValue != p.OriginalValue))
            .Select(e => e.Entity.UnitId).ToList();
        if (added.Count > 0)
        {
            await EnsureUnitsEnabledAsync(added, cancellationToken);
        }

        if (CurrentUser.Scope == DataScope.All)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries<IUnitOwned>().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var property = entry.Property(e => e.UnitId);
            int[] units = entry.State == EntityState.Added
                ? [property.CurrentValue]
                : new[] { property.CurrentValue, property.OriginalValue };
            foreach (var unitId in units)
            {
                if (!await CanWriteUnitAsync(unitId, cancellationToken))
                {
                    throw new ScopeViolationException(entry.Metadata.ClrType.Name, unitId);
                }
            }
        }
    }

    /// <summary>The write-scope check for rows written without SaveChanges (bulk inserts).</summary>
    public async Task EnsureCanWriteAsync(string entity, IEnumerable<int> unitIds, CancellationToken cancellationToken)
    {
        unitIds = unitIds.ToList();
        await EnsureUnitsEnabledAsync(unitIds, cancellationToken);
        if (CurrentUser.Scope == DataScope.All)
        {
            return;
        }

        foreach (var unitId in unitIds.Distinct())
        {
            if (!await CanWriteUnitAsync(unitId, cancellationToken))
            {
                throw new ScopeViolationException(entity, unitId);
            }
        }
    }

    /// <summary>
    /// A disabled unit takes no new records, nor records moved into it (its old ones stay, and are
    /// still changed where a flow needs it). The disabled units are few, so they are read once per context.
    /// </summary>
    private async Task EnsureUnitsEnabledAsync(IEnumerable<int> unitIds, CancellationToken cancellationToken)
    {
        _disabledUnits ??= (await Set<Unit>().AsNoTracking().Where(u => u.IsDisabled).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        if (_disabledUnits.Count > 0 && unitIds.FirstOrDefault(_disabledUnits.Contains) is var unitId and > 0)
        {
            throw new DisabledUnitException(unitId);
        }
    }

    private async Task<bool> CanWriteUnitAsync(int unitId, CancellationToken cancellationToken)
    {
        if (CurrentUser.Scope is null || CurrentUser.UnitId is null)
        {
            return false;
        }

        if (CurrentUser.Scope == DataScope.OwnUnit)
        {
            return unitId == CurrentUser.UnitId;
        }

        var path = CurrentUser.UnitPath ?? "\u0001";
        _writableUnits ??= (await Set<Unit>().AsNoTracking()
            .Where(u => u.Path.StartsWith(path)).Select(u => u.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        return _writableUnits.Contains(unitId);
    }
}

/// <summary>An attempt to write a record outside the user's data scope (HTTP 403).</summary>
public sealed class ScopeViolationException(string entity, int unitId)
    : Exception($"{entity} of unit {unitId} is outside the current user's data scope.");

/// <summary>A new record for a unit the administrator has disabled (HTTP 400).</summary>
public sealed class DisabledUnitException(int unitId)
    : Exception($"Unit {unitId} is disabled and takes no new records.");
