using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Portal;

public sealed record PublicGoal(int Id, int Year, string Title, string? Description, string UnitName);

/// <summary>A published project with the bulletin's figures for it (null when it is not on the year's key list).</summary>
public sealed record PublicProject(
    int Id, string Code, string Name, string UnitName, ProjectCategory Category, ProjectStage Stage, string? Location, string? Description,
    long TotalInvestment, DateOnly? PlannedStart, DateOnly? PlannedCompletion, BulletinFigures? Figures);

/// <summary>A published milestone; <see cref="ProjectId"/> is set only when that project is published too.</summary>
public sealed record PublicMilestone(DateOnly Date, bool MonthOnly, string Title, string? Description, int? ProjectId);

public sealed record PortalHome(int Year, int Month, IReadOnlyList<PublicGoal> Goals, IReadOnlyList<PublicProject> Projects, IReadOnlyList<PublicMilestone> Milestones);

/// <summary>
/// The portal's only way into the database, and deliberately a narrow one.
///
/// An anonymous request has no data scope: <see cref="CurrentUser.Scope"/> is null, so the global
/// query filter of BlueprintDb compares every unit-owned row with unit -1 and the request's own
/// BlueprintDb sees no project, goal or report at all. Rather than loosening that filter for
/// anonymous users (which would widen every query in the app), the portal opens its own DI scope
/// acting as system and never hands that context out: every query here starts from an
/// <c>IsPublic</c> row, and the bulletin figures (computed over everything) are cut down to the
/// published ids before anything leaves this class. Nothing here writes.
/// </summary>
public static class PortalReader
{
    public static async Task<PortalHome> HomeAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct = default)
    {
        await using var scope = SystemScope(scopes, out var db);
        var (year, month) = await FiguresMonthAsync(db, clock, ct);
        var projects = await ProjectsAsync(db, db.Set<KeyProject>().Where(p => p.IsPublic && !p.IsArchived), year, month, clock, ct);
        var publicIds = projects.Select(p => p.Id).ToHashSet();

        var goals = await db.Set<Goal>().AsNoTracking().Where(g => g.IsPublic)
            .OrderByDescending(g => g.PlanYear!.Year).ThenBy(g => g.Id)
            .Select(g => new PublicGoal(g.Id, g.PlanYear!.Year, g.Title, g.Description, g.Unit!.ShortName ?? g.Unit.Name))
            .ToListAsync(ct);
        var milestones = (await db.Set<Milestone>().AsNoTracking().Where(m => m.IsPublic)
            .OrderByDescending(m => m.Date).ThenByDescending(m => m.Id)
            .Select(m => new { m.Date, m.MonthOnly, m.Title, m.Description, m.KeyProjectId })
            .ToListAsync(ct))
            // A link to an unpublished project would leak its id: keep the link only when it is public.
            .Select(m => new PublicMilestone(m.Date, m.MonthOnly, m.Title, m.Description,
                m.KeyProjectId is { } id && publicIds.Contains(id) ? id : null))
            .ToList();
        return new PortalHome(year, month, goals, projects, milestones);
    }

    /// <summary>Null for an unpublished, archived or nonexistent project alike: the answer never tells them apart.</summary>
    public static async Task<(PublicProject Project, int Year, int Month)?> ProjectAsync(IServiceScopeFactory scopes, int id, TimeProvider clock, CancellationToken ct = default)
    {
        await using var scope = SystemScope(scopes, out var db);
        var (year, month) = await FiguresMonthAsync(db, clock, ct);
        var found = await ProjectsAsync(db, db.Set<KeyProject>().Where(p => p.Id == id && p.IsPublic && !p.IsArchived), year, month, clock, ct);
        return found.Count == 1 ? (found[0], year, month) : null;
    }

    /// <summary>
    /// The portal's map (issue 21): published projects with a place, and each area coloured from
    /// the published projects of its units only, so the map tells nothing the list does not.
    /// </summary>
    public static async Task<Map.MapData?> MapAsync(IServiceScopeFactory scopes, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct = default)
    {
        if (Map.CityMap.Current is not { } map)
        {
            return null;
        }

        await using var scope = SystemScope(scopes, out var db);
        var (year, month) = await FiguresMonthAsync(db, clock, ct);
        var rows = await db.Set<KeyProject>().AsNoTracking().Where(p => p.IsPublic && !p.IsArchived).OrderBy(p => p.Code)
            .Select(p => new { p.Id, p.Code, p.Name, p.UnitId, Unit = p.Unit!.ShortName ?? p.Unit.Name, p.Category, p.Stage, p.Latitude, p.Longitude })
            .ToListAsync(ct);
        var figures = rows.Count == 0 ? [] : (await Bulletin.ByProjectAsync(db, new BulletinQuery(year, month), clock, ct)).ToDictionary(r => r.KeyProjectId, r => r.Figures);
        var units = await db.Set<Units.Unit>().AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Name, u.ShortName, u.Kind, u.MapArea }).ToListAsync(ct);
        var areaOf = Map.ProjectMap.AreasByUnit(units.Select(u => (u.Id, u.ParentId, u.Name, u.Kind, u.MapArea)), map);
        var schedule = ElapsedSchedule.AtMonthEnd(month);
        var byArea = rows.Where(p => areaOf.ContainsKey(p.UnitId) && figures.ContainsKey(p.Id)).ToLookup(p => areaOf[p.UnitId]);
        var areas = map.AreaNames.Select(name => Map.ProjectMap.Area(name, [.. byArea[name].Select(p => (p.Unit, figures[p.Id].Totals))], schedule)).ToList();
        var points = rows.Where(p => p.Latitude is not null && p.Longitude is not null)
            .Select(p => Map.ProjectMap.Point(new Map.ProjectMap.PlacedProject(p.Id, p.Code, p.Name, p.Unit, p.Category, p.Stage, p.Latitude!.Value, p.Longitude!.Value),
                figures.GetValueOrDefault(p.Id), $"public/projects/{p.Id}", t))
            .ToList();
        return new Map.MapData(map.City, year, month, schedule, areas, points);
    }

    /// <summary>The site photos of a published project, of months the office has accepted; empty for any other project.</summary>
    public static async Task<List<PhotoDto>> PhotosAsync(IServiceScopeFactory scopes, int projectId, CancellationToken ct = default)
    {
        await using var scope = SystemScope(scopes, out var db);
        return await PublicPhotos(db).Where(p => p.KeyProjectId == projectId)
            .OrderByDescending(p => p.Year).ThenByDescending(p => p.Month).ThenBy(p => p.Id).Select(SitePhotos.AsDto).ToListAsync(ct);
    }

    /// <summary>A published photo's bytes (or its thumbnail), else null.</summary>
    public static async Task<(byte[] Content, string ContentType)?> PhotoAsync(IServiceScopeFactory scopes, int photoId, bool thumbnail, CancellationToken ct = default)
    {
        await using var scope = SystemScope(scopes, out var db);
        var photo = await PublicPhotos(db).Where(p => p.Id == photoId)
            .Select(p => new { Content = thumbnail ? p.Thumbnail : p.Content, ContentType = thumbnail ? "image/jpeg" : p.ContentType }).SingleOrDefaultAsync(ct);
        return photo is null ? null : (photo.Content, photo.ContentType);
    }

    private static IQueryable<ProgressPhoto> PublicPhotos(BlueprintDb db) =>
        db.Set<ProgressPhoto>().AsNoTracking().Where(p => p.KeyProject!.IsPublic && !p.KeyProject.IsArchived
            && db.Set<ProgressReport>().Any(r => r.KeyProjectId == p.KeyProjectId && r.Year == p.Year && r.Month == p.Month && r.IsCurrent && r.AcceptedAtUtc != null));

    private static AsyncServiceScope SystemScope(IServiceScopeFactory scopes, out BlueprintDb db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return scope;
    }

    /// <summary>The year and month the project list shows by default, so the portal and the office agree.</summary>
    private static async Task<(int Year, int Month)> FiguresMonthAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var year = await ProjectList.DefaultFiguresYearAsync(db, now, ct);
        return (year, ProjectFigures.DefaultMonth(year, now));
    }

    private static async Task<List<PublicProject>> ProjectsAsync(BlueprintDb db, IQueryable<KeyProject> published, int year, int month, TimeProvider clock, CancellationToken ct)
    {
        var rows = await published.AsNoTracking().OrderBy(p => p.Code)
            .Select(p => new { p.Id, p.Code, p.Name, Unit = p.Unit!.ShortName ?? p.Unit.Name, p.Category, p.Stage, p.Location, p.Description, p.TotalInvestment, p.PlannedStart, p.PlannedCompletion })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        // The figures are the bulletin's own, per project (not narrowed by unit: a plan entry keeps
        // the unit it was planned under, which need not be the project's unit today).
        var figures = (await Bulletin.ByProjectAsync(db, new BulletinQuery(year, month), clock, ct)).ToDictionary(r => r.KeyProjectId, r => r.Figures);
        return [.. rows.Select(p => new PublicProject(p.Id, p.Code, p.Name, p.Unit, p.Category, p.Stage, p.Location, p.Description,
            p.TotalInvestment, p.PlannedStart, p.PlannedCompletion, figures.GetValueOrDefault(p.Id)))];
    }
}
