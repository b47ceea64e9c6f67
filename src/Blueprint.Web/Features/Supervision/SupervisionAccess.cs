using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// Who sees an item and how they stand to it. The global scope filter shows an item to its lead
/// unit's scope; a cooperating unit must also see — and answer — the items it cooperates on.
/// That exception lives here and nowhere else: an explicit query that ignores the filter and
/// requires one of the item's cooperating units to be in the user's scope.
/// </summary>
public static class SupervisionAccess
{
    /// <summary>The units in the user's scope, as a subquery (no unit for a user without scope).</summary>
    public static IQueryable<int> ScopeUnits(BlueprintDb db)
    {
        var user = db.CurrentUser;
        // No AsNoTracking here: inside a subquery it would make the whole outer query untracked.
        var units = db.Set<Unit>();
        var path = user.UnitPath ?? "\u0001";
        var own = user.UnitId ?? -1;
        return (user.Scope switch
        {
            DataScope.All => units,
            DataScope.UnitAndBelow => units.Where(u => u.Path.StartsWith(path)),
            DataScope.OwnUnit => units.Where(u => u.Id == own),
            _ => units.Where(u => false),
        }).Select(u => u.Id);
    }

    /// <summary>Items the user's units cooperate on, whatever their lead unit (the one filter exception).</summary>
    public static IQueryable<SupervisionItem> Cooperating(BlueprintDb db)
    {
        var scope = ScopeUnits(db);
        // From the co-units of the scope by their unit index, not by testing every item for a co-unit.
        var items = db.Set<SupervisionCoUnit>().Where(c => scope.Contains(c.UnitId)).Select(c => c.SupervisionItemId);
        return db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(i => items.Contains(i.Id));
    }

    /// <summary>The item if the user sees it as lead (scope filter) or as a cooperating unit; tracked.</summary>
    public static async Task<SupervisionItem?> FindAsync(BlueprintDb db, int id, CancellationToken ct) =>
        await db.Set<SupervisionItem>().Include(i => i.CooperatingUnits).SingleOrDefaultAsync(i => i.Id == id, ct)
        ?? await Cooperating(db).Include(i => i.CooperatingUnits).SingleOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The roles that may act on an item at all (the endpoint's gate); <see cref="ActorAsync"/> says how.</summary>
    public const string Actors = Roles.SupervisionOffice + "," + Roles.ProjectOffice + "," + Roles.UnitReporter + "," + Roles.UnitLeader;

    /// <summary>
    /// How the user stands to the item: the offices run the flow; unit staff whose scope holds
    /// the lead unit lead it; unit staff whose scope holds a cooperating unit cooperate; anyone
    /// else who can see it (leaders) only reads.
    /// </summary>
    public static async Task<(SupervisionActor Actor, int ActingUnitId)> ActorAsync(BlueprintDb db, SupervisionItem item, CancellationToken ct)
    {
        if (RoleActor(db.CurrentUser) is { } byRole)
        {
            return (byRole, item.UnitId);
        }

        var coUnits = item.CooperatingUnits.Select(c => c.UnitId).ToList();
        var inScope = await ScopeUnits(db).Where(u => u == item.UnitId || coUnits.Contains(u)).ToListAsync(ct);
        if (inScope.Contains(item.UnitId))
        {
            return (SupervisionActor.Lead, item.UnitId);
        }

        var coUnit = coUnits.FirstOrDefault(inScope.Contains);
        return coUnit != 0 ? (SupervisionActor.Cooperating, coUnit) : (SupervisionActor.Viewer, item.UnitId);
    }

    /// <summary>
    /// How the user stands to every item by role alone: the offices run the flow, anyone who is
    /// neither office nor unit staff only reads. Null for unit staff, who lead the items of their
    /// scope and cooperate on the others they are named on (the to-do asks this for whole lists).
    /// </summary>
    public static SupervisionActor? RoleActor(CurrentUser user) =>
        IsOffice(user) ? SupervisionActor.Office
        : user.IsInRole(Roles.UnitReporter) || user.IsInRole(Roles.UnitLeader) ? null
        : SupervisionActor.Viewer;

    public static bool IsOffice(CurrentUser user) => user.IsInRole(Roles.SupervisionOffice) || user.IsInRole(Roles.ProjectOffice);
}
