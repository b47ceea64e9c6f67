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
        return group;
    }
}
