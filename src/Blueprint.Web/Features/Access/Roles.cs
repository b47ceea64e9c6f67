namespace Blueprint.Web.Features.Access;

/// <summary>The roles of PRODUCT.md. The three administrators are separated (三员分立).</summary>
public static class Roles
{
    public const string Leader = "Leader";
    public const string ProjectOffice = "ProjectOffice";
    public const string SupervisionOffice = "SupervisionOffice";
    public const string UnitReporter = "UnitReporter";
    public const string UnitLeader = "UnitLeader";
    public const string SystemAdmin = "SystemAdmin";
    public const string SecurityAdmin = "SecurityAdmin";
    public const string AuditAdmin = "AuditAdmin";

    public static readonly IReadOnlyList<string> All =
        [Leader, ProjectOffice, SupervisionOffice, UnitReporter, UnitLeader, SystemAdmin, SecurityAdmin, AuditAdmin];

    /// <summary>Roles that run the city-wide offices and may edit city-level records (no administrator: they write no business data).</summary>
    public const string Offices = ProjectOffice + "," + SupervisionOffice;

    /// <summary>The three separated administrators (三员).</summary>
    public static readonly IReadOnlyList<string> Administrators = [SystemAdmin, SecurityAdmin, AuditAdmin];

    /// <summary>The roles that do the city's work; an administrator holds none of them.</summary>
    public const string AnyBusiness = Leader + "," + ProjectOffice + "," + SupervisionOffice + "," + UnitReporter + "," + UnitLeader;

    public static readonly IReadOnlyList<string> Business = Of(AnyBusiness);

    public static bool IsAdministrator(string role) => Administrators.Contains(role);

    /// <summary>Who keeps the project library: the office and the units' own staff.</summary>
    public const string ProjectEditors = ProjectOffice + "," + UnitReporter + "," + UnitLeader;

    /// <summary>
    /// Who proposes projects (项目申报): a unit's staff. What they create waits for the project
    /// office, which alone puts projects into the library (decision 0018).
    /// </summary>
    public const string ProjectProposers = UnitReporter + "," + UnitLeader;

    /// <summary>Who sees proposals: the proposing units (their own) and the office that decides them; not yet city data for anyone else.</summary>
    public const string ProposalReaders = ProjectOffice + "," + ProjectProposers;

    /// <summary>Who fills monthly progress.</summary>
    public const string ProgressFillers = UnitReporter + "," + UnitLeader + "," + ProjectOffice;

    /// <summary>Who raises and answers problems (leaders read; the three administrators do not write business data).</summary>
    public const string ProblemEditors = ProjectOffice + "," + SupervisionOffice + "," + UnitReporter + "," + UnitLeader;

    /// <summary>The roles of a comma-separated list, for RequireRole.</summary>
    public static string[] Of(string list) => list.Split(',');

    /// <summary>Roles that may approve a unit's submission.</summary>
    public const string Approvers = UnitLeader + "," + ProjectOffice + "," + SupervisionOffice;
}
