using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Units;

/// <summary>A unit of the tree; a disabled one stays listed (history names it) but pickers leave it out.</summary>
public sealed record UnitDto(int Id, string Name, string? ShortName, string Code, UnitKind Kind, int? ParentId, string Path, int SortOrder, bool IsDisabled);

public static class UnitsApi
{
    /// <summary>The most units one request of <c>GET /api/units</c> returns, and its default page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The organisation tree is visible to every signed-in user; scope limits records, not the tree.</summary>
    public static RouteGroupBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Units").RequireAuthorization();
        // The tree in tree order, a page at a time (issue 20: a province has 4,000 units): at most
        // MaxPageSize units, the first page when none is asked; the whole count in X-Total-Count.
        group.MapGet("/", async (int? page, int? pageSize, HttpResponse response, BlueprintDb db, CancellationToken ct) =>
        {
            var size = Math.Clamp(pageSize ?? MaxPageSize, 1, MaxPageSize);
            // A page past the end is empty; past int range it must not overflow the offset (fuzz: page=352728408).
            var number = Math.Clamp(page ?? 1, 1, int.MaxValue / size);
            var units = db.Set<Unit>().AsNoTracking();
            response.Headers["X-Total-Count"] = (await units.CountAsync(ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok(await units.OrderBy(u => u.Path).ThenBy(u => u.SortOrder).ThenBy(u => u.Id)
                .Skip((number - 1) * size).Take(size)
                .Select(u => new UnitDto(u.Id, u.Name, u.ShortName, u.Code, u.Kind, u.ParentId, u.Path, u.SortOrder, u.IsDisabled))
                .ToListAsync(ct));
        });

        // A picker's search as you type (issue 20): a few units of the reader's scope whose
        // name, short name, code or other names contain the text, higher levels first. all=true
        // searches the whole tree (which every signed-in user may list, above: an account's unit
        // chosen by an administrator); writable=true leaves disabled units out (a form's choice).
        group.MapGet("/lookup", async (string? q, int? take, bool? all, bool? writable, BlueprintDb db, CancellationToken ct) =>
        {
            var size = Math.Clamp(take ?? 20, 1, 50);
            var query = db.Set<Unit>().AsNoTracking();
            if (all != true)
            {
                var units = Indicators.IndicatorScope.ScopeUnits(db);
                query = query.Where(u => units.Contains(u.Id));
            }

            if (writable == true)
            {
                query = query.Where(u => !u.IsDisabled);
            }

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
