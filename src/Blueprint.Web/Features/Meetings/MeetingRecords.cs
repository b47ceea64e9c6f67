using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Meetings;

public sealed record MeetingInput(
    DateOnly Date, string? Title, int AttendeeCount, int ParticipatingUnitCount, int DurationMinutes, string? Minutes, List<int>? UnitIds, int Version = 0);

public sealed record DecisionInput(string? Text, int Version = 0);

/// <summary>A decision handed to a lead unit as a supervision item.</summary>
public sealed record DecisionAssignInput(int UnitId, DateOnly Deadline, FeedbackCadence Cadence = FeedbackCadence.Monthly, string? Title = null, List<int>? CooperatingUnitIds = null);

/// <summary>
/// Meeting records (会议) and their decisions (决定事项). The offices keep the records; the
/// supervision office turns a decision into a supervision item through
/// <see cref="SupervisionAssignment.AssignAsync"/>, the one way items come into being, so the
/// item carries the decision (DecisionId) and the meeting page can show how it is going.
/// </summary>
public sealed class MeetingRecords(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public const string Editors = Roles.SupervisionOffice + "," + Roles.ProjectOffice;

    private bool CanEdit => Roles.Of(Editors).Any(db.CurrentUser.IsInRole);

    public async Task<StepOutcome<Meeting>> SaveAsync(int? id, MeetingInput input, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Refusal.Forbidden();
        }

        var unitIds = (input.UnitIds ?? []).Distinct().ToList();
        var known = await db.Set<Unit>().CountAsync(u => unitIds.Contains(u.Id), ct);
        var check = new Validation(t)
            .Require(input.Date.Year is >= 2000 and <= 2100, "date", "Meetings.DateInvalid")
            .Require(input.Title?.Trim() is { Length: > 0 and <= 200 }, "title", "Meetings.TitleRequired")
            .Require(input.AttendeeCount is >= 0 and <= 100_000, "attendeeCount", "Meetings.CountInvalid")
            .Require(input.ParticipatingUnitCount is >= 0 and <= 10_000, "participatingUnitCount", "Meetings.CountInvalid")
            .Require(input.DurationMinutes is >= 0 and <= 24 * 60, "durationMinutes", "Meetings.DurationInvalid")
            .Require((input.Minutes?.Length ?? 0) <= 20_000, "minutes", "Meetings.MinutesTooLong")
            .Require(known == unitIds.Count, "unitIds", "Meetings.UnitUnknown");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var meeting = id is null ? null : await db.Set<Meeting>().Include(m => m.Units).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (id is not null && meeting is null)
        {
            return Refusal.NotFound;
        }

        if (meeting is null)
        {
            meeting = new Meeting { Title = "" };
            db.Add(meeting);
        }
        else
        {
            db.ExpectVersion(meeting, input.Version);
        }

        meeting.Date = input.Date;
        meeting.Title = input.Title!.Trim();
        meeting.AttendeeCount = input.AttendeeCount;
        // The named units are a floor for the count: a count below them would contradict the list.
        meeting.ParticipatingUnitCount = Math.Max(input.ParticipatingUnitCount, unitIds.Count);
        meeting.DurationMinutes = input.DurationMinutes;
        meeting.Minutes = string.IsNullOrWhiteSpace(input.Minutes) ? null : input.Minutes.Trim();
        meeting.Units.RemoveAll(u => !unitIds.Contains(u.UnitId));
        meeting.Units.AddRange(unitIds.Where(u => meeting.Units.All(x => x.UnitId != u)).Select(u => new MeetingUnit { UnitId = u }));
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    public async Task<StepOutcome<Meeting>> DeleteAsync(int id, int version, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Refusal.Forbidden();
        }

        var meeting = await db.Set<Meeting>().Include(m => m.Units).Include(m => m.Decisions).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return Refusal.NotFound;
        }

        // A decision already being supervised keeps its meeting: the item's basis must not vanish.
        var decisionIds = meeting.Decisions.Select(d => d.Id).ToList();
        if (await db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(i => i.DecisionId != null && decisionIds.Contains(i.DecisionId.Value), ct))
        {
            return Refusal.Conflict("Meetings.HasItems");
        }

        db.ExpectVersion(meeting, version);
        db.RemoveRange(meeting.Decisions);
        db.Remove(meeting);
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    public async Task<StepOutcome<Decision>> SaveDecisionAsync(int meetingId, int? decisionId, DecisionInput input, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Refusal.Forbidden();
        }

        var meeting = await db.Set<Meeting>().Include(m => m.Decisions).SingleOrDefaultAsync(m => m.Id == meetingId, ct);
        var decision = decisionId is null ? null : meeting?.Decisions.SingleOrDefault(d => d.Id == decisionId);
        if (meeting is null || (decisionId is not null && decision is null))
        {
            return Refusal.NotFound;
        }

        var check = new Validation(t).Require(input.Text?.Trim() is { Length: > 0 and <= 2000 }, "text", "Meetings.DecisionRequired");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        if (decision is null)
        {
            decision = new Decision { Text = "", SortOrder = (meeting.Decisions.Select(d => d.SortOrder).DefaultIfEmpty(0).Max() / 10 * 10) + 10 };
            meeting.Decisions.Add(decision);
        }
        else
        {
            db.ExpectVersion(decision, input.Version);
        }

        decision.Text = input.Text!.Trim();
        await db.SaveChangesAsync(ct);
        return decision;
    }

    public async Task<StepOutcome<Decision>> DeleteDecisionAsync(int decisionId, int version, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Refusal.Forbidden();
        }

        var decision = await db.Set<Decision>().SingleOrDefaultAsync(d => d.Id == decisionId, ct);
        if (decision is null)
        {
            return Refusal.NotFound;
        }

        if (await db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(i => i.DecisionId == decisionId, ct))
        {
            return Refusal.Conflict("Meetings.HasItems");
        }

        db.ExpectVersion(decision, version);
        db.Remove(decision);
        await db.SaveChangesAsync(ct);
        return decision;
    }

    /// <summary>The decision becomes a supervision item (source: meeting decision) for its lead unit.</summary>
    public async Task<StepOutcome<SupervisionItem>> AssignAsync(int decisionId, DecisionAssignInput input, CancellationToken ct)
    {
        if (!db.CurrentUser.IsInRole(Roles.SupervisionOffice))
        {
            return Refusal.Forbidden("Meetings.CannotAssign");
        }

        var decision = await db.Set<Decision>().Include(d => d.Meeting).SingleOrDefaultAsync(d => d.Id == decisionId, ct);
        if (decision is null)
        {
            return Refusal.NotFound;
        }

        var title = string.IsNullOrWhiteSpace(input.Title) ? decision.Text : input.Title.Trim();
        var coUnits = (input.CooperatingUnitIds ?? []).Where(u => u != input.UnitId).Distinct().ToList();
        var check = new Validation(t)
            .Require(await db.Set<Unit>().AnyAsync(u => u.Id == input.UnitId, ct), "unitId", "Meetings.LeadUnitRequired")
            .Require(await db.Set<Unit>().CountAsync(u => coUnits.Contains(u.Id), ct) == coUnits.Count, "cooperatingUnitIds", "Meetings.UnitUnknown")
            .Require(input.Deadline >= decision.Meeting!.Date, "deadline", "Meetings.DeadlineBeforeMeeting")
            .Require(Enum.IsDefined(input.Cadence), "cadence", "Meetings.CadenceInvalid");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var item = new SupervisionItem
        {
            CaseNumber = "",
            Title = title.Length <= 300 ? title : title[..300],
            Source = SupervisionSource.MeetingDecision,
            Basis = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{decision.Meeting.Title}（{decision.Meeting.Date:yyyy-MM-dd}）：{decision.Text}"),
            UnitId = input.UnitId,
            Deadline = input.Deadline,
            OriginalDeadline = input.Deadline,
            Cadence = input.Cadence,
            DecisionId = decision.Id,
        };
        item.CooperatingUnits.AddRange(coUnits.Select(u => new SupervisionCoUnit { UnitId = u }));
        await SupervisionAssignment.AssignAsync(db, item, db.CurrentUser.UserId, now, t, ct);
        await db.SaveChangesAsync(ct);
        return item;
    }
}
