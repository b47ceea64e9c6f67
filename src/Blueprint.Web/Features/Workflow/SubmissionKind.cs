using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Workflow;

/// <summary>The resource keys a kind of submission answers with when a step is refused.</summary>
public sealed record SubmissionTexts(
    string CannotFill, string CannotApprove, string CannotAccept, string CannotReturn,
    string NotEditable, string NotSubmitted, string NotApproved, string NotReturnable,
    string CorrectOnlyAccepted, string CommentRequired)
{
    /// <summary>The keys <c>{prefix}.CannotFill</c>, <c>{prefix}.NotSubmitted</c>... of one feature.</summary>
    public static SubmissionTexts For(string prefix) => new(
        $"{prefix}.CannotFill", $"{prefix}.CannotApprove", $"{prefix}.CannotAccept", $"{prefix}.CannotReturn",
        $"{prefix}.NotEditable", $"{prefix}.NotSubmitted", $"{prefix}.NotApproved", $"{prefix}.NotReturnable",
        $"{prefix}.CorrectOnlyAccepted", $"{prefix}.CommentRequired");

    /// <summary>The 403 message: the user may never do this to this kind.</summary>
    public string Forbidden(SubmissionAction action) => action switch
    {
        SubmissionAction.Approve => CannotApprove,
        SubmissionAction.Accept => CannotAccept,
        SubmissionAction.Return => CannotReturn,
        _ => CannotFill,
    };

    /// <summary>The 409 message: not in this status.</summary>
    public string WrongStatus(SubmissionAction action) => action switch
    {
        SubmissionAction.Approve => NotSubmitted,
        SubmissionAction.Accept => NotApproved,
        SubmissionAction.Return => NotReturnable,
        SubmissionAction.Correct => CorrectOnlyAccepted,
        _ => NotEditable,
    };
}

/// <summary>
/// One kind of submission: who fills, approves and accepts it, and the words it refuses with.
/// The path itself is the same for all (<see cref="SubmissionFlow"/>).
/// </summary>
public sealed record SubmissionKind(string Name, SubmissionTexts Texts, string[] Fillers, string[] Approvers, string[] Acceptors, int MaxComment)
{
    /// <summary>月度进度: the unit fills, its leader approves, the project office accepts (and may do all three).</summary>
    public static readonly SubmissionKind Progress = new("Progress", SubmissionTexts.For("Progress"),
        [Roles.UnitReporter, Roles.UnitLeader, Roles.ProjectOffice], [Roles.UnitLeader, Roles.ProjectOffice], [Roles.ProjectOffice], 1000);

    /// <summary>指标数值: the same hands as the monthly progress.</summary>
    public static readonly SubmissionKind IndicatorValue = new("Indicators", SubmissionTexts.For("Indicators"),
        [Roles.UnitReporter, Roles.UnitLeader, Roles.ProjectOffice], [Roles.UnitLeader, Roles.ProjectOffice], [Roles.ProjectOffice], 1000);

    /// <summary>年度回顾: the unit writes, its leader approves, either office reviews.</summary>
    public static readonly SubmissionKind Review = new("Reviews",
        SubmissionTexts.For("Reviews") with { CannotFill = "Reviews.CannotWrite", CannotAccept = "Reviews.CannotReview" },
        Roles.Of(ReviewRoles.Writers), [Roles.UnitLeader], Roles.Of(ReviewRoles.Reviewers), 4000);

    public SubmissionCapacity CapacityOf(CurrentUser user) =>
        (Fillers.Any(user.IsInRole) ? SubmissionCapacity.Fill : 0)
        | (Approvers.Any(user.IsInRole) ? SubmissionCapacity.Approve : 0)
        | (Acceptors.Any(user.IsInRole) ? SubmissionCapacity.Accept : 0);
}

/// <summary>How a submission is named in an inbox, and where it is dealt with.</summary>
public sealed record NoticeSubject(string Title, string Link);
