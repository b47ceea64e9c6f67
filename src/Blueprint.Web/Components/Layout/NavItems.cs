namespace Blueprint.Web.Components.Layout;

/// <summary>One entry of the left navigation; <see cref="Key"/> names its resource strings (Nav.Key).</summary>
public sealed record NavItem(string Key, string Href);

/// <summary>A heading of the left navigation and the entries under it.</summary>
public sealed record NavGroup(string Key, IReadOnlyList<NavItem> Items);

/// <summary>
/// The left navigation by feature area, in one list so that the menu and the breadcrumbs
/// agree. A feature that adds deeper pages keeps its top-level entry here.
/// </summary>
public static class NavItems
{
    public static readonly IReadOnlyList<NavGroup> Groups =
    [
        new("Workbench", [new("Home", "/"), new("Inbox", "/inbox"), new("Cockpit", "/cockpit")]),
        new("Projects", [new("Projects", "/projects"), new("AnnualPlan", "/plans"), new("Progress", "/progress"), new("Problems", "/problems")]),
        new("Goals", [new("Goals", "/goals"), new("Reviews", "/reviews"), new("Reader", "/reader")]),
        new("Supervision", [new("Meetings", "/meetings"), new("Supervision", "/supervision"), new("SupervisionRankings", "/supervision/rankings"), new("SupervisionRed", "/supervision/red")]),
        new("Results", [new("Milestones", "/milestones"), new("Reports", "/reports")]),
        new("System", [new("Units", "/units"), new("Audit", "/audit"), new("Admin", "/admin")]),
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
