using Blueprint.Web.Data;
using Blueprint.Web.Features.Workflow;

namespace Blueprint.Tests.Workflow;

/// <summary>The one table of the approval path, read as the users meet it.</summary>
public sealed class SubmissionFlowTests
{
    private const SubmissionCapacity Reporter = SubmissionCapacity.Fill;
    private const SubmissionCapacity Leader = SubmissionCapacity.Fill | SubmissionCapacity.Approve;
    private const SubmissionCapacity Office = SubmissionCapacity.Fill | SubmissionCapacity.Approve | SubmissionCapacity.Accept;
    private const SubmissionCapacity Reviewer = SubmissionCapacity.Accept;

    public static TheoryData<SubmissionStatus, SubmissionAction, SubmissionCapacity, SubmissionStatus?> Table => new()
    {
        // The unit fills and submits drafts and returned records, nothing else.
        { SubmissionStatus.Draft, SubmissionAction.Submit, Reporter, SubmissionStatus.Submitted },
        { SubmissionStatus.Returned, SubmissionAction.Submit, Reporter, SubmissionStatus.Submitted },
        { SubmissionStatus.Returned, SubmissionAction.Edit, Reporter, SubmissionStatus.Returned },
        { SubmissionStatus.Submitted, SubmissionAction.Edit, Reporter, null },
        { SubmissionStatus.Accepted, SubmissionAction.Edit, Office, null },
        { SubmissionStatus.Draft, SubmissionAction.Submit, Reviewer, null },

        // Approve only what is submitted, and only with the leader's capacity.
        { SubmissionStatus.Submitted, SubmissionAction.Approve, Leader, SubmissionStatus.Approved },
        { SubmissionStatus.Submitted, SubmissionAction.Approve, Reporter, null },
        { SubmissionStatus.Draft, SubmissionAction.Approve, Leader, null },
        { SubmissionStatus.Approved, SubmissionAction.Approve, Office, null },

        // Accept only what the leader approved, and only as the office.
        { SubmissionStatus.Approved, SubmissionAction.Accept, Office, SubmissionStatus.Accepted },
        { SubmissionStatus.Approved, SubmissionAction.Accept, Reviewer, SubmissionStatus.Accepted },
        { SubmissionStatus.Approved, SubmissionAction.Accept, Leader, null },
        { SubmissionStatus.Submitted, SubmissionAction.Accept, Office, null },

        // The leader returns what waits for them; the office also what the leader approved.
        { SubmissionStatus.Submitted, SubmissionAction.Return, Leader, SubmissionStatus.Returned },
        { SubmissionStatus.Approved, SubmissionAction.Return, Leader, null },
        { SubmissionStatus.Approved, SubmissionAction.Return, Reviewer, SubmissionStatus.Returned },
        { SubmissionStatus.Submitted, SubmissionAction.Return, Reviewer, SubmissionStatus.Returned },
        { SubmissionStatus.Accepted, SubmissionAction.Return, Office, null },
        { SubmissionStatus.Submitted, SubmissionAction.Return, Reporter, null },

        // Accepted figures change only by a correction, which starts submitted.
        { SubmissionStatus.Accepted, SubmissionAction.Correct, Reporter, SubmissionStatus.Submitted },
        { SubmissionStatus.Approved, SubmissionAction.Correct, Office, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_status_action_and_capacity_has_one_answer(SubmissionStatus status, SubmissionAction action, SubmissionCapacity who, SubmissionStatus? next) =>
        Assert.Equal(next, SubmissionFlow.Next(status, action, who));

    [Fact]
    public void What_a_page_offers_is_what_the_table_allows()
    {
        Assert.Equal([SubmissionAction.Edit, SubmissionAction.Submit], SubmissionFlow.Allowed(SubmissionStatus.Returned, Reporter));
        Assert.Equal([SubmissionAction.Approve, SubmissionAction.Return], SubmissionFlow.Allowed(SubmissionStatus.Submitted, Leader));
        Assert.Equal([SubmissionAction.Accept, SubmissionAction.Return], SubmissionFlow.Allowed(SubmissionStatus.Approved, Office));
        Assert.Equal([SubmissionAction.Correct], SubmissionFlow.Allowed(SubmissionStatus.Accepted, Office));
        Assert.Empty(SubmissionFlow.Allowed(SubmissionStatus.Accepted, Reviewer));
    }

    [Fact]
    public void A_role_without_the_capacity_is_forbidden_and_not_merely_early()
    {
        Assert.False(SubmissionFlow.MayEver(SubmissionAction.Approve, Reporter));
        Assert.False(SubmissionFlow.MayEver(SubmissionAction.Submit, Reviewer));
        Assert.True(SubmissionFlow.MayEver(SubmissionAction.Return, Leader));
        Assert.True(SubmissionFlow.MayEver(SubmissionAction.Accept, Reviewer));
    }

    [Fact]
    public void The_three_kinds_give_their_roles_their_capacities()
    {
        Assert.Equal(["Reviews.CannotWrite", "Reviews.CannotReview"], [SubmissionKind.Review.Texts.Forbidden(SubmissionAction.Submit), SubmissionKind.Review.Texts.Forbidden(SubmissionAction.Accept)]);
        Assert.Equal("Progress.NotApproved", SubmissionKind.Progress.Texts.WrongStatus(SubmissionAction.Accept));
        Assert.DoesNotContain(Blueprint.Web.Features.Access.Roles.ProjectOffice, SubmissionKind.Review.Fillers);
        Assert.Contains(Blueprint.Web.Features.Access.Roles.ProjectOffice, SubmissionKind.Progress.Fillers);
    }
}
