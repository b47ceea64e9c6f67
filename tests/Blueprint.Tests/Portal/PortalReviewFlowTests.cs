using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Portal;

namespace Blueprint.Tests.Portal;

/// <summary>The publishing rule table (decision 0026), without a database.</summary>
public sealed class PortalReviewFlowTests
{
    [Fact]
    public void Only_another_office_member_decides_a_waiting_proposal()
    {
        foreach (var action in Enum.GetValues<PortalReviewAction>())
        {
            Assert.NotNull(PortalReviewFlow.Next(PortalReviewStatus.Pending, action, PortalReviewer.Reviewer));
            Assert.Null(PortalReviewFlow.Next(PortalReviewStatus.Pending, action, PortalReviewer.Proposer));
            Assert.Null(PortalReviewFlow.Next(PortalReviewStatus.Pending, action, PortalReviewer.Viewer));
            foreach (var decided in new[] { PortalReviewStatus.Approved, PortalReviewStatus.Refused, PortalReviewStatus.Withdrawn })
            {
                Assert.Null(PortalReviewFlow.Next(decided, action, PortalReviewer.Reviewer));
            }
        }

        Assert.Equal(PortalReviewStatus.Approved, PortalReviewFlow.Next(PortalReviewStatus.Pending, PortalReviewAction.Approve, PortalReviewer.Reviewer));
        Assert.Equal(PortalReviewStatus.Refused, PortalReviewFlow.Next(PortalReviewStatus.Pending, PortalReviewAction.Refuse, PortalReviewer.Reviewer));
        Assert.Equal([PortalReviewAction.Approve, PortalReviewAction.Refuse], PortalReviewFlow.Allowed(PortalReviewStatus.Pending, PortalReviewer.Reviewer));
        Assert.Empty(PortalReviewFlow.Allowed(PortalReviewStatus.Pending, PortalReviewer.Proposer));
    }

    [Fact]
    public void The_proposer_is_never_the_reviewer_and_outsiders_are_viewers()
    {
        Assert.Equal(PortalReviewer.Proposer, PortalReviewFlow.ActorOf(isOfficeMember: true, isProposer: true));
        Assert.Equal(PortalReviewer.Reviewer, PortalReviewFlow.ActorOf(isOfficeMember: true, isProposer: false));
        Assert.Equal(PortalReviewer.Viewer, PortalReviewFlow.ActorOf(isOfficeMember: false, isProposer: false));
    }

    [Fact]
    public void A_record_is_proposed_when_private_and_not_waiting_and_withdrawn_when_public()
    {
        Assert.True(PortalReviewFlow.CanPropose(isPublic: false, isPending: false, isKeeper: true));
        Assert.False(PortalReviewFlow.CanPropose(isPublic: true, isPending: false, isKeeper: true));
        Assert.False(PortalReviewFlow.CanPropose(isPublic: false, isPending: true, isKeeper: true));
        Assert.False(PortalReviewFlow.CanPropose(isPublic: false, isPending: false, isKeeper: false));
        Assert.True(PortalReviewFlow.CanWithdraw(isPublic: true, isOfficeMember: true));
        Assert.False(PortalReviewFlow.CanWithdraw(isPublic: false, isOfficeMember: true));
        Assert.False(PortalReviewFlow.CanWithdraw(isPublic: true, isOfficeMember: false));
        Assert.True(PortalReviewFlow.NeedsReason(PortalReviewAction.Refuse));
        Assert.False(PortalReviewFlow.NeedsReason(PortalReviewAction.Approve));
    }

    [Fact]
    public void The_keeping_office_proposes_and_either_office_reviews_never_an_administrator()
    {
        Assert.Equal([Roles.ProjectOffice], Roles.Of(PortalReviewFlow.Proposers(PublicKind.Project)));
        Assert.Equal([Roles.ProjectOffice], Roles.Of(PortalReviewFlow.Proposers(PublicKind.Goal)));
        Assert.Equal([Roles.ProjectOffice, Roles.SupervisionOffice], Roles.Of(PortalReviewFlow.Proposers(PublicKind.Milestone)));
        Assert.Equal([Roles.ProjectOffice, Roles.SupervisionOffice], Roles.Of(PortalReviewFlow.Reviewers));
        foreach (var kind in Enum.GetValues<PublicKind>())
        {
            Assert.DoesNotContain(Roles.Of(PortalReviewFlow.Proposers(kind)), Roles.IsAdministrator);
        }

        Assert.DoesNotContain(Roles.Of(PortalReviewFlow.Reviewers), Roles.IsAdministrator);
    }
}
