using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Reports;

/// <summary>The month a report or overview shows when none is chosen.</summary>
public static class ReportMonth
{
    /// <summary>
    /// The latest month up to now with accepted progress reports in the reader's scope (so a
    /// leader lands on figures, not on an empty month), else the month just ended — the same
    /// default as the bulletin page.
    /// </summary>
    public static async Task<(int Year, int Month)> DefaultAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct = default)
    {
        var today = ProblemList.Today(clock);
        var now = (today.Year * 100) + today.Month;
        var latest = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.AcceptedAtUtc != null && (r.Year * 100) + r.Month <= now)
            .Select(r => (int?)((r.Year * 100) + r.Month)).MaxAsync(ct);
        if (latest is { } ym && ym / 100 is >= 2000 and <= 2100)
        {
            return (ym / 100, ym % 100);
        }

        var lastMonth = today.AddMonths(-1);
        return (lastMonth.Year, lastMonth.Month);
    }

    /// <summary>The chosen month where both parts are valid, else the default.</summary>
    public static async Task<(int Year, int Month)> ResolveAsync(BlueprintDb db, TimeProvider clock, int? year, int? month, CancellationToken ct = default)
    {
        var (y, m) = await DefaultAsync(db, clock, ct);
        return (year is >= 2000 and <= 2100 ? year.Value : y, month is >= 1 and <= 12 ? month.Value : m);
    }
}
