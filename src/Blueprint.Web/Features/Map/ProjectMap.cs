using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Map;

/// <summary>A district or county on the map: the bulletin's figures of the units that answer for it.</summary>
public sealed record MapAreaFigures(string Name, string? Units, string? Light, decimal? Rate, long Plan, long Completed);

/// <summary>A project with a place: its light and figures as the bulletin has them (null: not on the year's key list).</summary>
public sealed record MapPoint(
    int Id, string Code, string Name, string Unit, string Category, string CategoryLabel, string Stage, string StageLabel,
    double Lat, double Lon, string? Light, long Plan, long Completed, decimal? Rate, string Href);

/// <summary>What the map draws (wwwroot/js/map.js): the city's areas coloured, the projects as points.</summary>
public sealed record MapData(string City, int Year, int Month, decimal Schedule, IReadOnlyList<MapAreaFigures> Areas, IReadOnlyList<MapPoint> Points);

/// <summary>
/// 项目一张图 (issue 21). The colours are the bulletin's lights, never a rule of their own: an area
/// is the bulletin's unit row of the unit (or units) that answer for it, as of the month the
/// cockpit shows (the reports known when the month's window closed); a point is the bulletin's
/// row of one project.
/// </summary>
public static class ProjectMap
{
    /// <summary>The area every unit answers for: its own, else its nearest ancestor's.</summary>
    public static Dictionary<int, string> AreasByUnit(IEnumerable<(int Id, int? ParentId, string Name, UnitKind Kind, string? MapArea)> units, CityMap map)
    {
        var all = units.ToDictionary(u => u.Id);
        var names = map.AreaNames.ToHashSet();
        var result = new Dictionary<int, string>();
        foreach (var u in all.Values)
        {
            for (var at = (int?)u.Id; at is { } id && all.TryGetValue(id, out var x); at = x.ParentId)
            {
                var own = x.MapArea ?? (x.Kind is UnitKind.District or UnitKind.County ? x.Name : null);
                if (own is not null && names.Contains(own))
                {
                    result[u.Id] = own;
                    break;
                }
            }
        }

        return result;
    }

    private static async Task<Dictionary<int, string>> AreasAsync(BlueprintDb db, CityMap map, CancellationToken ct) =>
        AreasByUnit((await db.Set<Unit>().AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Name, u.Kind, u.MapArea }).ToListAsync(ct))
            .Select(u => (u.Id, u.ParentId, u.Name, u.Kind, u.MapArea)), map);

    /// <summary>The offices' map of a month (of one unit and those below it, or all the user sees).</summary>
    public static async Task<MapData> ForOfficeAsync(BlueprintDb db, CityMap map, int year, int month, int? unitId, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var windows = await CockpitAsOf.WindowsAsync(db, year, ct);
        var asOf = CockpitAsOf.Of(year, month, windows.GetValueOrDefault(month), clock);
        var query = asOf.Bulletin with { UnitId = unitId };
        var table = await Bulletin.ComputeAsync(db, query, clock, ct);
        var areaOf = await AreasAsync(db, map, ct);
        var schedule = ElapsedSchedule.AtMonthEnd(month);

        var rows = table.ByUnit
            .Select(r => (Row: r, Area: int.TryParse(r.Key.AsSpan(5), out var id) ? areaOf.GetValueOrDefault(id) : null))
            .Where(x => x.Area is not null)
            .ToLookup(x => x.Area!);
        var areas = map.AreaNames.Select(name => Area(name, rows[name].Select(x => (x.Row.Label, x.Row.Figures.Totals)).ToList(), schedule)).ToList();

        var projects = db.Set<KeyProject>().AsNoTracking().Where(p => p.Latitude != null && p.Longitude != null && !p.IsArchived);
        if (unitId is not null)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            projects = projects.Where(p => db.Set<Unit>().Any(u => u.Id == p.UnitId && u.Path.StartsWith(path)));
        }

        var found = await projects.OrderBy(p => p.Code)
            .Select(p => new PlacedProject(p.Id, p.Code, p.Name, p.Unit!.ShortName ?? p.Unit.Name, p.Category, p.Stage, p.Latitude!.Value, p.Longitude!.Value))
            .ToListAsync(ct);
        var figures = (await Bulletin.ByProjectAsync(db, query, clock, ct)).ToDictionary(r => r.KeyProjectId, r => r.Figures);
        return new MapData(map.City, year, month, schedule, areas, [.. found.Select(p => Point(p, figures.GetValueOrDefault(p.Id), $"projects/{p.Id}", t))]);
    }

    /// <summary>A project with its place, as the map needs it.</summary>
    public sealed record PlacedProject(int Id, string Code, string Name, string Unit, ProjectCategory Category, ProjectStage Stage, double Lat, double Lon);

    public static MapPoint Point(PlacedProject p, BulletinFigures? f, string href, IStringLocalizer<SharedResource> t) => new(
        p.Id, p.Code, p.Name, p.Unit, p.Category.ToString(), t[$"Library.Category.{p.Category}"], p.Stage.ToString(), t[$"Library.Stage.{p.Stage}"],
        p.Lat, p.Lon, Light(f?.Light), f?.Totals.AnnualPlan ?? 0, f?.Totals.CompletedYearToDate ?? 0, f?.InvestmentCompletionRate, href);

    /// <summary>One area from the totals of the rows that answer for it (one row: exactly that row's figures).</summary>
    public static MapAreaFigures Area(string name, IReadOnlyList<(string Label, BulletinTotals Totals)> rows, decimal schedule)
    {
        if (rows.Count == 0)
        {
            return new MapAreaFigures(name, null, null, null, 0, 0);
        }

        var figures = new BulletinFigures(rows.Aggregate(BulletinTotals.Empty, (sum, r) => sum + r.Totals), schedule);
        return new MapAreaFigures(name, string.Join("、", rows.Select(r => r.Label)), Light(figures.Light), figures.InvestmentCompletionRate,
            figures.Totals.AnnualPlan, figures.Totals.CompletedYearToDate);
    }

    private static string? Light(StatusLight? light) => light?.ToString().ToLowerInvariant();

    public static IEndpointRouteBuilder MapProjectMap(this WebApplication app)
    {
        CityMap.Start(app.Environment, app.Configuration);

        // The boundaries are public facts (and the portal shows them): no sign-in, cached by browsers.
        app.MapGet("/map/geo.json", (HttpContext http) =>
        {
            if (CityMap.Current is not { } map)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(map.GeoJson, "application/json");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/api/map", async Task<Results<Ok<MapData>, ValidationProblem, NotFound>> (
            int? year, int? month, int? unitId, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t)
                .Require(year is null or >= 2000 and <= 2100, "year", "Field.InvalidYear")
                .Require(month is null or >= 1 and <= 12, "month", "Cockpit.InvalidMonth");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            if (CityMap.Current is not { } map)
            {
                return TypedResults.NotFound();
            }

            var (y, m) = await CockpitAsOf.ResolveAsync(db, year, month, clock, ct);
            return TypedResults.Ok(await ForOfficeAsync(db, map, y, m, unitId, clock, t, ct));
        }).RequireAuthorization(Policies.Business).WithTags("Map");
        return app;
    }
}
