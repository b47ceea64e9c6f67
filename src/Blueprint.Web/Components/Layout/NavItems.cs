using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reader;

namespace Blueprint.Web.Components.Layout;

/// <summary>
/// One entry of the left navigation; <see cref="Key"/> names its resource strings (Nav.Key).
/// <see cref="Roles"/> (comma-separated) are those who may use it; null means every signed-in user.
/// </summary>
public sealed record NavItem(string Key, string Href, string? Roles = null)
{
    public bool IsFor(System.Security.Claims.ClaimsPrincipal user) =>
        Roles is null || Blueprint.Web.Features.Access.Roles.Of(Roles).Any(user.IsInRole);
}

/// <summary>A heading of the left navigation and the entries under it.</summary>
public sealed record NavGroup(string Key, IReadOnlyList<NavItem> Items);

/// <summary>
/// The left navigation by feature area, in one list so that the menu and the breadcrumbs
/// agree. A feature that adds deeper pages keeps its top-level entry here.
/// </summary>
public static class NavItems
{
    // The administrators (三员分立) do no business work, so its entries are not theirs.
    private const string Business = Roles.AnyBusiness;

    public static readonly IReadOnlyList<NavGroup> Groups =
    [
        new("Workbench", [new("Home", "/"), new("ToDo", "/todo", Business), new("Inbox", "/inbox"), new("Cockpit", "/cockpit", Business)]),
        new("Projects", [new("Projects", "/projects", Business), new("Proposals", "/projects/proposals", Roles.ProposalReaders), new("AnnualPlan", "/plans", Business), new("Progress", "/progress", Business), new("Problems", "/problems", Business)]),
        new("Goals", [new("Goals", "/goals", Business), new("Reviews", "/reviews", Business), new("Reader", "/reader", ReaderAccess.Users)]),
        new("Supervision", [new("Meetings", "/meetings", Business), new("Supervision", "/supervision", Business), new("SupervisionRankings", "/supervision/rankings", Business), new("SupervisionRed", "/supervision/red", Business)]),
        new("Results", [new("Milestones", "/milestones", Business), new("PortalReviews", "/portal/reviews", Features.Portal.PortalReviewFlow.Reviewers), new("Reports", "/reports", Business)]),
        new("System", [new("Units", "/units"), new("Audit", "/audit", Roles.AuditAdmin), new("Admin", "/admin", AccountAdmin.Keepers + "," + AccountSecurity.Keepers)]),
    ];

    /// <summary>The entry whose area contains the given app-relative path ("/projects/12" is under Projects).</summary>
    public static NavItem? Find(string path)
    {
        var items = Groups.SelectMany(g => g.Items).Where(i => i.Href != "/");
        // The longest match wins: /supervision/red is under its own entry, not under /supervision.
        return items.Where(i => path == i.Href || path.StartsWith(i.Href + "/", StringComparison.Ordinal))
            .MaxBy(i => i.Href.Length);
    }
}
