using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>One unit's on-time reporting for one month: its key-list projects and how many reported on time.</summary>
public sealed record ReportingRankRow(int UnitId, string UnitName, int Projects, int OnTime)
{
    /// <summary>On-time reporting rate = projects reported on time ÷ key-list projects.</summary>
    public decimal? OnTimeRate => Figure.Ratio(OnTime, Projects);
}

/// <summary>A unit as the rankings group it: the unit directly under the city that it belongs to.</summary>
public sealed record RankUnit(int Id, string Name);

/// <summary>
/// The ranking of units by on-time reporting (PRODUCT.md "unit rankings … by on-time
/// reporting"): a unit's on-time rate for a month is the share of its key-list projects whose
/// progress report for that month was submitted before the month's reporting window closed.
///
/// - The window closes by itself at the end of its due day in the city (<see cref="ReportingWindow.DueOn"/>),
///   or earlier if the office closed the month before that (<see cref="ReportingWindows.StateOf"/>).
/// - A report is on time unless it is 迟报 (<see cref="ProgressReport.IsLate"/>): the submit step
///   judges the month's original row (not a later correction) at its first submission, and after
///   the due day only a unit the office reopened the month for can submit at all, late. A report
///   returned for a fix and resubmitted after the due day keeps its on-time first submission.
/// - Submitted means in the unit leader's or the office's hands (submitted, approved or
///   accepted); a draft, a report sent back and not yet resubmitted, and a missing report are
///   not on time. (The status, not the submitter, says so: imported reports have no submitter.)
/// - Units are those directly under the city, each with everything below it, as the bulletin's unit rows.
/// </summary>
public static class ReportingRanking
{
    public static bool IsOnTime(SubmissionStatus status, bool isLate) =>
        status is SubmissionStatus.Submitted or SubmissionStatus.Approved or SubmissionStatus.Accepted && !isLate;

    /// <summary>
    /// Rolls per-unit counts up to ranking units and orders them: highest rate first, units with
    /// no key-list project last, ties by more projects then by name.
    /// </summary>
    public static List<ReportingRankRow> Rank(IEnumerable<(int UnitId, int Projects, int OnTime)> counts, Func<int, RankUnit?> rankUnitOf) =>
        [.. counts.Select(c => (Unit: rankUnitOf(c.UnitId), c.Projects, c.OnTime))
            .Where(c => c.Unit is not null)
            .GroupBy(c => c.Unit!)
            .Select(g => new ReportingRankRow(g.Key.Id, g.Key.Name, g.Sum(c => c.Projects), g.Sum(c => c.OnTime)))
            .OrderBy(r => r.OnTimeRate is null).ThenByDescending(r => r.OnTimeRate).ThenByDescending(r => r.Projects)
            .ThenBy(r => r.UnitName, StringComparer.Ordinal)];

    /// <summary>The ranking of a month; empty when the month has no reporting window.</summary>
    public static async Task<List<ReportingRankRow>> ComputeAsync(
        BlueprintDb db, int year, int month, ReportingWindow? window, Func<int, RankUnit?> rankUnitOf, CancellationToken ct)
    {
        if (window is null)
        {
            return [];
        }

        var reports = db.Set<ProgressReport>();
        // One grouped query; the on-time test is IsOnTime as SQL runs it.
        var counts = await db.Set<AnnualPlanEntry>().AsNoTracking()
            .Where(e => e.Year == year && e.PlanType != PlanType.Reserve)
            .GroupBy(e => e.UnitId)
            .Select(g => new
            {
                UnitId = g.Key,
                Projects = g.Count(),
                OnTime = g.Count(e => reports.Any(r => r.KeyProjectId == e.KeyProjectId && r.Year == year && r.Month == month
                    && r.SupersedesId == null && !r.IsLate
                    && (r.Status == SubmissionStatus.Submitted || r.Status == SubmissionStatus.Approved || r.Status == SubmissionStatus.Accepted))),
            })
            .ToListAsync(ct);
        return Rank(counts.Select(c => (c.UnitId, c.Projects, c.OnTime)), rankUnitOf);
    }
}
