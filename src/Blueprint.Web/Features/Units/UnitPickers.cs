namespace Blueprint.Web.Features.Units;

/// <summary>
/// The units a form offers for writing. A disabled unit takes no new records (the save refuses
/// them), so it is left out, except the units the record already names: an old record keeps
/// showing its unit. List filters keep every unit, for history.
/// </summary>
public static class UnitPickers
{
    public static IQueryable<Unit> Writable(this IQueryable<Unit> units, params IReadOnlyCollection<int> current) =>
        units.Where(u => !u.IsDisabled || current.Contains(u.Id));
}
