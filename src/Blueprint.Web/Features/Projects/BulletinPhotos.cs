using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>One site photo of a lagging project, as the bulletin's PDF prints it (the thumbnail).</summary>
public sealed record LaggingPhoto(string Code, string Name, string UnitName, int Year, int Month, DateTime? TakenAtUtc, byte[] Thumbnail);

/// <summary>
/// The bulletin may show the site (issue 21): for each lagging project it names, the latest photo
/// of the bulletin's year up to its month, if any. Thumbnails only: the PDF stays small.
/// </summary>
public static class BulletinPhotos
{
    public static async Task<IReadOnlyList<LaggingPhoto>> ForLaggingAsync(BlueprintDb db, BulletinReport report, CancellationToken ct)
    {
        if (report.Lagging.Count == 0)
        {
            return [];
        }

        var (year, month) = (report.Table.Query.Year, report.Table.Query.Month);
        var codes = report.Lagging.Select(p => p.Code).ToList();
        var ids = await db.Set<KeyProject>().AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var keys = ids.Keys.ToList();
        var candidates = await db.Set<ProgressPhoto>().AsNoTracking()
            .Where(p => keys.Contains(p.KeyProjectId) && p.Year == year && p.Month <= month)
            .Select(p => new { p.Id, p.KeyProjectId, p.Month })
            .ToListAsync(ct);
        var chosen = candidates.GroupBy(p => p.KeyProjectId).Select(g => g.OrderByDescending(p => p.Month).ThenByDescending(p => p.Id).First().Id).ToList();
        var photos = await db.Set<ProgressPhoto>().AsNoTracking().Where(p => chosen.Contains(p.Id))
            .Select(p => new { p.KeyProjectId, p.Year, p.Month, p.TakenAtUtc, p.Thumbnail })
            .ToDictionaryAsync(p => ids[p.KeyProjectId], ct);
        return [.. report.Lagging.Where(l => photos.ContainsKey(l.Code)).Select(l =>
        {
            var p = photos[l.Code];
            return new LaggingPhoto(l.Code, l.Name, l.UnitName, p.Year, p.Month, p.TakenAtUtc, p.Thumbnail);
        })];
    }
}
