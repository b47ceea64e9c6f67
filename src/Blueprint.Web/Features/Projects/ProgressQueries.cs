using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>The filter of the month's list, its export and its API; money stays in 元.</summary>
public sealed record ProgressListQuery(int Year, int Month, int? UnitId = null, SubmissionStatus? Status = null);

public sealed record ProgressListRow(
    long Id, int KeyProjectId, string ProjectCode, string ProjectName, int UnitId, string UnitName, int Year, int Month,
    long InvestmentThisMonth, long InvestmentYearToDate, long InvestmentSinceStart, string? PhysicalProgress,
    SubmissionStatus Status, bool IsCorrection, DateTime RecordedAtUtc, DateTime? AcceptedAtUtc, bool IsLate, int Version);

/// <summary>A key-list project that has not reported the month: no report, or one still a draft or returned.</summary>
public sealed record MissingReportRow(int KeyProjectId, string ProjectCode, string ProjectName, int UnitId, string UnitName, PlanType PlanType, long? ReportId, SubmissionStatus? Status);

/// <summary>A unit whose own key-list projects have not all reported a month, and how many have not.</summary>
public sealed record UnreportedUnit(int UnitId, string UnitName, int Missing);

/// <summary>A report a unit owes for a month that is open: the project, its unit, the month and its due date.</summary>
public sealed record OwedReportRow(int KeyProjectId, string ProjectName, string UnitName, int Year, int Month, DateOnly DueOn);

/// <summary>
/// The read side of the monthly schedule. Everything reads through BlueprintDb, so a unit sees
/// its own projects and the office all of them, in the API, the pages and the export alike.
/// </summary>
public static class ProgressQueries
{
    /// <summary>Statuses that mean the unit has reported the month (a draft or a returned report has not).</summary>
    public static readonly SubmissionStatus[] Reported = [SubmissionStatus.Submitted, SubmissionStatus.Approved, SubmissionStatus.Accepted];

    public static IQueryable<ProgressListRow> List(BlueprintDb db, ProgressListQuery q)
    {
        var reports = db.Set<ProgressReport>().AsNoTracking().Where(r => r.IsCurrent && r.Year == q.Year && r.Month == q.Month);
        reports = q.Status is { } status ? reports.Where(r => r.Status == status) : reports;
        if (q.UnitId is { } unitId)
        {
            // A county includes the zones and departments below it, as in the bulletin.
            var path = db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path);
            reports = reports.Where(r => db.Set<Unit>().Any(u => u.Id == r.UnitId && path.Any(p => u.Path.StartsWith(p))));
        }

