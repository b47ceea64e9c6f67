namespace Blueprint.Web.Features.Access;

/// <summary>The separation rule every approval path applies.</summary>
public static class Approval
{
    /// <summary>A submitter can never approve or accept their own submission.</summary>
    public static bool CanApprove(int? submittedById, int? approverId) =>
        approverId is not null && submittedById != approverId;
}
