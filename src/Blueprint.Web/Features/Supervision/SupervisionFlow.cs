using System.Text.Json.Serialization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>What a user asks to do with an item; every action writes one <see cref="SupervisionStep"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SupervisionAction
{
    Accept = 0,
    PushBack = 1,
    Feedback = 2,
    RequestExtension = 3,
    ApproveExtension = 4,
    RefuseExtension = 5,
    RequestClosure = 6,
    Close = 7,
    ReturnClosure = 8,

    /// <summary>The office rewords a pushed-back item and assigns it again.</summary>
    Reword = 9,

    /// <summary>The office accepts a push-back's explanation and closes the item.</summary>
    AcceptExplanation = 10,

    /// <summary>The office insists: the pushed-back item stands and counts as accepted.</summary>
    Insist = 11,

    /// <summary>催办: the office presses the lead unit with a message; the item stays as it is.</summary>
    Remind = 12,
}

/// <summary>How the acting user stands to an item (decided by <see cref="SupervisionAccess"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SupervisionActor
{
    /// <summary>Sees the item, may do nothing with it (leaders, administrators).</summary>
    Viewer = 0,
    Office = 1,
    Lead = 2,
    Cooperating = 3,
}

/// <summary>Why a lead unit pushes an item back.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SupervisionPushBackKind
{
    /// <summary>Asks the office to reword the assignment.</summary>
    Reword = 0,

    /// <summary>"Not a problem": an explanation is all that is needed.</summary>
    ExplanationOnly = 1,

    /// <summary>Cannot be solved at present.</summary>
    CannotSolveNow = 2,
}

/// <summary>
/// The flow of a supervision item as one table: status × action × actor → the next status, or
/// null when the action is not allowed. The API and the pages both ask this class, so what a
/// page offers and what the API accepts cannot drift apart. Pure: no I/O, no clock.
/// </summary>
public static class SupervisionFlow
{
    public static SupervisionStatus? Next(SupervisionStatus status, SupervisionAction action, SupervisionActor actor, bool extensionPending)
    {
        var open = status is SupervisionStatus.Accepted or SupervisionStatus.InProgress;
        return (action, actor) switch
        {
            (SupervisionAction.Accept, SupervisionActor.Lead) when status == SupervisionStatus.Assigned => SupervisionStatus.Accepted,
            (SupervisionAction.PushBack, SupervisionActor.Lead) when status == SupervisionStatus.Assigned => SupervisionStatus.PushedBack,
            (SupervisionAction.Reword, SupervisionActor.Office) when status == SupervisionStatus.PushedBack => SupervisionStatus.Assigned,
            (SupervisionAction.AcceptExplanation, SupervisionActor.Office) when status == SupervisionStatus.PushedBack => SupervisionStatus.Closed,
            (SupervisionAction.Insist, SupervisionActor.Office) when status == SupervisionStatus.PushedBack => SupervisionStatus.Accepted,

            // The lead unit's first feedback starts the work; a cooperating unit's feedback changes no status.
            (SupervisionAction.Feedback, SupervisionActor.Lead) when open => SupervisionStatus.InProgress,
            (SupervisionAction.Feedback, SupervisionActor.Cooperating) when open => status,

            // One extension request at a time; answering it changes the deadline, not the status.
            (SupervisionAction.RequestExtension, SupervisionActor.Lead) when open && !extensionPending => status,
            (SupervisionAction.ApproveExtension or SupervisionAction.RefuseExtension, SupervisionActor.Office) when extensionPending && status != SupervisionStatus.Closed => status,

            (SupervisionAction.RequestClosure, SupervisionActor.Lead) when open => SupervisionStatus.ClosureRequested,
            (SupervisionAction.Close, SupervisionActor.Office) when status == SupervisionStatus.ClosureRequested => SupervisionStatus.Closed,
            (SupervisionAction.ReturnClosure, SupervisionActor.Office) when status == SupervisionStatus.ClosureRequested => SupervisionStatus.InProgress,

            // While the item waits for the lead unit (to sign it, to work on it), the office may press it.
            (SupervisionAction.Remind, SupervisionActor.Office) when status == SupervisionStatus.Assigned || open => status,
            _ => null,
        };
    }

    /// <summary>The actions the actor may take now, in the order a page offers them.</summary>
    public static IReadOnlyList<SupervisionAction> Allowed(SupervisionStatus status, SupervisionActor actor, bool extensionPending) =>
        [.. Enum.GetValues<SupervisionAction>().Where(a => Next(status, a, actor, extensionPending) is not null)];

    /// <summary>Only the office edits an item's facts, and not once it is closed.</summary>
    public static bool CanEdit(SupervisionStatus status, SupervisionActor actor) =>
        actor == SupervisionActor.Office && status != SupervisionStatus.Closed;

    /// <summary>Actions that end or refuse something: the page asks for an explicit confirmation first.</summary>
    public static bool IsDestructive(SupervisionAction action) =>
        action is SupervisionAction.Close or SupervisionAction.ReturnClosure or SupervisionAction.RefuseExtension
            or SupervisionAction.AcceptExplanation or SupervisionAction.PushBack;

    /// <summary>Office answers and push-backs must say why; a feedback is its comment.</summary>
    public static bool NeedsComment(SupervisionAction action) =>
        action is not (SupervisionAction.Accept or SupervisionAction.Close or SupervisionAction.ApproveExtension);

    public static SupervisionStepKind StepKind(SupervisionAction action) => action switch
    {
        SupervisionAction.Accept => SupervisionStepKind.Accepted,
        SupervisionAction.PushBack => SupervisionStepKind.PushedBack,
        SupervisionAction.Feedback => SupervisionStepKind.Feedback,
        SupervisionAction.RequestExtension => SupervisionStepKind.ExtensionRequested,
        SupervisionAction.ApproveExtension => SupervisionStepKind.ExtensionApproved,
        SupervisionAction.RefuseExtension => SupervisionStepKind.ExtensionRefused,
        SupervisionAction.RequestClosure => SupervisionStepKind.ClosureRequested,
        SupervisionAction.Close => SupervisionStepKind.Closed,
        SupervisionAction.ReturnClosure => SupervisionStepKind.ClosureReturned,
        SupervisionAction.Reword => SupervisionStepKind.Reworded,
        SupervisionAction.AcceptExplanation => SupervisionStepKind.ExplanationAccepted,
        SupervisionAction.Remind => SupervisionStepKind.Reminded,
        _ => SupervisionStepKind.Insisted,
    };
}
