using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Units;

public sealed record UnitChoice(int Id, string Name, int Depth);

/// <summary>
/// The options of a unit choice that stays small at province scale (issue 20 item 5): up to
/// <see cref="Limit"/> units as they are; beyond that only the top two levels of the tree (the
/// province or city and the units directly below it) and the chosen unit, the rest found by a
/// search as you type (<c>GET /api/units/lookup</c>, wwwroot/js/unit-search.js). Without
/// JavaScript the short list still works.
/// </summary>
public sealed record UnitChoices(IReadOnlyList<UnitChoice> Units, bool Searchable)
{
    public const int Limit = 200;

    /// <param name="ordered">The units the page offers, in its order.</param>
    public static Task<UnitChoices> LoadAsync(IQueryable<Unit> ordered, int? selected, CancellationToken ct = default) =>
        LoadAsync(ordered, selected, Limit, ct);

    /// <summary>The same with another limit (tests shorten the demo city's list).</summary>
    public static async Task<UnitChoices> LoadAsync(IQueryable<Unit> ordered, int? selected, int limit, CancellationToken ct = default)
    {
        var all = await ordered.AsNoTracking().Take(limit + 1).Select(u => new { u.Id, u.Name, u.Path }).ToListAsync(ct);
        if (all.Count <= limit)
        {
            return new UnitChoices([.. all.Select(u => new UnitChoice(u.Id, u.Name, 0))], false);
        }

        var top = await ordered.AsNoTracking().Where(u => u.ParentId == null || u.Parent!.ParentId == null)
            .OrderBy(u => u.ParentId != null).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).Take(limit)
            .Select(u => new UnitChoice(u.Id, u.Name, u.ParentId == null ? 0 : 1)).ToListAsync(ct);
        if (selected is { } id && top.All(u => u.Id != id)
            && await ordered.AsNoTracking().Where(u => u.Id == id).Select(u => new UnitChoice(u.Id, u.Name, 0)).FirstOrDefaultAsync(ct) is { } chosen)
        {
            // The chosen unit stays chosen, first after the top of the tree's root.
            top.Insert(Math.Min(1, top.Count), chosen);
            top = [.. top.Take(limit)];
        }

        return new UnitChoices(top, true);
    }

    /// <summary>A ready list (a page that builds its tree itself) under the same limit.</summary>
    public static UnitChoices Of(IReadOnlyList<UnitChoice> units) => new(units, false);
}
