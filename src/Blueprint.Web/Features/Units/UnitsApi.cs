using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Units;

/// <summary>A unit of the tree; a disabled one stays listed (history names it) but pickers leave it out.</summary>
public sealed record UnitDto(int Id, string Name, string? ShortName, string Code, UnitKind Kind, int? ParentId, string Path, int SortOrder, bool IsDisabled);

public static class UnitsApi
{
    /// <summary>The organisation tree is visible to every signed-in user; scope limits records, not the tree.</summary>
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Units").RequireAuthorization();
        group.MapGet("/", async (BlueprintDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<Unit>().AsNoTracking().OrderBy(u => u.Path).ThenBy(u => u.SortOrder)
                .Select(u => new UnitDto(u.Id, u.Name, u.ShortName, u.Code, u.Kind, u.ParentId, u.Path, u.SortOrder, u.IsDisabled))
                .ToListAsync(ct)));

        // A picker's search as you type (issue 20): a few units of the reader's scope whose
        // name, short name, code or other names contain the text, higher levels first.
        group.MapGet("/lookup", async (string? q, int? take, BlueprintDb db, CancellationToken ct) =>
        {
            var size = Math.Clamp(take ?? 20, 1, 50);
            var units = Indicators.IndicatorScope.ScopeUnits(db);
            var query = db.Set<Unit>().AsNoTracking().Where(u => units.Contains(u.Id));
            if (q?.Trim() is { Length: > 0 } text)
            {
                query = query.Where(u => u.Name.Contains(text) || (u.ShortName != null && u.ShortName.Contains(text))
                    || u.Code.Contains(text) || (u.Aliases != null && u.Aliases.Contains(text)));
            }

            return TypedResults.Ok(await query.OrderBy(u => u.Path.Length).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).Take(size)
                .Select(u => new UnitLookupDto(u.Id, u.Name, u.IsDisabled)).ToListAsync(ct));
        });
        return group;
    }
}

/// <summary>One unit found by a picker's search.</summary>
public sealed record UnitLookupDto(int Id, string Name, bool IsDisabled);