        return reports
            .OrderBy(r => r.Unit!.SortOrder).ThenBy(r => r.KeyProject!.Code)
            .Select(r => new ProgressListRow(r.Id, r.KeyProjectId, r.KeyProject!.Code, r.KeyProject.Name, r.UnitId, r.Unit!.Name, r.Year, r.Month,
                r.InvestmentThisMonth, r.InvestmentYearToDate, r.InvestmentSinceStart, r.PhysicalProgress, r.Status, r.SupersedesId != null,
                r.RecordedAtUtc, r.AcceptedAtUtc, r.IsLate, r.Version));
    }

    /// <summary>Key-list projects of the year (continuing and planned-start; the reserve list reports nothing) not reported for the month.</summary>
    public static IQueryable<MissingReportRow> Missing(BlueprintDb db, int year, int month, int? unitId = null)
    {
        var reports = db.Set<ProgressReport>().Where(r => r.IsCurrent && r.Year == year && r.Month == month);
        var entries = db.Set<AnnualPlanEntry>().AsNoTracking()
            .Where(e => e.Year == year && e.PlanType != PlanType.Reserve
                && !reports.Any(r => r.KeyProjectId == e.KeyProjectId && Reported.Contains(r.Status)));
        if (unitId is { } id)
        {
            var path = db.Set<Unit>().Where(u => u.Id == id).Select(u => u.Path);
            entries = entries.Where(e => db.Set<Unit>().Any(u => u.Id == e.UnitId && path.Any(p => u.Path.StartsWith(p))));
        }

        return entries
            .OrderBy(e => e.Unit!.SortOrder).ThenBy(e => e.KeyProject!.Code)
            .Select(e => new MissingReportRow(e.KeyProjectId, e.KeyProject!.Code, e.KeyProject.Name, e.UnitId, e.Unit!.Name, e.PlanType,
                reports.Where(r => r.KeyProjectId == e.KeyProjectId).Select(r => (long?)r.Id).FirstOrDefault(),
                reports.Where(r => r.KeyProjectId == e.KeyProjectId).Select(r => (SubmissionStatus?)r.Status).FirstOrDefault()));
    }

    /// <summary>The units owning the projects of <see cref="Missing"/> (the same rule), each with its count, in the tree's order.</summary>
    public static async Task<List<UnreportedUnit>> MissingByUnitAsync(BlueprintDb db, int year, int month, CancellationToken ct)
    {
        var reported = db.Set<ProgressReport>().Where(r => r.IsCurrent && r.Year == year && r.Month == month && Reported.Contains(r.Status));
        var counts = await db.Set<AnnualPlanEntry>().AsNoTracking()
            .Where(e => e.Year == year && e.PlanType != PlanType.Reserve && !reported.Any(r => r.KeyProjectId == e.KeyProjectId))
            .GroupBy(e => e.UnitId).Select(g => new { UnitId = g.Key, Missing = g.Count() })
            .ToListAsync(ct);
        var ids = counts.Select(c => c.UnitId).ToList();
        var units = await db.Set<Unit>().AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Name, u.SortOrder }).ToDictionaryAsync(u => u.Id, ct);
        return [.. counts.OrderBy(c => units[c.UnitId].SortOrder).ThenBy(c => c.UnitId).Select(c => new UnreportedUnit(c.UnitId, units[c.UnitId].Name, c.Missing))];
    }

    /// <summary>
    /// What <see cref="Missing"/> lists, for every month whose window is open on <paramref name="today"/>
    /// (opened by the office, first day reached, not closed), with the month's due date: the
    /// reports a unit still owes.
    /// </summary>
    public static IQueryable<OwedReportRow> Owed(BlueprintDb db, DateOnly today)
    {
        var reports = db.Set<ProgressReport>().Where(r => r.IsCurrent);
        // A join, not two froms: EF writes those as a CROSS JOIN, whose order SQLite keeps as written; from the
        // windows it then built a Bloom filter over every plan entry (1 ms at province scale, on every to-do
        // count) where a unit's own few entries, found by its index, were all it needed (0.01 ms).
        return from e in db.Set<AnnualPlanEntry>().AsNoTracking()
               join w in OpenWindows(db, today).AsNoTracking() on e.Year equals w.Year
               where e.PlanType != PlanType.Reserve
                   && !reports.Any(r => r.KeyProjectId == e.KeyProjectId && r.Year == w.Year && r.Month == w.Month && Reported.Contains(r.Status))
               orderby w.DueOn, w.Year, w.Month, e.KeyProjectId
               select new OwedReportRow(e.KeyProjectId, e.KeyProject!.Name, e.Unit!.Name, w.Year, w.Month, w.DueOn);
    }

    /// <summary>Whether the month's window is open on <paramref name="today"/>, as SQL can run it (see <see cref="ReportingWindows.StateOf"/>).</summary>
    public static IQueryable<ReportingWindow> OpenWindows(BlueprintDb db, DateOnly today) =>
        db.Set<ReportingWindow>().Where(w => w.ClosedAtUtc == null && w.OpensOn <= today);

    /// <summary>Every version of one project-month, newest first: each submission, return and correction (decision 0025).</summary>
    public static async Task<List<SubmissionVersionDto>> HistoryAsync(BlueprintDb db, IStringLocalizer<SharedResource> t, int projectId, int year, int month, CancellationToken ct)
    {
        var rows = await db.Set<ProgressReport>().AsNoTracking()
            .Where(r => r.KeyProjectId == projectId && r.Year == year && r.Month == month)
            .OrderBy(r => r.Id).ToListAsync(ct);
        return await SubmissionHistory.ReadAsync(db, SubmissionKind.Progress,
            [.. rows.Select(r => new HistoryRecord(r, r.RecordedAtUtc, r.ReviewComment, r.CorrectionReason, r.SupersedesId is not null))],
            HistoryFields(t), ct);
    }

    /// <summary>The report's fields with the labels of the form; money in 万元 as the form shows it.</summary>
    public static IReadOnlyList<HistoryField> HistoryFields(IStringLocalizer<SharedResource> t)
    {
        static string? Wan(string? yuan) => long.TryParse(yuan, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? Figure.Wan(v, 2) : yuan;
        static string? Text(string? text) => text;
        return
        [
            new(nameof(ProgressReport.InvestmentThisMonth), t["Progress.ThisMonthWan"], Wan),
            new(nameof(ProgressReport.InvestmentYearToDate), t["Progress.YearToDateWan"], Wan),
            new(nameof(ProgressReport.InvestmentSinceStart), t["Progress.SinceStartWan"], Wan),
            new(nameof(ProgressReport.PhysicalProgress), t["Progress.Physical"], Text),
            new(nameof(ProgressReport.NodesReached), t["Progress.Nodes"], Text),
            new(nameof(ProgressReport.ProblemsRaised), t["Progress.Problems"], Text),
            new(nameof(ProgressReport.FigureWarnings), t["Progress.Check.Title"], Text),
            new(nameof(ProgressReport.Explanation), t["Progress.Explanation"], Text),
        ];
    }

    /// <summary>The current report of the month before (December of the year before for January), shown beside the new figures.</summary>
    public static Task<ProgressReport?> PreviousAsync(BlueprintDb db, int projectId, int year, int month, CancellationToken ct)
    {
        var (y, m) = month == 1 ? (year - 1, 12) : (year, month - 1);
        return db.Set<ProgressReport>().AsNoTracking().SingleOrDefaultAsync(r => r.KeyProjectId == projectId && r.Year == y && r.Month == m && r.IsCurrent, ct);
    }

    /// <summary>The month a list opens on: the latest month still open for reporting, else the latest month reported, else last month.</summary>
    public static async Task<(int Year, int Month)> DefaultMonthAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct)
    {
        var open = await db.Set<ReportingWindow>().AsNoTracking().Where(w => w.ClosedAtUtc == null)
            .OrderByDescending(w => w.Year).ThenByDescending(w => w.Month).Select(w => new { w.Year, w.Month }).FirstOrDefaultAsync(ct);
        if (open is not null)
        {
            return (open.Year, open.Month);
        }

        var reported = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.IsCurrent)
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Month).Select(r => new { r.Year, r.Month }).FirstOrDefaultAsync(ct);
        if (reported is not null)
        {
            return (reported.Year, reported.Month);
        }

        var last = ReportingWindows.Today(clock).AddMonths(-1);
        return (last.Year, last.Month);
    }
}
