using System.Globalization;
using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Figures;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

public sealed record StageRow(ProjectStage Stage, DateOnly OnDate, DateTime RecordedAtUtc);

public sealed record MonthRow(int Month, long ThisMonth, long YearToDate, long SinceStart, string? PhysicalProgress, string? NodesReached, SubmissionStatus Status, bool Corrected);

/// <summary>One point of the chart: cumulative completion rate (as counted by the bulletin) against 序时进度.</summary>
public sealed record SchedulePoint(int Month, decimal? CompletionRate, decimal ElapsedSchedule);

public sealed record ProblemRow(int Id, string Title, ProblemKind Kind, ProblemStatus Status, DateOnly? Deadline, string? Answer);

/// <summary>One change of the project's record: who (display name), when, and the stored before/after JSON (labelled on the page by <see cref="AuditLabels"/>).</summary>
public sealed record AuditRow(DateTime AtUtc, string? UserName, string Action, string? Before, string? After);

/// <summary>Everything the detail page of one project shows, for one plan year.</summary>
public sealed record ProjectDetail(
    KeyProjectDto Project, string? Description, int Year, int Month, IReadOnlyList<int> PlanYears, AnnualPlanEntry? Entry,
    BulletinFigures Figures, IReadOnlyList<StageRow> Stages, IReadOnlyList<MonthRow> Months, IReadOnlyList<SchedulePoint> Schedule,
    IReadOnlyList<ProblemRow> Problems, IReadOnlyList<AuditRow> Audit, AuditReferences AuditNames)
{
    /// <summary>Null when the project does not exist or lies outside the user's scope.</summary>
    public static async Task<ProjectDetail?> LoadAsync(BlueprintDb db, int id, int? year, TimeProvider clock, CancellationToken ct = default)
    {
        var project = await db.Set<KeyProject>().AsNoTracking().Where(p => p.Id == id).Select(ProjectsApi.AsDto).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var description = await db.Set<KeyProject>().Where(p => p.Id == id).Select(p => p.Description).SingleAsync(ct);
        var planYears = await db.Set<AnnualPlanEntry>().Where(e => e.KeyProjectId == id).Select(e => e.Year).OrderByDescending(y => y).ToListAsync(ct);
        var usual = await ProjectList.DefaultFiguresYearAsync(db, now, ct);
        var y = year ?? (planYears.Count == 0 || planYears.Contains(usual) ? usual : planYears.FirstOrDefault(p => p <= now.Year, planYears[^1]));
        var month = ProjectFigures.DefaultMonth(y, now);
        var entry = await db.Set<AnnualPlanEntry>().AsNoTracking().SingleOrDefaultAsync(e => e.KeyProjectId == id && e.Year == y, ct);

        // As the bulletin counts them: the year-to-date figure of the latest counting month up to each month.
        var counting = await Bulletin.CountingReports(db, y, 12, now).Where(r => r.KeyProjectId == id)
            .Select(r => new { r.Month, r.InvestmentYearToDate }).ToListAsync(ct);
        BulletinFigures At(int m) => ProjectFigures.For(entry?.PlanType, entry?.PlannedCompletion ?? false, entry?.AnnualPlannedInvestment ?? 0,
            counting.Where(r => r.Month <= m).OrderByDescending(r => r.Month).Select(r => r.InvestmentYearToDate).FirstOrDefault(), m);
        // The 序时进度 line runs the whole year; completion only up to the month the figures describe.
        var schedule = Enumerable.Range(1, 12)
            .Select(m => new SchedulePoint(m, m <= month ? At(m).InvestmentCompletionRate : null, ElapsedSchedule.AtMonthEnd(m)))
            .ToList();

        var months = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.KeyProjectId == id && r.Year == y && r.IsCurrent)
            .OrderBy(r => r.Month)
            .Select(r => new MonthRow(r.Month, r.InvestmentThisMonth, r.InvestmentYearToDate, r.InvestmentSinceStart, r.PhysicalProgress, r.NodesReached, r.Status, r.SupersedesId != null))
            .ToListAsync(ct);
        var stages = await db.Set<ProjectStageChange>().AsNoTracking().Where(s => s.KeyProjectId == id)
            .OrderBy(s => s.OnDate).ThenBy(s => s.Id).Select(s => new StageRow(s.Stage, s.OnDate, s.RecordedAtUtc)).ToListAsync(ct);
        var problems = await db.Set<Problem>().AsNoTracking().Where(p => p.KeyProjectId == id)
            .OrderBy(p => p.Status).ThenBy(p => p.Deadline).Select(p => new ProblemRow(p.Id, p.Title, p.Kind, p.Status, p.Deadline, p.Answer)).ToListAsync(ct);

        var key = id.ToString(CultureInfo.InvariantCulture);
        var records = await db.Set<AuditRecord>().AsNoTracking().Where(a => a.Entity == nameof(KeyProject) && a.EntityKey == key)
            .OrderByDescending(a => a.Id).Take(100).ToListAsync(ct);
        var names = records.Select(a => a.UserName).OfType<string>().Distinct().ToList();
        var people = await db.Set<Access.User>().AsNoTracking().Where(u => names.Contains(u.UserName!))
            .Select(u => new { u.UserName, u.DisplayName }).ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, ct);
        var audit = records.Select(a => new AuditRow(a.AtUtc, a.UserName is { } n ? people.GetValueOrDefault(n, n) : null, a.Action, a.Before, a.After)).ToList();
        // The ids in the changed fields (UnitId 5 → 安岳县（5）) as the audit log names them, one query per kind
        // for the whole trail. The page is read by business users, so the names are read through the
        // reader's scope (AuditReferences.LoadForReaderAsync): a record the reader cannot open stays its id.
        var referenced = await AuditReferences.LoadForReaderAsync(db, records.Select(a => (a.Entity, a.Before, a.After)), ct);

        return new ProjectDetail(project, description, y, month, planYears, entry, At(month), stages, months, schedule, problems, audit, referenced);
    }

    /// <summary>The chart's data as the page hands it to ECharts: percentages rounded for display only.</summary>
    public object ChartData(string rateName, string scheduleName) => new
    {
        months = Schedule.Select(p => p.Month).ToArray(),
        series = new object[]
        {
            new { name = rateName, values = Schedule.Select(p => p.CompletionRate is { } r ? Figure.RoundForDisplay(r * 100m, 1) : (decimal?)null).ToArray() },
            new { name = scheduleName, values = Schedule.Select(p => Figure.RoundForDisplay(p.ElapsedSchedule * 100m, 1)).ToArray() },
        },
    };
}
