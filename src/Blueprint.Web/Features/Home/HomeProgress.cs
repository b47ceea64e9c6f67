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
    /// <summary>The plan years with a key list, newest first (a few): the same read on every home page, compiled once (<see cref="PerModel{TQuery}"/>).</summary>
    private static readonly PerModel<Func<BlueprintDb, IAsyncEnumerable<int>>> PlanYears = new(() => EF.CompileAsyncQuery<BlueprintDb, int>(
        (BlueprintDb db) => db.Set<AnnualPlanEntry>().Where(e => e.PlanType != PlanType.Reserve).Select(e => e.Year).Distinct().OrderByDescending(y => y)));

    /// <summary>A year's latest month with an accepted report, or null.</summary>
    private static readonly PerModel<Func<BlueprintDb, int, CancellationToken, Task<int?>>> LastAcceptedMonth = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, int year, CancellationToken ct) => db.Set<ProgressReport>().Where(r => r.Year == year && r.AcceptedAtUtc != null).Max(r => (int?)r.Month)));

    public static async Task<HomeProgress?> LoadAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct = default)
    {
        // The plan years, newest first (a few), then the first with an accepted report. One
        // correlated query over every plan entry cost 0.9 s at province scale (issue 20): a
        // year planned but not reported yet scanned the reports once per entry.
        var years = await PlanYears.For(db)(db).ToListAsync(ct);
        int? year = null;
        var month = 0;
        foreach (var candidate in years)
        {
            if (await LastAcceptedMonth.For(db)(db, candidate, ct) is { } m)
            {
                (year, month) = (candidate, m);
                break;
            }
        }

        if (year is null)
        {
            return null;
        }

        var table = await Bulletin.ComputeAsync(db, new BulletinQuery(year.Value, month), clock, ct);
        return new HomeProgress(year.Value, month, table.All.Figures);
    }
}
