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
        if (await LatestAcceptedAsync(db, today, ct) is { } latest)
        {
            return latest;
        }

        var lastMonth = today.AddMonths(-1);
        return (lastMonth.Year, lastMonth.Month);
    }

    /// <summary>
    /// The latest month up to <paramref name="today"/>'s with an accepted report in the reader's
    /// scope (null: none since 2000). Ordered by (year, month) so the database walks its
    /// (Year, Month, UnitId) index back from today instead of reading every report.
    /// </summary>
    public static async Task<(int Year, int Month)?> LatestAcceptedAsync(BlueprintDb db, DateOnly today, CancellationToken ct)
    {
        var latest = await db.Set<ProgressReport>().AsNoTracking()
            .Where(r => r.AcceptedAtUtc != null && r.Year >= 2000 && (r.Year < today.Year || (r.Year == today.Year && r.Month <= today.Month)))
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Month)
            .Select(r => new { r.Year, r.Month })
            .FirstOrDefaultAsync(ct);
        return latest is { Year: <= 2100 } ? (latest.Year, latest.Month) : null;
    }

    /// <summary>The chosen month where both parts are valid, else the default.</summary>
    public static async Task<(int Year, int Month)> ResolveAsync(BlueprintDb db, TimeProvider clock, int? year, int? month, CancellationToken ct = default)
    {
        if (year is >= 2000 and <= 2100 && month is >= 1 and <= 12)
        {
            return (year.Value, month.Value);
        }

        var (y, m) = await DefaultAsync(db, clock, ct);
        return (year is >= 2000 and <= 2100 ? year.Value : y, month is >= 1 and <= 12 ? month.Value : m);
    }
}
