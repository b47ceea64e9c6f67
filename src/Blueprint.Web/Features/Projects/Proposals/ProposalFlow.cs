using System.Text.Json.Serialization;

namespace Blueprint.Web.Features.Projects.Proposals;

/// <summary>What a user asks to do with a proposal; each writes one <see cref="ProjectProposalStep"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProposalAction
{
    /// <summary>The project office takes the project into the library (入库).</summary>
    Accept = 0,

    /// <summary>The project office sends it back with a reason (退回).</summary>
    Return = 1,

    /// <summary>The unit, having edited a returned proposal, proposes it again (重新申报).</summary>
    Resubmit = 2,
}

/// <summary>How the acting user stands to a proposal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProposalActor
{
    /// <summary>Sees it, may do nothing with it.</summary>
    Viewer = 0,

    /// <summary>The project office: decides.</summary>
    Office = 1,

    /// <summary>The proposing unit's staff (reporter or unit leader), within their units.</summary>
    Proposer = 2,
}

/// <summary>
/// The flow of a project proposal as one table (the shape of SupervisionFlow): status × action ×
/// actor → the next status, or null when the action is not allowed. The API and the pages both
/// ask it, so what a page offers and what the API accepts cannot drift apart. Pure.
/// </summary>
public static class ProposalFlow
{
    public static LibraryStatus? Next(LibraryStatus status, ProposalAction action, ProposalActor actor) => (action, actor) switch
    {
        (ProposalAction.Accept, ProposalActor.Office) when status == LibraryStatus.Proposed => LibraryStatus.InLibrary,
        (ProposalAction.Return, ProposalActor.Office) when status == LibraryStatus.Proposed => LibraryStatus.Returned,
        (ProposalAction.Resubmit, ProposalActor.Proposer) when status == LibraryStatus.Returned => LibraryStatus.Proposed,
        _ => null,
    };

    /// <summary>The actions the actor may take now, in the order a page offers them.</summary>
    public static IReadOnlyList<ProposalAction> Allowed(LibraryStatus status, ProposalActor actor) =>
        [.. Enum.GetValues<ProposalAction>().Where(a => Next(status, a, actor) is not null)];

    /// <summary>Only the proposing unit proposes; the office puts projects into the library itself.</summary>
    public static bool CanPropose(ProposalActor actor) => actor == ProposalActor.Proposer;

    /// <summary>A returned proposal is the unit's to edit (and resubmit); a waiting one stays as the office reads it.</summary>
    public static bool CanEdit(LibraryStatus status, ProposalActor actor) => Next(status, ProposalAction.Resubmit, actor) is not null;

    /// <summary>A return must say why, so the unit knows what to change.</summary>
    public static bool NeedsReason(ProposalAction action) => action == ProposalAction.Return;

    /// <summary>The office's decisions are asked to be confirmed on the page: accepting counts the project in every figure.</summary>
    public static bool NeedsConfirmation(ProposalAction action) => action is ProposalAction.Accept or ProposalAction.Return;

    public static ProposalStepKind StepKind(ProposalAction action) => action switch
    {
        ProposalAction.Accept => ProposalStepKind.Accepted,
        ProposalAction.Return => ProposalStepKind.Returned,
        _ => ProposalStepKind.Resubmitted,
    };
}
