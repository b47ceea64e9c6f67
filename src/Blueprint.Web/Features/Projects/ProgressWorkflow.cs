using Blueprint.Web.Data;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>A correction of an accepted report: the new figures and why the old ones were wrong.</summary>
public sealed record ProgressCorrectionInput(
    long InvestmentThisMonth, long InvestmentYearToDate, long InvestmentSinceStart,
    string? PhysicalProgress, string? NodesReached, string? ProblemsRaised, string? Reason, int Version);

/// <summary>
/// The monthly cycle of one project-month (月度调度), used by the API and the pages alike.
/// <list type="bullet">
/// <item>The unit reporter fills a draft and submits it; the unit leader approves it; the office
/// accepts it, and only from <see cref="ProgressReport.AcceptedAtUtc"/> on does it count in the
/// bulletin. Nobody approves or accepts what they submitted themselves.</item>
/// <item>The unit leader (a submitted report) or the office (submitted or approved) returns it
/// with a comment; the unit edits and submits again.</item>
/// <item>Filling, editing and submitting need the month's reporting window open. After its
/// 截止日 the window is past due (已截止): drafts may still be written, but a first submission
/// needs the office to have reopened the month for the unit, and is then marked late (迟报).
/// Closing the month locks it.</item>
/// <item>An accepted report — in an open or a closed month — changes only by a correction with
/// a reason: a new row that supersedes it. The correction starts as <em>Submitted</em> (stating
/// a reason is the deliberate act; a draft would only add a step) and passes the unit leader
/// and the office again. The old row stops being current but keeps its values, and the bulletin
/// keeps counting it until the correction is accepted. A returned correction can be edited
/// and resubmitted even in a closed month: the lock is on the accepted figures, not on the
/// correction of them.</item>
/// </list>
/// </summary>
public sealed class ProgressWorkflow(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock) : ISubmissionWorkflow<ProgressReport>
{
    private static readonly SubmissionKind Kind = SubmissionKind.Progress;

    private readonly SubmissionSteps _steps = new(db, t, clock);

    public async Task<StepOutcome<ProgressReport>> CreateAsync(ProgressReportInput input, CancellationToken ct)
    {
        // The project is read through the scope filter: another unit's project is "not found".
        var project = await db.Set<KeyProject>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.KeyProjectId, ct);
        if (project is null)
        {
            return Refusal.NotFound;
        }

        if (!Kind.CapacityOf(db.CurrentUser).HasFlag(SubmissionCapacity.Fill))
        {
            return Refusal.Forbidden(Kind.Texts.CannotFill);
        }

