using System.Text.Json.Serialization;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Milestones;

namespace Blueprint.Web.Features.Portal;

/// <summary>What a reviewer decides on a proposal to publish.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum PortalReviewAction
{
    /// <summary>保密审查通过: the record goes on the portal.</summary>
    Approve = 0,

    /// <summary>Not approved, with a reason: the record stays off the portal.</summary>
    Refuse = 1,
}

/// <summary>How the acting user stands to one proposal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum PortalReviewer
{
    /// <summary>Not an office member: may do nothing with it.</summary>
    Viewer = 0,

    /// <summary>The office member who proposed it: never reviews it.</summary>
    Proposer = 1,

    /// <summary>Any other office member: reviews it.</summary>
    Reviewer = 2,
}

/// <summary>
/// Publishing on the portal as one table (the shape of SupervisionFlow and ProposalFlow): a
/// proposal's status × action × actor → the next status, or null when not allowed; and who may
/// propose or withdraw a record. Pages and API ask the same functions. Pure. Decision 0026.
/// </summary>
public static class PortalReviewFlow
{
    /// <summary>Who may review a proposal (保密审查) and take a record off the portal: a member of either office.</summary>
    public const string Reviewers = Roles.Offices;

    public static PortalReviewStatus? Next(PortalReviewStatus status, PortalReviewAction action, PortalReviewer actor) => (action, actor) switch
    {
        (PortalReviewAction.Approve, PortalReviewer.Reviewer) when status == PortalReviewStatus.Pending => PortalReviewStatus.Approved,
        (PortalReviewAction.Refuse, PortalReviewer.Reviewer) when status == PortalReviewStatus.Pending => PortalReviewStatus.Refused,
        _ => null,
    };

    /// <summary>The actions the actor may take now, in the order a page offers them.</summary>
    public static IReadOnlyList<PortalReviewAction> Allowed(PortalReviewStatus status, PortalReviewer actor) =>
        [.. Enum.GetValues<PortalReviewAction>().Where(a => Next(status, a, actor) is not null)];

    /// <summary>A second pair of eyes: an office member other than the one who proposed it.</summary>
    public static PortalReviewer ActorOf(bool isOfficeMember, bool isProposer) =>
        !isOfficeMember ? PortalReviewer.Viewer : isProposer ? PortalReviewer.Proposer : PortalReviewer.Reviewer;

    /// <summary>The office that keeps a record proposes it: the project office its projects and goals, either office a milestone.</summary>
    public static string Proposers(PublicKind kind) => kind == PublicKind.Milestone ? MilestoneRecords.Editors : Roles.ProjectOffice;

    /// <summary>A record is proposed when it is neither public nor already waiting for a review.</summary>
    public static bool CanPropose(bool isPublic, bool isPending, bool isKeeper) => isKeeper && !isPublic && !isPending;

    /// <summary>Taking a record off the portal is one step of any office member (it can only reduce what the public sees).</summary>
    public static bool CanWithdraw(bool isPublic, bool isOfficeMember) => isOfficeMember && isPublic;

    /// <summary>A refusal says why, so the proposer knows what to change.</summary>
    public static bool NeedsReason(PortalReviewAction action) => action == PortalReviewAction.Refuse;

    /// <summary>An approval is confirmed on the page: the reviewer declares the content fit for the public.</summary>
    public static bool NeedsConfirmation(PortalReviewAction action) => action == PortalReviewAction.Approve;
}
