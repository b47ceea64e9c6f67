using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Reviews;

/// <summary>Who does what in a review campaign (the three administrators write no business data).</summary>
public static class ReviewRoles
{
    /// <summary>The offices that run the campaign, comment, return and accept.</summary>
    public const string Reviewers = Roles.ProjectOffice + "," + Roles.SupervisionOffice;

    /// <summary>City leaders read and comment as well.</summary>
    public const string Commenters = Reviewers + "," + Roles.Leader;

    /// <summary>The unit's own staff write the submission.</summary>
    public const string Writers = Roles.UnitReporter + "," + Roles.UnitLeader;

    public static bool IsReviewer(this CurrentUser user) => Roles.Of(Reviewers).Any(user.IsInRole);

    public static bool IsCommenter(this CurrentUser user) => Roles.Of(Commenters).Any(user.IsInRole);

    public static bool IsWriter(this CurrentUser user) => Roles.Of(Writers).Any(user.IsInRole);
}
