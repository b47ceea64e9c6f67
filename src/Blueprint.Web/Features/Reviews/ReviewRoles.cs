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

    /// <summary>Who may send a submission back: the offices, and the unit's own leader before approving it.</summary>
    public const string Returners = Reviewers + "," + Roles.UnitLeader;

    /// <summary>Who may comment: the commenters, and the unit's own leader on its submission.</summary>
    public const string CommentersWithUnitLeaders = Commenters + "," + Roles.UnitLeader;

    /// <summary>Who marks a problem or measure in a submission as an item to follow, or removes the mark.</summary>
    public const string Markers = Writers + "," + Reviewers;

    /// <summary>Who turns an item into a record: the offices (goal, indicator, supervision item) and the problem editors (a problem).</summary>
    public const string Converters = Reviewers + "," + Roles.UnitReporter + "," + Roles.UnitLeader;

    public static bool IsReviewer(this CurrentUser user) => Roles.Of(Reviewers).Any(user.IsInRole);

    public static bool IsCommenter(this CurrentUser user) => Roles.Of(Commenters).Any(user.IsInRole);

    public static bool IsWriter(this CurrentUser user) => Roles.Of(Writers).Any(user.IsInRole);
}
