using Blueprint.Web.Features.Access;

namespace Blueprint.Tests.Access;

public sealed class ApprovalTests
{
    [Theory]
    [InlineData(7, 7, false)]
    [InlineData(7, 8, true)]
    [InlineData(null, 8, true)]
    [InlineData(7, null, false)]
    public void A_submitter_never_approves_their_own_submission(int? submittedBy, int? approver, bool allowed) =>
        Assert.Equal(allowed, Approval.CanApprove(submittedBy, approver));
}
