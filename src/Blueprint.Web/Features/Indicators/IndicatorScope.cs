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
        return db.Set<Indicator>().IgnoreQueryFilters()
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
