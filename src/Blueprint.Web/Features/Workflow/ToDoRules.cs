using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>The to-do's pure rules: who a step waits for, when it is due, the order and the words. No I/O.</summary>
public static class ToDoRules
{
    /// <summary>Most urgent first: the earliest deadline (so the latest entry) leads; entries without one come last. Stable, so each source keeps its own order.</summary>
    public static IEnumerable<ToDoEntry> Urgent(IEnumerable<ToDoEntry> entries) =>
        entries.OrderBy(e => e.Deadline is null).ThenBy(e => e.Deadline).ThenBy(e => e.Kind);

    /// <summary>
    /// The step of a kind's path that waits for the user, and the statuses in which it does:
    /// the last capacity the user holds (accept, else approve, else fill), asked of the one
    /// table. Null when the user holds none.
    /// </summary>
    public static (ToDoStep Step, SubmissionStatus[] Statuses)? Duty(SubmissionKind kind, CurrentUser user)
    {
        var who = kind.CapacityOf(user);
        (ToDoStep Step, SubmissionAction Action, SubmissionCapacity Capacity)? duty =
            who.HasFlag(SubmissionCapacity.Accept) ? (ToDoStep.Accept, SubmissionAction.Accept, SubmissionCapacity.Accept)
            : who.HasFlag(SubmissionCapacity.Approve) ? (ToDoStep.Approve, SubmissionAction.Approve, SubmissionCapacity.Approve)
            : who.HasFlag(SubmissionCapacity.Fill) ? (ToDoStep.Fill, SubmissionAction.Submit, SubmissionCapacity.Fill)
            : null;
        return duty is { } d
            ? (d.Step, [.. Enum.GetValues<SubmissionStatus>().Where(s => SubmissionFlow.Next(s, d.Action, d.Capacity) is not null)])
            : null;
    }

    /// <summary>
    /// The proposal statuses that wait for the actor, from the proposal flow's table
    /// (<see cref="ProposalFlow.Allowed"/>), and the step: the office decides a waiting proposal,
    /// the unit revises and resubmits a returned one.
    /// </summary>
    public static (ToDoStep Step, LibraryStatus[] Statuses)? ProposalDuty(ProposalActor actor) =>
        actor == ProposalActor.Viewer
            ? null
            : (actor == ProposalActor.Office ? ToDoStep.Accept : ToDoStep.Fill,
                [.. Enum.GetValues<LibraryStatus>().Where(s => ProposalFlow.Allowed(s, actor).Count > 0)]);

    /// <summary>
    /// What a supervision item asks of the actor now, from the flow's table
    /// (<see cref="SupervisionFlow.Allowed"/>): the office decides a closure request before an
    /// extension request before a push-back; the lead unit signs for a new item, then feeds back
    /// (feedback, extension and closure requests are all its way forward); a cooperating unit
    /// feeds back. Null when the actor has nothing to do.
    /// </summary>
    public static ToDoStep? SupervisionStep(SupervisionStatus status, SupervisionActor actor, bool extensionPending)
    {
        // 催办 is the office's option while an item waits for its lead unit, never a step the item waits for.
        var steps = SupervisionFlow.Allowed(status, actor, extensionPending).Where(a => a != SupervisionAction.Remind).Select(StepOf).ToHashSet();
        return SupervisionPriority.Where(steps.Contains).Cast<ToDoStep?>().FirstOrDefault();
    }

    /// <summary>The statuses in which an item asks something of the actor (with or without an extension request pending).</summary>
    public static SupervisionStatus[] SupervisionStatuses(SupervisionActor actor, bool extensionPending) =>
        [.. Enum.GetValues<SupervisionStatus>().Where(s => SupervisionStep(s, actor, extensionPending) is not null)];

    private static readonly ToDoStep[] SupervisionPriority =
        [ToDoStep.Closure, ToDoStep.Extension, ToDoStep.PushBack, ToDoStep.Sign, ToDoStep.Feedback];

