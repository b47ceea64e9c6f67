using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Indicators;

/// <summary>
/// Which indicators a user sees: those of units in their scope, and also those in which a unit
/// of their scope holds a target share — a county must see the city indicator whose share it
/// reports, though the indicator itself belongs to the city's responsible department. The
/// global filter knows only the indicator's own unit, so this widens it in one place; values
/// and targets stay confined to the user's units by the global filter as always.
/// <para>
/// Only the <see cref="BlueprintDb.ScopeFilter"/> is ignored, by name: any other filter an
/// indicator (or an entity a caller includes) has, or gets later, keeps applying. A named
/// ignore still lifts the scope filter from every set of the query, not from the indicators
/// alone, so the target subquery below applies the unit set itself, and a caller must not join
/// another unit-owned set (values, targets) onto this query: read those in a query of their own
/// (decision 0038, "Trap"). The one deliberate exception is the indicator's own goal
/// (<c>Include(i => i.Goal)</c> in the list, the detail and the export): an indicator is named with
/// the goal it serves, so a county sees the city goal of its own indicators and of those it holds a
/// share of — the goal's title, never the goal's other indicators.
/// </para>
/// </summary>
public static class IndicatorScope
{
    public static IQueryable<Indicator> Visible(BlueprintDb db)
    {
        var user = db.CurrentUser;
        if (user.Scope == DataScope.All)
        {
            return db.Set<Indicator>();
        }

        var units = ScopeUnits(db);
        return db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(i => units.Contains(i.UnitId) || db.Set<IndicatorTarget>().Any(t => t.IndicatorId == i.Id && units.Contains(t.UnitId)));
    }

    /// <summary>The ids of the units in the user's scope, as a subquery (mirrors BlueprintDb's filter).</summary>
    public static IQueryable<int> ScopeUnits(BlueprintDb db)
    {
        var user = db.CurrentUser;
        var units = db.Set<Unit>().AsNoTracking();
        var unitId = user.UnitId ?? -1;
        var path = user.UnitPath ?? "\u0001";
        return (user.Scope switch
        {
            DataScope.All => units,
            DataScope.UnitAndBelow => units.Where(u => u.Path.StartsWith(path)),
            DataScope.OwnUnit => units.Where(u => u.Id == unitId),
            _ => units.Where(u => false),
        }).Select(u => u.Id);
    }
}
