using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Home;

/// <summary>
/// The home page's headline of the key-project schedule: the latest plan year with a key list,
/// at the latest month with accepted reports, computed by the bulletin module like every other
/// figure.
/// </summary>
public sealed record HomeProgress(int Year, int Month, BulletinFigures Figures)
{
    public static async Task<HomeProgress?> LoadAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct = default)
    {
        var year = await db.Set<AnnualPlanEntry>().Where(e => e.PlanType != PlanType.Reserve)
            .Where(e => db.Set<ProgressReport>().Any(r => r.Year == e.Year && r.AcceptedAtUtc != null))
            .MaxAsync(e => (int?)e.Year, ct);
        if (year is null)
        {
            return null;
        }

        var month = await db.Set<ProgressReport>().Where(r => r.Year == year && r.AcceptedAtUtc != null).MaxAsync(r => r.Month, ct);
        var table = await Bulletin.ComputeAsync(db, new BulletinQuery(year.Value, month), clock, ct);
        return new HomeProgress(year.Value, month, table.All.Figures);
    }
}
