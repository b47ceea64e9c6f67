using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// One step of the flow. <see cref="Comment"/> is the feedback text, the push-back's or the
/// request's reason, or the office's answer. <see cref="Title"/> and <see cref="Basis"/> are the new
/// wording when the office rewords; <see cref="RequestedDeadline"/> belongs to an extension request.
/// </summary>
public sealed record SupervisionActionInput(
    SupervisionAction Action, string? Comment, int Version, SupervisionPushBackKind? PushBackKind = null,
    DateOnly? RequestedDeadline = null, string? Title = null, string? Basis = null);

/// <summary>A refused action: field errors, or a problem (404, 403, 409).</summary>
public sealed record ActionRefusal(Dictionary<string, string[]>? Errors, ProblemHttpResult? Problem);

/// <summary>
/// Runs one action of <see cref="SupervisionFlow"/> on an item for the API and the pages alike:
/// who may, whether now, what changes, the history step and the inbox entries. A stale version
/// throws <see cref="DbUpdateConcurrencyException"/> (409).
/// </summary>
public static class SupervisionActions
{
    public static async Task<ActionRefusal?> RunAsync(
        BlueprintDb db, int itemId, SupervisionActionInput input, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var item = await SupervisionAccess.FindAsync(db, itemId, ct);
        if (item is null)
        {
            return new(null, Problems.NotFound(t));
        }

        var (actor, actingUnit) = await SupervisionAccess.ActorAsync(db, item, ct);
        var pending = await db.Set<ExtensionRequest>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(e => e.SupervisionItemId == item.Id && e.Status == ExtensionStatus.Pending).OrderBy(e => e.Id).FirstOrDefaultAsync(ct);
        if (SupervisionFlow.Next(item.Status, input.Action, actor, pending is not null) is not { } next)
        {
            // Never allowed for this actor: 403; allowed, but not in this status: 409.
            var ever = Enum.GetValues<SupervisionStatus>().Any(s => SupervisionFlow.Next(s, input.Action, actor, true) is not null || SupervisionFlow.Next(s, input.Action, actor, false) is not null);
            return new(null, ever ? Problems.Conflict(t, "Supervision.NotNow") : Problems.Forbidden(t, "Supervision.NotYourAction"));
        }

        var check = Validate(input, item, t);
        if (!check.IsValid)
        {
            return new(check.Errors, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var userId = db.CurrentUser.UserId;
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();

        // A cooperating unit's feedback leaves the item as it is (and outside its write scope).
        if (actor != SupervisionActor.Cooperating)
        {
            db.ExpectVersion(item, input.Version);
        }

        var step = new SupervisionStep
        {
            Item = item,
            UnitId = actingUnit,
            Kind = SupervisionFlow.StepKind(input.Action),
            ActorId = userId,
            Comment = comment,
            PushBackKind = input.Action == SupervisionAction.PushBack ? input.PushBackKind : null,
            AtUtc = now,
        };
        db.Add(step);
        Apply(db, item, input, next, pending, actingUnit, userId ?? 0, comment, now);

        // The step's id is the dedup key of its notifications, so the step is saved first; one
        // transaction keeps step, change and notifications together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await NotifyAsync(db, item, input.Action, step, now, t, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    private static Validation Validate(SupervisionActionInput input, SupervisionItem item, IStringLocalizer<SharedResource> t) =>
        new Validation(t)
            .Require(!SupervisionFlow.NeedsComment(input.Action) || !string.IsNullOrWhiteSpace(input.Comment), "comment", "Supervision.CommentRequired")
            .Require((input.Comment?.Length ?? 0) <= 2000, "comment", "Supervision.CommentTooLong")
            .Require(input.Action != SupervisionAction.PushBack || input.PushBackKind is { } k && Enum.IsDefined(k), "pushBackKind", "Supervision.PushBackKindRequired")
            .Require(input.Action != SupervisionAction.RequestExtension || input.RequestedDeadline is not null, "requestedDeadline", "Supervision.RequestedDeadlineRequired")
            .Require(input.Action != SupervisionAction.RequestExtension || input.RequestedDeadline is not { } d || d > item.Deadline, "requestedDeadline", "Supervision.RequestedDeadlineLater")
            .Require(input.Action != SupervisionAction.Reword || input.Title is null || (input.Title.Trim().Length is > 0 and <= 300), "title", "Supervision.TitleRequired")
            .Require(input.Action != SupervisionAction.Reword || (input.Basis?.Length ?? 0) <= 4000, "basis", "Supervision.BasisTooLong");

    private static void Apply(BlueprintDb db, SupervisionItem item, SupervisionActionInput input, SupervisionStatus next, ExtensionRequest? pending,
        int actingUnit, int userId, string? comment, DateTime now)
    {
        item.Status = next;
        switch (input.Action)
        {
            case SupervisionAction.Feedback:
                db.Add(new SupervisionFeedback { Item = item, UnitId = actingUnit, AuthorId = userId, Text = comment!, CreatedAtUtc = now });
                break;
            case SupervisionAction.RequestExtension:
                db.Add(new ExtensionRequest { Item = item, UnitId = item.UnitId, RequestedDeadline = input.RequestedDeadline!.Value, Reason = comment!, RequestedById = userId });
                break;
            case SupervisionAction.ApproveExtension:
                // The first deadline is kept; only the deadline in force moves.
                item.OriginalDeadline ??= item.Deadline;
                item.Deadline = pending!.RequestedDeadline;
                Decide(pending, ExtensionStatus.Approved, userId, comment);
                break;
            case SupervisionAction.RefuseExtension:
                Decide(pending!, ExtensionStatus.Refused, userId, comment);
                break;
            case SupervisionAction.Close or SupervisionAction.AcceptExplanation:
                item.ClosedAtUtc = now;
                break;
            case SupervisionAction.Reword:
                item.Title = string.IsNullOrWhiteSpace(input.Title) ? item.Title : input.Title.Trim();
                item.Basis = input.Basis is null ? item.Basis : string.IsNullOrWhiteSpace(input.Basis) ? null : input.Basis.Trim();
                break;
        }
    }

    private static void Decide(ExtensionRequest request, ExtensionStatus status, int userId, string? comment)
    {
        request.Status = status;
        request.DecidedById = userId;
        request.DecisionComment = comment;
    }

    /// <summary>A push-back goes to the supervision office; the office's answers and its 催办 go to the lead unit.</summary>
    private static async Task NotifyAsync(BlueprintDb db, SupervisionItem item, SupervisionAction action, SupervisionStep step, DateTime now,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var link = $"/supervision/{item.Id}";
        var key = $"sup-step:{step.Id}";
        (NotificationKind Kind, NoticeText Text)? toLead = action switch
        {
            SupervisionAction.ReturnClosure => (NotificationKind.Returned, new NoticeText("Supervision.Notice.ClosureReturned", item.Title)),
            SupervisionAction.Close => (NotificationKind.Approved, new NoticeText("Supervision.Notice.Closed", item.Title)),
            SupervisionAction.AcceptExplanation => (NotificationKind.Approved, new NoticeText("Supervision.Notice.ExplanationAccepted", item.Title)),
            SupervisionAction.ApproveExtension => (NotificationKind.ExtensionAnswered, new NoticeText("Supervision.Notice.ExtensionApproved", item.Title)),
            SupervisionAction.RefuseExtension => (NotificationKind.ExtensionAnswered, new NoticeText("Supervision.Notice.ExtensionRefused", item.Title)),
            SupervisionAction.Reword => (NotificationKind.NewAssignment, new NoticeText("Supervision.Notice.Reworded", item.Title)),
            SupervisionAction.Insist => (NotificationKind.Returned, new NoticeText("Supervision.Notice.Insisted", item.Title)),
            SupervisionAction.Remind => (NotificationKind.Reminder, new NoticeText("Supervision.Notice.Reminded", item.CaseNumber, item.Title, step.Comment ?? "")),
            _ => null,
        };
        if (toLead is { } n)
        {
            await Inbox.NotifyUnitAsync(db, item.UnitId, n.Kind, n.Text, t, link, key, now, ct);
        }
        else if (action == SupervisionAction.PushBack)
        {
            Inbox.Notify(db, await Inbox.RoleUsers(db, Roles.SupervisionOffice).Select(u => u.Id).ToListAsync(ct), NotificationKind.General,
                new NoticeText("Supervision.Notice.PushedBack", item.Title), t, link, key, now);
        }
    }
}
