namespace Blueprint.Web.Data;

/// <summary>
/// An editable record guarded by optimistic concurrency. The version is managed by the
/// application (incremented in <see cref="BlueprintDb.SaveChangesAsync(CancellationToken)"/>)
/// so that SQLite and PostgreSQL behave the same: an update whose original version no longer
/// matches the row affects nothing and EF raises a concurrency conflict (HTTP 409).
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>
/// A record that belongs to one unit. Reading is confined to the current user's
/// data scope by a global query filter, writing by a check in SaveChanges.
/// </summary>
public interface IUnitOwned
{
    int UnitId { get; set; }
}
