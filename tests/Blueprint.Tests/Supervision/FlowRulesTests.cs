using Blueprint.Web.Features.Supervision;
using static Blueprint.Web.Features.Supervision.SupervisionAction;
using static Blueprint.Web.Features.Supervision.SupervisionActor;
using static Blueprint.Web.Features.Supervision.SupervisionStatus;

namespace Blueprint.Tests.Supervision;

/// <summary>The flow table, cell by cell: who may do what in which status, and where it leads.</summary>
public sealed class FlowRulesTests
{
    [Theory]
    [InlineData(Assigned, Accept, Lead, false, Accepted)]
    [InlineData(Assigned, PushBack, Lead, false, PushedBack)]
    [InlineData(PushedBack, Reword, Office, false, Assigned)]
    [InlineData(PushedBack, AcceptExplanation, Office, false, Closed)]
    [InlineData(PushedBack, Insist, Office, false, Accepted)]
    [InlineData(Accepted, Feedback, Lead, false, InProgress)]
    [InlineData(Accepted, Feedback, Cooperating, false, Accepted)]
    [InlineData(InProgress, Feedback, Cooperating, false, InProgress)]
    [InlineData(InProgress, RequestExtension, Lead, false, InProgress)]
    [InlineData(InProgress, ApproveExtension, Office, true, InProgress)]
    [InlineData(InProgress, RefuseExtension, Office, true, InProgress)]
    [InlineData(InProgress, RequestClosure, Lead, false, ClosureRequested)]
    [InlineData(ClosureRequested, Close, Office, false, Closed)]
    [InlineData(ClosureRequested, ReturnClosure, Office, false, InProgress)]
    [InlineData(Assigned, Remind, Office, false, Assigned)]
    [InlineData(InProgress, Remind, Office, true, InProgress)]
    public void Allowed_steps_lead_to_the_next_status(SupervisionStatus status, SupervisionAction action, SupervisionActor actor, bool pending, SupervisionStatus next) =>
        Assert.Equal(next, SupervisionFlow.Next(status, action, actor, pending));

    [Theory]
    [InlineData(Assigned, Accept, Office, false)]          // the office does not accept for the unit
    [InlineData(Assigned, Accept, Cooperating, false)]     // only the lead unit accepts
    [InlineData(Assigned, Feedback, Lead, false)]          // feedback starts after acceptance
    [InlineData(InProgress, Close, Office, false)]         // closing needs a closure request
    [InlineData(ClosureRequested, Close, Lead, false)]     // a unit cannot close its own item
    [InlineData(InProgress, RequestExtension, Lead, true)] // one pending extension at a time
    [InlineData(InProgress, ApproveExtension, Office, false)]
    [InlineData(InProgress, RequestClosure, Cooperating, false)]
    [InlineData(Closed, Feedback, Lead, false)]
    [InlineData(Closed, ApproveExtension, Office, true)]
    [InlineData(InProgress, Feedback, Viewer, false)]
    [InlineData(PushedBack, Reword, Lead, false)]
    [InlineData(InProgress, Remind, Lead, false)]          // only the office presses (催办)
    [InlineData(ClosureRequested, Remind, Office, false)]  // the item waits for the office itself
    [InlineData(Closed, Remind, Office, false)]
    public void Other_steps_are_refused(SupervisionStatus status, SupervisionAction action, SupervisionActor actor, bool pending) =>
        Assert.Null(SupervisionFlow.Next(status, action, actor, pending));

    [Fact]
    public void A_page_offers_exactly_what_the_table_allows()
    {
        Assert.Equal([Accept, PushBack], SupervisionFlow.Allowed(Assigned, Lead, false));
        Assert.Equal([Feedback, RequestExtension, RequestClosure], SupervisionFlow.Allowed(InProgress, Lead, false));
        Assert.Equal([Feedback, RequestClosure], SupervisionFlow.Allowed(InProgress, Lead, true));
        Assert.Equal([ApproveExtension, RefuseExtension, Remind], SupervisionFlow.Allowed(InProgress, Office, true));
        Assert.Equal([Feedback], SupervisionFlow.Allowed(InProgress, Cooperating, false));
        Assert.Empty(SupervisionFlow.Allowed(InProgress, Viewer, true));
        Assert.Empty(SupervisionFlow.Allowed(Closed, Office, false));
    }
}
