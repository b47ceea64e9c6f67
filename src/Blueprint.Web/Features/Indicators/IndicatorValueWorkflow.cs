using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

public sealed record IndicatorValueInput(int IndicatorId, int UnitId, int Period, decimal Value, int Version = 0);

public sealed record IndicatorValueEdit(decimal Value, int Version);

public sealed record IndicatorCorrectionInput(decimal Value, string? Reason, int Version);

public sealed record IndicatorReturnInput(int Version, string? Comment);

/// <summary>
/// The cycle of one indicator value (one indicator, one unit, one period), the same approval
/// path as the monthly progress (<see cref="Projects.ProgressWorkflow"/>): the responsible unit
/// fills and submits, its leader approves, the office accepts — and only from
/// <see cref="IndicatorValue.AcceptedAtUtc"/> on does the value count in status and forecast.
/// The leader or the office returns with a comment. An accepted value changes only by a
/// correction with a reason: a new row that supersedes it and passes the leader and the
/// office again; the old row keeps counting until the correction is accepted. Indicator
/// values have no reporting window: statistics arrive when the statistics office publishes.
/// </summary>
public sealed class IndicatorValueWorkflow(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    /// <summary>The largest magnitude a value may have (the column holds 18 digits, 4 after the point).</summary>
    public const decimal MaxValue = 99_999_999_999_999m;

    private CurrentUser User => db.CurrentUser;

    private bool CanFill => User.IsInRole(Roles.UnitReporter) || User.IsInRole(Roles.UnitLeader) || User.IsInRole(Roles.ProjectOffice);

    public async Task<IndicatorValueOutcome> CreateAsync(IndicatorValueInput input, CancellationToken ct)
    {
        var indicator = await IndicatorScope.Visible(db).AsNoTracking().Where(i => i.Id == input.IndicatorId)
            .Select(i => new { i.Id, i.UnitId, i.Profile, i.PlanYear!.Year }).SingleOrDefaultAsync(ct);
        if (indicator is null)
        {
            return IndicatorValueOutcome.NotFound();
        }

        if (!CanFill)
        {
            return IndicatorValueOutcome.Forbidden("Indicators.CannotFill");
        }

        var hasShare = input.UnitId == indicator.UnitId
            || await db.Set<IndicatorTarget>().IgnoreQueryFilters().AnyAsync(x => x.IndicatorId == indicator.Id && x.UnitId == input.UnitId, ct);
        var check = new Validation(t)
            .Require(input.Period >= 1 && input.Period <= IndicatorStatus.PeriodCount(indicator.Profile), "period", "Indicators.PeriodRange", IndicatorStatus.PeriodCount(indicator.Profile))
            .Require(Math.Abs(input.Value) <= MaxValue && decimal.Round(input.Value, 4) == input.Value, "value", "Indicators.ValueRange")
            .Require(hasShare, "unitId", "Indicators.UnitHasNoShare");
        if (!check.IsValid)
        {
            return IndicatorValueOutcome.Invalid(check.Errors);
        }

        if (!await IndicatorScope.ScopeUnits(db).ContainsAsync(input.UnitId, ct))
        {
            return IndicatorValueOutcome.Forbidden("Error.OutOfScope");
        }

        if (await db.Set<IndicatorValue>().AnyAsync(v => v.IndicatorId == indicator.Id && v.UnitId == input.UnitId && v.Period == input.Period && v.IsCurrent, ct))
        {
            return IndicatorValueOutcome.Invalid(new Validation(t).Require(false, "period", "Indicators.AlreadyReported").Errors);
        }

        var value = new IndicatorValue
        {
            IndicatorId = indicator.Id,
            UnitId = input.UnitId,
            Year = indicator.Year,
            Period = input.Period,
            Value = input.Value,
            RecordedAtUtc = Now,
        };
        db.Add(value);
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(value);
    }

    public async Task<IndicatorValueOutcome> UpdateAsync(long id, IndicatorValueEdit input, CancellationToken ct)
    {
        var (value, refused) = await EditableAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (ValueCheck(input.Value) is { IsValid: false } check)
        {
            return IndicatorValueOutcome.Invalid(check.Errors);
        }

        db.ExpectVersion(value!, input.Version);
        value!.Value = input.Value;
        value.RecordedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(value);
    }

    public async Task<IndicatorValueOutcome> SubmitAsync(long id, int version, CancellationToken ct)
    {
        var (value, refused) = await EditableAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        db.ExpectVersion(value!, version);
        value!.Status = SubmissionStatus.Submitted;
        value.SubmittedById = User.UserId;
        value.RecordedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(value);
    }

    public async Task<IndicatorValueOutcome> ApproveAsync(long id, int version, CancellationToken ct)
    {
        var value = await CurrentAsync(id, ct);
        if (value is null)
        {
            return IndicatorValueOutcome.NotFound();
        }

        if (!User.IsInRole(Roles.UnitLeader) && !User.IsInRole(Roles.ProjectOffice))
        {
            return IndicatorValueOutcome.Forbidden("Indicators.CannotApprove");
        }

        if (!Approval.CanApprove(value.SubmittedById, User.UserId))
        {
            return IndicatorValueOutcome.Forbidden("Error.OwnApproval");
        }

        if (value.Status != SubmissionStatus.Submitted)
        {
            return IndicatorValueOutcome.Conflict("Indicators.NotSubmitted");
        }

        db.ExpectVersion(value, version);
        value.Status = SubmissionStatus.Approved;
        value.ApprovedById = User.UserId;
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(value);
    }

    public async Task<IndicatorValueOutcome> AcceptAsync(long id, int version, CancellationToken ct)
    {
        var value = await CurrentAsync(id, ct);
        if (value is null)
        {
            return IndicatorValueOutcome.NotFound();
        }

        if (!User.IsInRole(Roles.ProjectOffice))
        {
            return IndicatorValueOutcome.Forbidden("Indicators.CannotAccept");
        }

        // Two different people after the submitter: the one who approved cannot also accept.
        if (!Approval.CanApprove(value.SubmittedById, User.UserId) || !Approval.CanApprove(value.ApprovedById, User.UserId))
        {
            return IndicatorValueOutcome.Forbidden("Error.OwnApproval");
        }

        if (value.Status != SubmissionStatus.Approved)
        {
            return IndicatorValueOutcome.Conflict("Indicators.NotApproved");
        }

        db.ExpectVersion(value, version);
        value.Status = SubmissionStatus.Accepted;
        value.AcceptedById = User.UserId;
        value.AcceptedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(value);
    }

    public async Task<IndicatorValueOutcome> ReturnAsync(long id, IndicatorReturnInput input, CancellationToken ct)
    {
        var value = await CurrentAsync(id, ct);
        if (value is null)
        {
            return IndicatorValueOutcome.NotFound();
        }

        var office = User.IsInRole(Roles.ProjectOffice);
        if (!office && !User.IsInRole(Roles.UnitLeader))
        {
            return IndicatorValueOutcome.Forbidden("Indicators.CannotReturn");
        }

        // The unit leader returns what waits for them; the office also what the leader approved.
        if (!(value.Status == SubmissionStatus.Submitted || (office && value.Status == SubmissionStatus.Approved)))
        {
            return IndicatorValueOutcome.Conflict("Indicators.NotReturnable");
        }

        var comment = input.Comment?.Trim();
        var check = new Validation(t).Require(!string.IsNullOrEmpty(comment) && comment.Length <= 1000, "comment", "Indicators.CommentRequired");
        if (!check.IsValid)
        {
            return IndicatorValueOutcome.Invalid(check.Errors);
        }

        db.ExpectVersion(value, input.Version);
        value.Status = SubmissionStatus.Returned;
        value.ReviewComment = comment;
        value.ApprovedById = null;
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(value);
    }

    public async Task<IndicatorValueOutcome> CorrectAsync(long id, IndicatorCorrectionInput input, CancellationToken ct)
    {
        var old = await CurrentAsync(id, ct);
        if (old is null)
        {
            return IndicatorValueOutcome.NotFound();
        }

        if (!CanFill)
        {
            return IndicatorValueOutcome.Forbidden("Indicators.CannotFill");
        }

        if (old.Status != SubmissionStatus.Accepted)
        {
            return IndicatorValueOutcome.Conflict("Indicators.CorrectOnlyAccepted");
        }

        var reason = input.Reason?.Trim();
        var check = ValueCheck(input.Value).Require(!string.IsNullOrEmpty(reason) && reason.Length <= 500, "reason", "Indicators.ReasonRequired");
        if (!check.IsValid)
        {
            return IndicatorValueOutcome.Invalid(check.Errors);
        }

        db.ExpectVersion(old, input.Version);
        old.IsCurrent = false;
        var correction = new IndicatorValue
        {
            IndicatorId = old.IndicatorId,
            UnitId = old.UnitId,
            Year = old.Year,
            Period = old.Period,
            Value = input.Value,
            Status = SubmissionStatus.Submitted,
            SubmittedById = User.UserId,
            SupersedesId = old.Id,
            CorrectionReason = reason,
            RecordedAtUtc = Now,
        };
        db.Add(correction);
        await db.SaveChangesAsync(ct);
        return IndicatorValueOutcome.Ok(correction);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Validation ValueCheck(decimal value) => new Validation(t)
        .Require(Math.Abs(value) <= MaxValue && decimal.Round(value, 4) == value, "value", "Indicators.ValueRange");

    private Task<IndicatorValue?> CurrentAsync(long id, CancellationToken ct) =>
        db.Set<IndicatorValue>().SingleOrDefaultAsync(v => v.Id == id && v.IsCurrent, ct);

    private async Task<(IndicatorValue? Value, IndicatorValueOutcome? Refused)> EditableAsync(long id, CancellationToken ct)
    {
        var value = await CurrentAsync(id, ct);
        if (value is null)
        {
            return (null, IndicatorValueOutcome.NotFound());
        }

        if (!CanFill)
        {
            return (null, IndicatorValueOutcome.Forbidden("Indicators.CannotFill"));
        }

        return value.Status is SubmissionStatus.Draft or SubmissionStatus.Returned
            ? (value, null)
            : (null, IndicatorValueOutcome.Conflict("Indicators.NotEditable"));
    }
}
