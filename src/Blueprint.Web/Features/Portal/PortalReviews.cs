using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Portal;

/// <summary>An office member asks for a record to be published, with a note for the reviewer.</summary>
public sealed record ProposePublishInput(PublicKind Kind, int Id, string? Note);

/// <summary>Another office member's decision on a proposal: approve, or refuse with a reason.</summary>
public sealed record PortalDecisionInput(PortalReviewAction Action, string? Reason, int Version);

/// <summary>Take a record off the portal, carrying the record's version the user saw.</summary>
public sealed record WithdrawInput(PublicKind Kind, int Id, int Version);

/// <summary>A record's state on the portal after a step.</summary>
public sealed record PublishedDto(PublicKind Kind, int Id, bool IsPublic, int Version);

/// <summary>
/// Publishing on the portal with a confidentiality review (保密审查, decision 0026): an office
/// member proposes a record, a different office member approves it (only then is it public) or
/// refuses it with a reason; any office member takes a record off the portal in one step. Each
/// step is an audited SaveChanges that carries its notices: the proposal tells the other office
/// members, the decision tells the proposer.
/// </summary>
public sealed class PortalReviews(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private bool IsOfficeMember => Roles.Of(PortalReviewFlow.Reviewers).Any(db.CurrentUser.IsInRole);

    /// <summary>
    /// The proposals the user is to review (待保密审查), oldest first: for an office member, those
    /// pending that someone else proposed, of records the user sees; for anyone else, none. For the to-do:
    /// ordered and projected already, so it composes with Count, Take and Select(_ => 1), not with a Where on the row.
    /// </summary>
    public static IQueryable<PortalReviewRowDto> PendingFor(BlueprintDb db, CurrentUser user) =>
        PortalReviewQueries.PendingFor(db, user);

    public async Task<StepOutcome<PortalReview>> ProposeAsync(ProposePublishInput input, CancellationToken ct)
    {
        // Looked up first (in the user's scope), so another unit's record is "not found", not "forbidden".
        var record = await FindAsync(input.Kind, input.Id, ct);
        if (record is null)
        {
            return Refusal.NotFound;
        }

        if (!Roles.Of(PortalReviewFlow.Proposers(input.Kind)).Any(db.CurrentUser.IsInRole))
        {
            return Refusal.Forbidden("PortalReviews.KeeperOnly");
        }

        var pending = await db.Set<PortalReview>().AnyAsync(r => r.Kind == input.Kind && r.RecordId == input.Id && r.Status == PortalReviewStatus.Pending, ct);
        if (!PortalReviewFlow.CanPropose(IsPublic(record), pending, isKeeper: true))
        {
            return Refusal.Conflict(pending ? "PortalReviews.AlreadyPending" : "PortalReviews.AlreadyPublic");
        }

        var note = input.Note?.Trim();
        var check = new Validation(t).Require((note?.Length ?? 0) <= PortalReviewConfiguration.TextLength, "note", "PortalReviews.NoteTooLong");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var review = new PortalReview
        {
            Kind = input.Kind,
            RecordId = input.Id,
            Status = PortalReviewStatus.Pending,
            Note = string.IsNullOrEmpty(note) ? null : note,
            ProposedById = db.CurrentUser.UserId ?? 0,
            ProposedAtUtc = Now,
        };
        db.Add(review);

        // The notice links to the review, so it is saved first; both in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Another member proposed the same record at the same moment: the one-pending index
            // (the table's only constraint a new row can break) kept theirs.
            await transaction.RollbackAsync(ct);
            db.Entry(review).State = EntityState.Detached;
            return Refusal.Conflict("PortalReviews.AlreadyPending");
        }

        await NotifyReviewersAsync(review, Title(record), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return review;
    }

    /// <summary>Approve (the record goes public) or refuse with a reason; never the proposer's own proposal.</summary>
    public async Task<StepOutcome<PortalReview>> DecideAsync(int id, PortalDecisionInput input, CancellationToken ct)
    {
        var review = await db.Set<PortalReview>().SingleOrDefaultAsync(r => r.Id == id, ct);
        var record = review is null ? null : await FindAsync(review.Kind, review.RecordId, ct);
        if (review is null || record is null)
        {
            return Refusal.NotFound;
        }

        var actor = PortalReviewFlow.ActorOf(IsOfficeMember, review.ProposedById == db.CurrentUser.UserId);
        var next = PortalReviewFlow.Next(review.Status, input.Action, actor);
        if (next is null)
        {
            return actor switch
            {
                PortalReviewer.Proposer => Refusal.Forbidden("PortalReviews.OwnProposal"),
                PortalReviewer.Reviewer => Refusal.Conflict("PortalReviews.NotNow"),
                _ => Refusal.Forbidden("PortalReviews.OfficeOnly"),
            };
        }

        var reason = input.Reason?.Trim();
        var check = new Validation(t)
            .Require(!PortalReviewFlow.NeedsReason(input.Action) || !string.IsNullOrEmpty(reason), "reason", "PortalReviews.ReasonRequired")
            .Require((reason?.Length ?? 0) <= PortalReviewConfiguration.TextLength, "reason", "PortalReviews.ReasonTooLong");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        db.ExpectVersion(review, input.Version);
        review.Status = next.Value;
        review.DecidedById = db.CurrentUser.UserId;
        review.DecidedAtUtc = Now;
        review.Reason = string.IsNullOrEmpty(reason) ? null : reason;
        if (next == PortalReviewStatus.Approved)
        {
            SetPublic(record, true);
        }

        var kind = new NoticeWord($"Portal.Kind.{review.Kind}");
        var (noticeKind, title) = next == PortalReviewStatus.Approved
            ? (NotificationKind.Approved, new NoticeText("PortalReviews.Notice.Approved", kind, Title(record)))
            : (NotificationKind.Returned, new NoticeText("PortalReviews.Notice.Refused", kind, Title(record), review.Reason!));
        Inbox.Notify(db, [review.ProposedById], noticeKind, title, t, Link(review.Id), $"portal-review:{review.Id}:{next}", Now);
        await db.SaveChangesAsync(ct);
        return review;
    }

    /// <summary>Takes a public record off the portal: one step, any office member (decision 0026).</summary>
    public async Task<StepOutcome<PublishedDto>> WithdrawAsync(WithdrawInput input, CancellationToken ct)
    {
        var record = await FindAsync(input.Kind, input.Id, ct);
        if (record is null)
        {
            return Refusal.NotFound;
        }

        if (!IsOfficeMember)
        {
            return Refusal.Forbidden("PortalReviews.OfficeOnly");
        }

        if (!PortalReviewFlow.CanWithdraw(IsPublic(record), IsOfficeMember))
        {
            return Refusal.Conflict("PortalReviews.NotPublic");
        }

        db.ExpectVersion(record, input.Version);
        SetPublic(record, false);
        var approved = await db.Set<PortalReview>()
            .Where(r => r.Kind == input.Kind && r.RecordId == input.Id && r.Status == PortalReviewStatus.Approved)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (approved is not null)
        {
            approved.Status = PortalReviewStatus.Withdrawn;
            approved.WithdrawnById = db.CurrentUser.UserId;
            approved.WithdrawnAtUtc = Now;
        }

        await db.SaveChangesAsync(ct);
        return new PublishedDto(input.Kind, input.Id, false, record.Version);
    }

    /// <summary>The record in the user's scope (a proposed project is outside the library, so not found either).</summary>
    private async Task<IVersioned?> FindAsync(PublicKind kind, int id, CancellationToken ct) => kind switch
    {
        PublicKind.Project => await db.Set<KeyProject>().SingleOrDefaultAsync(p => p.Id == id, ct),
        PublicKind.Goal => await db.Set<Goal>().SingleOrDefaultAsync(g => g.Id == id, ct),
        PublicKind.Milestone => await db.Set<Milestone>().SingleOrDefaultAsync(m => m.Id == id, ct),
        _ => null,
    };

    private static bool IsPublic(IVersioned record) => record switch
    {
        KeyProject p => p.IsPublic,
        Goal g => g.IsPublic,
        Milestone m => m.IsPublic,
        _ => false,
    };

    /// <summary>The only code that changes whether a record is public (besides the demo's seed).</summary>
    private static void SetPublic(IVersioned record, bool value)
    {
        switch (record)
        {
            case KeyProject p: p.IsPublic = value; break;
            case Goal g: g.IsPublic = value; break;
            case Milestone m: m.IsPublic = value; break;
        }
    }

    private static string Title(IVersioned record) => record switch
    {
        KeyProject p => $"{p.Code} {p.Name}",
        Goal g => g.Title,
        Milestone m => m.Title,
        _ => "",
    };

    public static string Link(int reviewId) => $"/portal/reviews/{reviewId}";

    /// <summary>Every member of either office but the proposer: any of them may review it.</summary>
    private async Task NotifyReviewersAsync(PortalReview review, string recordTitle, CancellationToken ct)
    {
        var users = new HashSet<int>(await Inbox.RoleUsers(db, [.. Roles.Of(PortalReviewFlow.Reviewers)]).Select(u => u.Id).ToListAsync(ct));

        users.Remove(review.ProposedById);
        var who = await db.Set<User>().Where(u => u.Id == review.ProposedById).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? db.CurrentUser.UserName ?? "";
        Inbox.Notify(db, users, NotificationKind.Submitted, new NoticeText("PortalReviews.Notice.Proposed", who, new NoticeWord($"Portal.Kind.{review.Kind}"), recordTitle), t,
            Link(review.Id), $"portal-review:{review.Id}:proposed", Now);
    }
}