    private static ToDoStep StepOf(SupervisionAction action) => action switch
    {
        SupervisionAction.Accept or SupervisionAction.PushBack => ToDoStep.Sign,
        SupervisionAction.Feedback or SupervisionAction.RequestExtension or SupervisionAction.RequestClosure => ToDoStep.Feedback,
        SupervisionAction.ApproveExtension or SupervisionAction.RefuseExtension => ToDoStep.Extension,
        SupervisionAction.Close or SupervisionAction.ReturnClosure => ToDoStep.Closure,
        _ => ToDoStep.PushBack, // Reword, AcceptExplanation, Insist
    };

    /// <summary>
    /// When the lead unit's feedback is due: a feedback missed (late since its due date), else
    /// the next one owed, else the item's deadline (all feedback given: what remains is to finish).
    /// </summary>
    public static DateOnly FeedbackDue(DateOnly start, DateOnly deadline, FeedbackCadence cadence, IReadOnlyCollection<DateOnly> leadFeedbackDays, DateOnly today) =>
        SupervisionLights.MissedDue(start, deadline, cadence, leadFeedbackDays, today)
        ?? SupervisionLights.NextUnansweredDue(start, deadline, cadence, leadFeedbackDays, today)
        ?? deadline;

    /// <summary>
    /// When an indicator value is due: by the end of the month after its period ends (monthly
    /// and quarterly statistics are published in the following month; a year's figure by the
    /// end of January). Indicator values have no reporting window, so this is the to-do's own
    /// rule (decision 0022).
    /// </summary>
    public static DateOnly IndicatorValueDue(int year, ScheduleProfile profile, int period) =>
        new DateOnly(year, PeriodEndMonth(profile, period), 1).AddMonths(2).AddDays(-1);

    /// <summary>Whether a period is over on <paramref name="today"/> (its last day has passed), so its value is owed.</summary>
    public static bool PeriodEnded(int year, ScheduleProfile profile, int period, DateOnly today) =>
        new DateOnly(year, PeriodEndMonth(profile, period), 1).AddMonths(1) <= today;

    /// <summary>The last month of a period: March for the first quarter, December for the year.</summary>
    public static int PeriodEndMonth(ScheduleProfile profile, int period) => profile switch
    {
        ScheduleProfile.Monthly => period,
        ScheduleProfile.Quarterly => period * 3,
        _ => 12,
    };

    public static int? DaysLate(DateOnly? deadline, DateOnly today) => deadline is { } d ? today.DayNumber - d.DayNumber : null;

    /// <summary>"逾期3天" / "今天到期" / "还剩5天", or null without a deadline.</summary>
    public static string? DueText(IStringLocalizer<SharedResource> t, int? daysLate) => daysLate switch
    {
        null => null,
        > 0 => t["ToDo.Late", daysLate].Value,
        0 => t["ToDo.DueToday"].Value,
        _ => t["ToDo.Left", -daysLate].Value,
    };

    /// <summary>The colour of the due tag: red when late, yellow within 3 days (as a supervision item's light), else neutral.</summary>
    public static string DueTag(int? daysLate) => daysLate switch
    {
        > 0 => "tag-red",
        >= -3 => "tag-yellow",
        _ => "tag-neutral",
    };

    /// <summary>The word for a step; a review is written and reviewed rather than filled and accepted.</summary>
    public static string StepText(IStringLocalizer<SharedResource> t, ToDoKind kind, ToDoStep step) => (kind, step) switch
    {
        (ToDoKind.Review, ToDoStep.Fill) => t["ToDo.Step.Write"],
        (ToDoKind.Review, ToDoStep.Accept) => t["ToDo.Step.Review"],
        (ToDoKind.Proposal, ToDoStep.Accept) => t["ToDo.Step.DecideProposal"],
        (ToDoKind.Proposal, ToDoStep.Fill) => t["ToDo.Step.Resubmit"],
        (ToDoKind.Portal, _) => t["ToDo.Step.SecrecyReview"],
        _ => t[$"ToDo.Step.{step}"],
    };
}
