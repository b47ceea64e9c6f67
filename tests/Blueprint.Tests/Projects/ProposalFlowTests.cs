using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Proposals;

namespace Blueprint.Tests.Projects;

/// <summary>The proposal flow's rule table, on its own (decision 0018).</summary>
public sealed class ProposalFlowTests
{
    [Theory]
    [InlineData(LibraryStatus.Proposed, ProposalAction.Accept, ProposalActor.Office, LibraryStatus.InLibrary)]
    [InlineData(LibraryStatus.Proposed, ProposalAction.Return, ProposalActor.Office, LibraryStatus.Returned)]
    [InlineData(LibraryStatus.Returned, ProposalAction.Resubmit, ProposalActor.Proposer, LibraryStatus.Proposed)]
    public void Each_side_moves_the_proposal_only_at_its_turn(LibraryStatus from, ProposalAction action, ProposalActor actor, LibraryStatus to)
    {
        Assert.Equal(to, ProposalFlow.Next(from, action, actor));

        // Nobody else, and never at another moment.
        Assert.All(Enum.GetValues<ProposalActor>().Where(a => a != actor), other => Assert.Null(ProposalFlow.Next(from, action, other)));
        Assert.All(Enum.GetValues<LibraryStatus>().Where(s => s != from), other => Assert.Null(ProposalFlow.Next(other, action, actor)));
    }

    [Fact]
    public void A_project_in_the_library_has_no_proposal_action_left()
    {
        Assert.All(Enum.GetValues<ProposalActor>(), actor => Assert.Empty(ProposalFlow.Allowed(LibraryStatus.InLibrary, actor)));
        Assert.Equal([ProposalAction.Accept, ProposalAction.Return], ProposalFlow.Allowed(LibraryStatus.Proposed, ProposalActor.Office));
        Assert.Empty(ProposalFlow.Allowed(LibraryStatus.Proposed, ProposalActor.Proposer));
    }

    [Fact]
    public void Only_a_unit_proposes_and_edits_and_only_a_returned_proposal()
    {
        Assert.True(ProposalFlow.CanPropose(ProposalActor.Proposer));
        Assert.False(ProposalFlow.CanPropose(ProposalActor.Office));
        Assert.False(ProposalFlow.CanPropose(ProposalActor.Viewer));
        Assert.True(ProposalFlow.CanEdit(LibraryStatus.Returned, ProposalActor.Proposer));
        Assert.False(ProposalFlow.CanEdit(LibraryStatus.Proposed, ProposalActor.Proposer));
        Assert.False(ProposalFlow.CanEdit(LibraryStatus.Returned, ProposalActor.Office));
        Assert.True(ProposalFlow.NeedsReason(ProposalAction.Return));
        Assert.False(ProposalFlow.NeedsReason(ProposalAction.Accept));
    }
}
