using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>A correction of an accepted report: the new figures and why the old ones were wrong.</summary>
public sealed record ProgressCorrectionInput(
    long InvestmentThisMonth, long InvestmentYearToDate, long InvestmentSinceStart,
    string? PhysicalProgress, string? NodesReached, string? ProblemsRaised, string? Reason, int Version);

public sealed record ProgressReturnInput(int Version, string? Comment);

/// <summary>
/// The monthly cycle of one project-month (月度调度), used by the API and the pages alike.
/// <list type="bullet">
/// <item>The unit reporter fills a draft and submits it; the unit leader approves it; the office
/// accepts it, and only from <see cref="ProgressReport.AcceptedAtUtc"/> on does it count in the
/// bulletin. Nobody approves or accepts what they submitted themselves.</item>
/// <item>The unit leader (a submitted report) or the office (submitted or approved) returns it
/// with a comment; the unit edits and submits again.</item>
/// <item>Filling, editing and submitting need the month's reporting window open. Closing the
/// month locks it.</item>
/// <item>An accepted report — in an open or a closed month — changes only by a correction with
/// a reason: a new row that supersedes it. The correction starts as <em>Submitted</em> (stating
/// a reason is the deliberate act; a draft would only add a step) and passes the unit leader
/// and the office again. The old row stops being current but keeps its values, and the bulletin
/// keeps counting it until the correction is accepted. A returned correction can be edited
/// and resubmitted even in a closed month: the lock is on the accepted figures, not on the
/// correction of them.</item>
/// </list>
/// </summary>
public sealed class ProgressWorkflow(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    private CurrentUser User => db.CurrentUser;

    private bool CanFill => User.IsInRole(Roles.UnitReporter) || User.IsInRole(Roles.UnitLeader) || User.IsInRole(Roles.ProjectOffice);

    public async Task<ProgressOutcome> CreateAsync(ProgressReportInput input, CancellationToken ct)
    {
        // The project is read through the scope filter: another unit's project is "not found".
        var project = await db.Set<KeyProject>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.KeyProjectId, ct);
        if (project is null)
        {
            return ProgressOutcome.NotFound();
        }

        if (!CanFill)
        {
            return ProgressOutcome.Forbidden("Progress.CannotFill");
        }

        var check = Validate(input.Year, input.Month, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        if (!check.IsValid)
        {
            return ProgressOutcome.Invalid(check.Errors);
        }

        if (await WindowRefusalAsync(input.Year, input.Month, ct) is { } refused)
        {
            return refused;
        }

        if (await db.Set<ProgressReport>().AnyAsync(r => r.KeyProjectId == input.KeyProjectId && r.Year == input.Year && r.Month == input.Month && r.IsCurrent, ct))
        {
            return ProgressOutcome.Invalid(new Validation(t).Require(false, "month", "Progress.AlreadyReported").Errors);
        }

        var report = new ProgressReport { KeyProjectId = project.Id, UnitId = project.UnitId, Year = input.Year, Month = input.Month, RecordedAtUtc = Now };
        Apply(report, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        db.Add(report);
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Ok(report);
    }

    public async Task<ProgressOutcome> UpdateAsync(long id, ProgressReportInput input, CancellationToken ct)
    {
        var (report, refused) = await EditableAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        var check = Validate(report!.Year, report.Month, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        if (!check.IsValid)
        {
            return ProgressOutcome.Invalid(check.Errors);
        }

        db.ExpectVersion(report, input.Version);
        Apply(report, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);
        report.RecordedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Ok(report);
    }

    public async Task<ProgressOutcome> SubmitAsync(long id, int version, CancellationToken ct)
    {
        var (report, refused) = await EditableAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        db.ExpectVersion(report!, version);
        report!.Status = SubmissionStatus.Submitted;
        report.SubmittedById = User.UserId;
        report.RecordedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Ok(report);
    }

    public async Task<ProgressOutcome> ApproveAsync(long id, int version, CancellationToken ct)
    {
        var report = await CurrentAsync(id, ct);
        if (report is null)
        {
            return ProgressOutcome.NotFound();
        }

        if (!User.IsInRole(Roles.UnitLeader) && !User.IsInRole(Roles.ProjectOffice))
        {
            return ProgressOutcome.Forbidden("Progress.CannotApprove");
        }

        if (!Approval.CanApprove(report.SubmittedById, User.UserId))
        {
            return ProgressOutcome.Forbidden("Error.OwnApproval");
        }

        if (report.Status != SubmissionStatus.Submitted)
        {
            return ProgressOutcome.Conflict("Progress.NotSubmitted");
        }

        db.ExpectVersion(report, version);
        report.Status = SubmissionStatus.Approved;
        report.ApprovedById = User.UserId;
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Ok(report);
    }

    public async Task<ProgressOutcome> AcceptAsync(long id, int version, CancellationToken ct)
    {
        var report = await CurrentAsync(id, ct);
        if (report is null)
        {
            return ProgressOutcome.NotFound();
        }

        if (!User.IsInRole(Roles.ProjectOffice))
        {
            return ProgressOutcome.Forbidden("Progress.CannotAccept");
        }

        // Two different people after the submitter: the one who approved cannot also accept.
        if (!Approval.CanApprove(report.SubmittedById, User.UserId) || !Approval.CanApprove(report.ApprovedById, User.UserId))
        {
            return ProgressOutcome.Forbidden("Error.OwnApproval");
        }

        if (report.Status != SubmissionStatus.Approved)
        {
            return ProgressOutcome.Conflict("Progress.NotApproved");
        }

        db.ExpectVersion(report, version);
        report.Status = SubmissionStatus.Accepted;
        report.AcceptedById = User.UserId;
        report.AcceptedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Ok(report);
    }

    public async Task<ProgressOutcome> ReturnAsync(long id, ProgressReturnInput input, CancellationToken ct)
    {
        var report = await CurrentAsync(id, ct);
        if (report is null)
        {
            return ProgressOutcome.NotFound();
        }

        var office = User.IsInRole(Roles.ProjectOffice);
        if (!office && !User.IsInRole(Roles.UnitLeader))
        {
            return ProgressOutcome.Forbidden("Progress.CannotReturn");
        }

        // The unit leader returns what waits for them; the office also what the leader approved.
        if (!(report.Status == SubmissionStatus.Submitted || (office && report.Status == SubmissionStatus.Approved)))
        {
            return ProgressOutcome.Conflict("Progress.NotReturnable");
        }

        var comment = input.Comment?.Trim();
        var check = new Validation(t).Require(!string.IsNullOrEmpty(comment) && comment.Length <= 1000, "comment", "Progress.CommentRequired");
        if (!check.IsValid)
        {
            return ProgressOutcome.Invalid(check.Errors);
        }

        db.ExpectVersion(report, input.Version);
        report.Status = SubmissionStatus.Returned;
        report.ReviewComment = comment;
        report.ApprovedById = null;
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Ok(report);
    }

    public async Task<ProgressOutcome> CorrectAsync(long id, ProgressCorrectionInput input, CancellationToken ct)
    {
        var old = await CurrentAsync(id, ct);
        if (old is null)
        {
            return ProgressOutcome.NotFound();
        }

        if (!CanFill)
        {
            return ProgressOutcome.Forbidden("Progress.CannotFill");
        }

        if (old.Status != SubmissionStatus.Accepted)
        {
            return ProgressOutcome.Conflict("Progress.CorrectOnlyAccepted");
        }

        var reason = input.Reason?.Trim();
        var check = Validate(old.Year, old.Month, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised)
            .Require(!string.IsNullOrEmpty(reason) && reason.Length <= 500, "reason", "Progress.ReasonRequired");
        if (!check.IsValid)
        {
            return ProgressOutcome.Invalid(check.Errors);
        }

        db.ExpectVersion(old, input.Version);
        old.IsCurrent = false;
        var correction = new ProgressReport
        {
            KeyProjectId = old.KeyProjectId,
            UnitId = old.UnitId,
            Year = old.Year,
            Month = old.Month,
            Status = SubmissionStatus.Submitted,
            SubmittedById = User.UserId,
            SupersedesId = old.Id,
            CorrectionReason = reason,
            RecordedAtUtc = Now,
        };
        Apply(correction, input.InvestmentThisMonth, input.InvestmentYearToDate, input.InvestmentSinceStart, input.PhysicalProgress, input.NodesReached, input.ProblemsRaised);

        // Two saves in one transaction: the old row must stop being current before the new one
        // is inserted, or the one-current-report index refuses the insert. EF orders commands
        // by unique-key changes, but IsCurrent is only the index's filter, not one of its keys.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Add(correction);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ProgressOutcome.Ok(correction);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task<ProgressReport?> CurrentAsync(long id, CancellationToken ct) =>
        db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Id == id && r.IsCurrent, ct);

    /// <summary>A report the unit may still change: a draft or a returned one, in an open month unless it is a correction.</summary>
    private async Task<(ProgressReport? Report, ProgressOutcome? Refused)> EditableAsync(long id, CancellationToken ct)
    {
        var report = await CurrentAsync(id, ct);
        if (report is null)
        {
            return (null, ProgressOutcome.NotFound());
        }

        if (!CanFill)
        {
            return (null, ProgressOutcome.Forbidden("Progress.CannotFill"));
        }

        if (report.Status is not (SubmissionStatus.Draft or SubmissionStatus.Returned))
        {
            return (null, ProgressOutcome.Conflict("Progress.NotEditable"));
        }

        return report.SupersedesId is null && await WindowRefusalAsync(report.Year, report.Month, ct) is { } refused
            ? (null, refused)
            : (report, null);
    }

    private async Task<ProgressOutcome?> WindowRefusalAsync(int year, int month, CancellationToken ct)
    {
        var (state, window) = await ReportingWindows.StateAsync(db, year, month, clock, ct);
        return state switch
        {
            WindowState.None => ProgressOutcome.Conflict("Progress.WindowNone", year, month),
            WindowState.NotYetOpen => ProgressOutcome.Conflict("Progress.WindowNotYetOpen", year, month, window!.OpensOn),
            WindowState.Closed => ProgressOutcome.Conflict("Progress.WindowClosed", year, month),
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