        var check = Validate(input.Year, input.Month, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        if (await WindowRefusalAsync(input.Year, input.Month, ct) is { } refused)
        {
            return refused;
        }

        if (await db.Set<ProgressReport>().AnyAsync(r => r.KeyProjectId == input.KeyProjectId && r.Year == input.Year && r.Month == input.Month && r.IsCurrent, ct))
        {
            return Refusal.Invalid(new Validation(t).Require(false, "month", "Progress.AlreadyReported").Errors);
        }

        var report = new ProgressReport { KeyProjectId = project.Id, UnitId = project.UnitId, Year = input.Year, Month = input.Month, RecordedAtUtc = Now };
        if (await CheckFiguresAsync(report, input.InvestmentThisMonth, input.InvestmentYearToDate, input.Explanation, ct) is { } wrong)
        {
            return wrong;
        }

        Apply(report, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        db.Add(report);
        await db.SaveChangesAsync(ct);
        return report;
    }

    public async Task<StepOutcome<ProgressReport>> UpdateAsync(long id, ProgressReportInput input, CancellationToken ct)
    {
        var report = await CurrentAsync(id, ct);
        if (report is null)
        {
            return Refusal.NotFound;
        }

        if ((_steps.Refuse(Kind, report, SubmissionAction.Edit) ?? await OpenWindowAsync(report, ct)) is { } refused)
        {
            return refused;
        }

        var check = Validate(report.Year, report.Month, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        if (await CheckFiguresAsync(report, input.InvestmentThisMonth, input.InvestmentYearToDate, input.Explanation, ct) is { } wrong)
        {
            return wrong;
        }

        db.ExpectVersion(report, input.Version);
        Apply(report, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        report.RecordedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>A step of the path; submitting needs the month open (a correction also in a closed month).</summary>
    public async Task<StepOutcome<ProgressReport>> StepAsync(long id, SubmissionAction action, int version, string? comment, CancellationToken ct) =>
        await _steps.RunAsync(Kind, await CurrentAsync(id, ct), action, version, SubjectAsync, ct,
            check: action == SubmissionAction.Submit ? async r => await OpenWindowAsync(r, ct) ?? await ExplainedAsync(r, ct) : null,
            comment: comment,
            deadline: r => DeadlineAsync(r, ct));

    /// <summary>Approves or accepts many current reports at once, each judged on its own (see <see cref="SubmissionSteps.BatchAsync"/>).</summary>
    public Task<StepOutcome<List<BatchResult>>> BatchAsync(BatchInput input, CancellationToken ct) =>
        _steps.BatchAsync(Kind, input,
            (ids, c) => db.Set<ProgressReport>().Where(r => ids.Contains(r.Id) && r.IsCurrent).ToListAsync(c),
            r => r.Id,
            async (reports, c) =>
            {
                var names = new Dictionary<int, string>();
                foreach (var slice in reports.Select(r => r.KeyProjectId).Distinct().Chunk(500))
                {
                    foreach (var p in await db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(p => slice.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(c))
                    {
                        names[p.Id] = p.Name;
                    }
                }

                return r => Subject(names[r.KeyProjectId], r);
            }, ct);

    public async Task<StepOutcome<ProgressReport>> CorrectAsync(long id, ProgressCorrectionInput input, CancellationToken ct) =>
        await _steps.CorrectAsync(Kind, await CurrentAsync(id, ct), input.Version, input.Reason, "Progress.ReasonRequired",
            old => Validate(old.Year, old.Month, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised),
            async old =>
            {
                var found = ProgressChecks.Judge(await ProgressChecks.FactsAsync(db, old.KeyProjectId, old.Year, old.Month, ct), input.InvestmentThisMonth, input.InvestmentYearToDate);
                if (ProgressChecks.Errors(found, t) is { } wrong)
                {
                    return Refusal.Invalid(wrong);
                }

                var correction = new ProgressReport { KeyProjectId = old.KeyProjectId, Year = old.Year, Month = old.Month, FigureWarnings = ProgressChecks.Warnings(found, t) };
                Apply(correction, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
                return correction;
            },
            SubjectAsync, ct, oneCurrent: true);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Runs the figure checks: errors refuse the save; warnings and the explanation are kept on the report.</summary>
    private async Task<Refusal?> CheckFiguresAsync(ProgressReport report, long thisMonth, long yearToDate, string? explanation, CancellationToken ct)
    {
        var found = ProgressChecks.Judge(await ProgressChecks.FactsAsync(db, report.KeyProjectId, report.Year, report.Month, ct), thisMonth, yearToDate);
        var text = Trimmed(explanation);
        var errors = ProgressChecks.Errors(found, t) ?? [];
        if ((text?.Length ?? 0) > 1000)
        {
            errors["explanation"] = [t["Progress.Check.ExplanationTooLong"]];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        report.FigureWarnings = ProgressChecks.Warnings(found, t);
        report.Explanation = text;
        return null;
    }

    /// <summary>Before submitting, the warnings are judged again (another month may have been accepted since); any warning needs a 情况说明.</summary>
    private async Task<Refusal?> ExplainedAsync(ProgressReport report, CancellationToken ct)
    {
        var found = ProgressChecks.Judge(await ProgressChecks.FactsAsync(db, report.KeyProjectId, report.Year, report.Month, ct), report.InvestmentThisMonth, report.InvestmentYearToDate);
        if (ProgressChecks.Errors(found, t) is { } errors)
        {
            return Refusal.Invalid(errors);
        }

        report.FigureWarnings = ProgressChecks.Warnings(found, t);
        return report.FigureWarnings is not null && report.Explanation is null
            ? Refusal.Invalid(new() { ["explanation"] = [t["Progress.Check.ExplanationRequired", report.FigureWarnings.Replace('\n', ' ')]] })
            : null;
    }

    private Task<ProgressReport?> CurrentAsync(long id, CancellationToken ct) =>
        db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Id == id && r.IsCurrent, ct);

    /// <summary>How an inbox names the report: the project and the month.</summary>
    private async Task<NoticeSubject> SubjectAsync(ProgressReport report, CancellationToken ct)
    {
        var name = await db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(p => p.Id == report.KeyProjectId).Select(p => p.Name).SingleAsync(ct);
        return Subject(name, report);
    }

    private NoticeSubject Subject(string projectName, ProgressReport report) =>
        new(t["Progress.NoticeSubject", projectName, report.Year, report.Month], $"/progress/{report.KeyProjectId}/{report.Year}/{report.Month}");

    /// <summary>The month's 截止日 for the report's unit (a correction has none: it may come in any month).</summary>
    private async Task<SubmissionDeadline?> DeadlineAsync(ProgressReport report, CancellationToken ct)
    {
        var window = report.SupersedesId is null
            ? await db.Set<ReportingWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Year == report.Year && w.Month == report.Month, ct)
            : null;
        return window is null ? null : ReportingWindows.Deadline(window, await ReportingReopenings.CoversAsync(db, window.Id, report.UnitId, ct));
    }

    /// <summary>
    /// Drafts and returned reports change only while their month is open or past its 截止日 (a
    /// first submission then needs a reopening: <see cref="DeadlineAsync"/>); a correction also in a closed month.
    /// </summary>
    private async Task<Refusal?> OpenWindowAsync(ProgressReport report, CancellationToken ct) =>
        report.SupersedesId is null ? await WindowRefusalAsync(report.Year, report.Month, ct) : null;

    private async Task<Refusal?> WindowRefusalAsync(int year, int month, CancellationToken ct)
    {
        var (state, window) = await ReportingWindows.StateAsync(db, year, month, clock, ct);
        return state switch
        {
            WindowState.None => Refusal.Conflict("Progress.WindowNone", year, month),
            WindowState.NotYetOpen => Refusal.Conflict("Progress.WindowNotYetOpen", year, month, window!.OpensOn),
            WindowState.Closed => Refusal.Conflict("Progress.WindowClosed", year, month),
            _ => null,
        };
    }

    private Validation Validate(int year, int month, long thisMonth, long yearToDate, long sinceStart, string? physical, string? nodes, string? problems) =>
        new Validation(t)
            .Require(year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(month is >= 1 and <= 12, "month", "Field.InvalidMonth")
            .Require(thisMonth >= 0, "investmentThisMonth", "Progress.NotNegative")
            .Require(yearToDate >= thisMonth, "investmentYearToDate", "Progress.YearToDateBelowMonth")
            .Require(sinceStart >= yearToDate, "investmentSinceStart", "Progress.SinceStartBelowYear")
            .Require((physical?.Trim().Length ?? 0) <= 2000, "physicalProgress", "Progress.TooLong", 2000)
            .Require((nodes?.Trim().Length ?? 0) <= 1000, "nodesReached", "Progress.TooLong", 1000)
            .Require((problems?.Trim().Length ?? 0) <= 2000, "problemsRaised", "Progress.TooLong", 2000);

    private static void Apply(ProgressReport r, long thisMonth, long yearToDate, long sinceStart, string? physical, string? nodes, string? problems)
    {
        r.InvestmentThisMonth = thisMonth;
        r.InvestmentYearToDate = yearToDate;
        r.InvestmentSinceStart = sinceStart;
        r.PhysicalProgress = Trimmed(physical);
        r.NodesReached = Trimmed(nodes);
        r.ProblemsRaised = Trimmed(problems);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
