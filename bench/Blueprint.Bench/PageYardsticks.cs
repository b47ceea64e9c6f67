namespace Blueprint.Bench;

/// <summary>
/// The yardsticks of the leader's pages at province scale, by path, written by hand with the
/// existing indexes and the product's rules: projects of the library only (<c>LibraryStatus = 0</c>),
/// current report versions in lists, a month's figures from accepted reports not superseded by an
/// accepted correction (or from the figures kept for the month, decision 0041, where the page
/// reads those), and no scope predicate (the leader sees every unit). What a page shows beside
/// its content — the session, the inbox badge, the unit picker, a filter's choices — is left out:
/// it is the page's own overhead, which the ratio is meant to show.
/// The bench's clock is fixed (2026-01-31 12:00 UTC: figures of December 2025, the reporting
/// window of January 2026 open), so the values are written in; one text serves both databases.
/// </summary>
public static class PageYardsticks
{
    /// <summary>Accepted by now and not superseded by a correction accepted by now (Bulletin.CountingReports).</summary>
    private const string Counting = """
        r."AcceptedAtUtc" IS NOT NULL AND r."AcceptedAtUtc" <= '2026-01-31 12:00:00'
          AND NOT EXISTS (SELECT 1 FROM "ProgressReport" c WHERE c."SupersedesId" = r."Id" AND c."AcceptedAtUtc" IS NOT NULL AND c."AcceptedAtUtc" <= '2026-01-31 12:00:00')
        """;

    /// <summary>The library's projects (not archived).</summary>
    private const string Projects = """(SELECT * FROM "KeyProject" WHERE "LibraryStatus" = 0 AND NOT "IsArchived")""";

    /// <summary>The library's rows of <paramref name="projects"/> with their 2025 plan and investment completed to December.</summary>
    private static string ProjectRows(string projects) => $"""
        SELECT k."Id", k."Code", k."Name", COALESCE(u."ShortName", u."Name") AS "UnitName", k."ResponsibleLeader", k."Category", k."Stage",
               k."IndustryChain", k."ChainLink", k."TotalInvestment", e."PlanType", e."PlannedCompletion", COALESCE(e."AnnualPlannedInvestment", 0) AS "AnnualPlan",
               COALESCE((SELECT r."InvestmentYearToDate" FROM "ProgressReport" r
                         WHERE r."KeyProjectId" = k."Id" AND r."Year" = 2025 AND r."Month" <= 12 AND {Counting}
                         ORDER BY r."Month" DESC LIMIT 1), 0) AS "YearToDate"
        FROM {projects} k
        JOIN "Unit" u ON u."Id" = k."UnitId"
        LEFT JOIN "AnnualPlanEntry" e ON e."Year" = 2025 AND e."KeyProjectId" = k."Id"
        """;

    /// <summary>The completion rate as the figures define it: key-list projects with an annual plan only (reserve projects have none).</summary>
    private const string Rate = """(CASE WHEN "PlanType" <> 2 AND "AnnualPlan" > 0 THEN "YearToDate" * 1.0 / "AnnualPlan" END)""";

    private static readonly string[] LibraryCount =
    [
        """SELECT MAX("Year") FROM "ProgressReport" WHERE "Year" <= 2026""",
        """SELECT COUNT(*) FROM "KeyProject" WHERE "LibraryStatus" = 0 AND NOT "IsArchived" """,
    ];

    /// <summary>
    /// The library sorted by one of the project's own columns, then by code: the page of 20 is
    /// chosen first and its figures read for those 20 only.
    /// </summary>
    private static Yardstick Library(string column, string sortedBy)
    {
        var page = $"""
            (SELECT p.* FROM "KeyProject" p JOIN "Unit" pu ON pu."Id" = p."UnitId"
             WHERE p."LibraryStatus" = 0 AND NOT p."IsArchived" ORDER BY {sortedBy}{(column == "Code" ? "" : ", p.\"Code\"")} LIMIT 20)
            """;
        return new([.. LibraryCount, $"""SELECT * FROM ({ProjectRows(page)}) x ORDER BY "{column}"{(column == "Code" ? "" : ", \"Code\"")}"""], CountAt: 1);
    }

    /// <summary>The library sorted by a figure: every project's figures are needed to choose the page.</summary>
    private static Yardstick LibraryByFigure(string orderBy) =>
        new([.. LibraryCount, $"SELECT * FROM ({ProjectRows(Projects)}) x ORDER BY {orderBy} LIMIT 20"], CountAt: 1);

    /// <summary>The month's page of the progress list: the open window, the month's current reports (count, page of 20), the key-list projects without a report (count, page of 20).</summary>
    private static Yardstick Progress(int year, int month) => new(
        [
            """SELECT "Id", "Year", "Month", "OpensOn", "DueOn", "ClosedAtUtc" FROM "ReportingWindow" WHERE "ClosedAtUtc" IS NULL ORDER BY "Year" DESC, "Month" DESC LIMIT 1""",
            $"""
            SELECT COUNT(*) FROM "ProgressReport" r JOIN "KeyProject" k ON k."Id" = r."KeyProjectId"
            WHERE r."IsCurrent" AND r."Year" = {year} AND r."Month" = {month} AND k."LibraryStatus" = 0
            """,
            $"""
            SELECT r."Id", r."KeyProjectId", k."Code", k."Name", r."UnitId", u."Name", r."InvestmentThisMonth", r."InvestmentYearToDate", r."InvestmentSinceStart",
                   r."PhysicalProgress", r."Status", r."SupersedesId", r."RecordedAtUtc", r."AcceptedAtUtc", r."IsLate", r."Version"
            FROM "ProgressReport" r JOIN "KeyProject" k ON k."Id" = r."KeyProjectId" JOIN "Unit" u ON u."Id" = r."UnitId"
            WHERE r."IsCurrent" AND r."Year" = {year} AND r."Month" = {month} AND k."LibraryStatus" = 0
            ORDER BY u."SortOrder", k."Code" LIMIT 20
            """,
            $"""
            SELECT COUNT(*) FROM "AnnualPlanEntry" e JOIN "KeyProject" k ON k."Id" = e."KeyProjectId"
            WHERE e."Year" = {year} AND e."PlanType" <> 2 AND k."LibraryStatus" = 0
              AND NOT EXISTS (SELECT 1 FROM "ProgressReport" r WHERE r."KeyProjectId" = e."KeyProjectId" AND r."Year" = {year} AND r."Month" = {month} AND r."IsCurrent" AND r."Status" IN (1, 2, 3))
            """,
            $"""
            SELECT e."KeyProjectId", k."Code", k."Name", e."UnitId", u."Name", e."PlanType", r."Id", r."Status"
            FROM "AnnualPlanEntry" e JOIN "KeyProject" k ON k."Id" = e."KeyProjectId" JOIN "Unit" u ON u."Id" = e."UnitId"
            LEFT JOIN "ProgressReport" r ON r."KeyProjectId" = e."KeyProjectId" AND r."Year" = {year} AND r."Month" = {month} AND r."IsCurrent"
            WHERE e."Year" = {year} AND e."PlanType" <> 2 AND k."LibraryStatus" = 0 AND (r."Id" IS NULL OR r."Status" NOT IN (1, 2, 3))
            ORDER BY u."SortOrder", k."Code" LIMIT 20
            """,
        ], CountAt: 1);

    /// <summary>The latest month with an accepted report up to this month (the cockpit's and the unit page's default month).</summary>
    private const string DefaultMonth = """
        SELECT "Year", "Month" FROM "ProgressReport"
        WHERE "AcceptedAtUtc" IS NOT NULL AND ("Year" < 2026 OR ("Year" = 2026 AND "Month" <= 1))
        ORDER BY "Year" DESC, "Month" DESC LIMIT 1
        """;

    private const string TopUnits = """
        SELECT u."Id", u."ParentId", COALESCE(u."ShortName", u."Name") FROM "Unit" u
        WHERE u."ParentId" IS NULL OR u."ParentId" IN (SELECT p."Id" FROM "Unit" p WHERE p."ParentId" IS NULL)
        ORDER BY u."SortOrder", u."Id"
        """;

    /// <summary>The whole province's projects most behind schedule, kept for the month.</summary>
    private const string KeptLagging = """SELECT "Changes", "KeptChanges", "Data" FROM "KeptFigure" WHERE "Kind" = 3 AND "Year" = 2025 AND "Month" = 12 AND "KnownAtTicks" = 0""";

    /// <summary>Every unit's supervision ranking for the year to December, kept (the unit page shows the unit's place in it).</summary>
    private const string KeptRanking = """SELECT "Changes", "KeptChanges", "Data" FROM "KeptFigure" WHERE "Kind" = 8 AND "Year" = 2025 AND "Month" = 12""";

    private const string KeptBulletin = """SELECT "Changes", "KeptChanges", "Data" FROM "KeptFigure" WHERE "Kind" = 1 AND "Year" = 2025 AND "Month" = 12 AND "KnownAtTicks" = 0""";

    private const string SupervisionPage = """
        SELECT s."Id", s."CaseNumber", s."Title", s."Source", s."UnitId", u."Name", s."Deadline", s."Cadence", s."Status", s."Light", s."CreatedAtUtc", s."ClosedAtUtc", s."Version"
        FROM (SELECT * FROM "SupervisionItem" ORDER BY "Status" = 5, "Deadline", "Id" LIMIT 20) s JOIN "Unit" u ON u."Id" = s."UnitId"
        ORDER BY s."Status" = 5, s."Deadline", s."Id"
        """;

    private static readonly string[] RedList =
    [
        """SELECT COUNT(*) FROM "SupervisionItem" WHERE "Light" = 2 AND "Status" <> 5""",
        """
        SELECT s."Id", s."CaseNumber", s."Title", s."UnitId", u."Name", s."Deadline", s."Status"
        FROM (SELECT * FROM "SupervisionItem" WHERE "Light" = 2 AND "Status" <> 5 ORDER BY "Deadline", "CaseNumber" LIMIT 20) s JOIN "Unit" u ON u."Id" = s."UnitId"
        ORDER BY s."Deadline", s."CaseNumber"
        """,
    ];

    /// <summary>The rankings' inputs for 1–31 January 2026 (the ranking rule itself is pure code): items, their feedback, reminders per unit with the unit's name.</summary>
    private static readonly string[] Rankings =
    [
        """SELECT "Id", "UnitId", "CreatedAtUtc", "Deadline", "Cadence", "Status", "ClosedAtUtc" FROM "SupervisionItem" WHERE "Deadline" >= '2026-01-01' AND "CreatedAtUtc" < '2026-01-31 16:00:00'""",
        """
        SELECT f."SupervisionItemId", f."CreatedAtUtc" FROM "SupervisionFeedback" f JOIN "SupervisionItem" s ON s."Id" = f."SupervisionItemId" AND s."UnitId" = f."UnitId"
        WHERE s."Deadline" >= '2026-01-01' AND s."CreatedAtUtc" < '2026-01-31 16:00:00'
        """,
        """
        SELECT u."Id", u."Name", COUNT(*) FROM "SupervisionStep" t JOIN "SupervisionItem" s ON s."Id" = t."SupervisionItemId" JOIN "Unit" u ON u."Id" = s."UnitId"
        WHERE t."Kind" = 15 AND t."AtUtc" >= '2025-12-31 16:00:00' AND t."AtUtc" < '2026-01-31 16:00:00'
        GROUP BY u."Id", u."Name"
        """,
    ];

    /// <summary>A page of indicators (20) of <paramref name="where"/> with their goal, and the page's accepted current values and annual targets.</summary>
    private static Yardstick Indicators(string where)
    {
        var page = $"""SELECT i."Id" FROM "Indicator" i JOIN "PlanYear" p ON p."Id" = i."PlanYearId" {where} ORDER BY p."Year" DESC, i."GoalId", i."Id" LIMIT 20""";
        return new(
        [
            $"""SELECT COUNT(*) FROM "Indicator" i JOIN "PlanYear" p ON p."Id" = i."PlanYearId" {where}""",
            $"""
            SELECT i."Id", i."Name", i."Measure", i."UnitId", i."ValueKind", i."Direction", i."Baseline", i."AnnualTarget", i."Profile", i."ScheduleShares", p."Year", g."Title"
            FROM "Indicator" i JOIN "PlanYear" p ON p."Id" = i."PlanYearId" LEFT JOIN "Goal" g ON g."Id" = i."GoalId"
            {where} ORDER BY p."Year" DESC, i."GoalId", i."Id" LIMIT 20
            """,
            $"""
            SELECT v."IndicatorId", v."UnitId", v."Period", v."Value", v."AcceptedAtUtc" FROM "IndicatorValue" v
            WHERE v."IndicatorId" IN ({page}) AND v."IsCurrent" AND v."AcceptedAtUtc" IS NOT NULL AND v."AcceptedAtUtc" <= '2026-01-31 12:00:00'
            """,
            $"""SELECT t."IndicatorId", t."UnitId", t."Target" FROM "IndicatorTarget" t WHERE t."IndicatorId" IN ({page}) AND t."Period" = 0""",
        ], CountAt: 0);
    }

    /// <summary>
    /// A unit's page for the unit at <paramref name="path"/>: its ranks (from the kept bulletin groups and supervision ranking),
    /// its ten projects most behind schedule (the province's are kept: read for the root), its indicators, supervision and problem counts and
    /// first items, and its reviews.
    /// </summary>
    private static Yardstick Unit(int id, string path) => new(
    [
        DefaultMonth,
        KeptBulletin,
        KeptRanking,
        TopUnits,
        path == "/1/" ? KeptLagging : $"""
        WITH "Row" AS (
            SELECT k."Id", k."Code", k."Name", e."UnitId", e."PlanType", e."AnnualPlannedInvestment" AS "AnnualPlan",
                   COALESCE((SELECT r."InvestmentYearToDate" FROM "ProgressReport" r
                             WHERE r."KeyProjectId" = k."Id" AND r."Year" = 2025 AND r."Month" <= 12 AND {Counting}
                             ORDER BY r."Month" DESC LIMIT 1), 0) AS "YearToDate"
            FROM "AnnualPlanEntry" e JOIN "KeyProject" k ON k."Id" = e."KeyProjectId" JOIN "Unit" u ON u."Id" = e."UnitId"
            WHERE e."Year" = 2025 AND e."PlanType" <> 2 AND k."LibraryStatus" = 0 AND u."Path" LIKE '{path}%')
        SELECT * FROM "Row" WHERE "AnnualPlan" > 0 ORDER BY "YearToDate" * 1.0 / "AnnualPlan", "Code" LIMIT 10
        """,
        $"""
        SELECT i."Id", i."Name", i."Measure", i."ValueKind", i."Direction", i."Baseline", i."AnnualTarget", i."Profile", i."ScheduleShares", v."Period", v."Value"
        FROM "Indicator" i JOIN "PlanYear" p ON p."Id" = i."PlanYearId"
        LEFT JOIN "IndicatorValue" v ON v."IndicatorId" = i."Id" AND v."UnitId" = i."UnitId" AND v."IsCurrent" AND v."AcceptedAtUtc" IS NOT NULL
        WHERE p."Year" = 2025 AND i."UnitId" = {id}
        ORDER BY i."GoalId", i."Id"
        """,
        $"""
        SELECT COUNT(*), SUM(CASE WHEN s."Light" = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN s."Light" = 1 THEN 1 ELSE 0 END)
        FROM "SupervisionItem" s JOIN "Unit" u ON u."Id" = s."UnitId" WHERE u."Path" LIKE '{path}%' AND s."Status" <> 5
        """,
        $"""
        SELECT s."Id", s."CaseNumber", s."Title", s."UnitId", u."Name", s."Deadline", s."Status", s."Light"
        FROM "SupervisionItem" s JOIN "Unit" u ON u."Id" = s."UnitId" WHERE u."Path" LIKE '{path}%' AND s."Status" <> 5
        ORDER BY s."Light" DESC, s."Deadline", s."Id" LIMIT 10
        """,
        $"""
        SELECT COUNT(*), SUM(CASE WHEN p."Deadline" < '2026-01-31' THEN 1 ELSE 0 END)
        FROM "Problem" p JOIN "Unit" u ON u."Id" = p."UnitId" WHERE u."Path" LIKE '{path}%' AND p."Status" = 0
        """,
        $"""
        SELECT p."Id", p."Title", p."Kind", p."UnitId", u."Name", p."KeyProjectId", p."Deadline", p."Status"
        FROM "Problem" p JOIN "Unit" u ON u."Id" = p."UnitId" WHERE u."Path" LIKE '{path}%' AND p."Status" = 0
        ORDER BY p."Deadline" IS NULL, p."Deadline", p."Id" LIMIT 10
        """,
        $"""
        SELECT s."Id", c."Year", c."Title", s."Status", s."SubmittedAtUtc" FROM "ReviewSubmission" s JOIN "ReviewCampaign" c ON c."Id" = s."ReviewCampaignId"
        WHERE s."UnitId" = {id} ORDER BY c."Year" DESC, s."Id" DESC LIMIT 5
        """,
    ]);

    public static readonly Dictionary<string, Yardstick> ByPath = new()
    {
        ["/"] = new(
        [
            """
            SELECT (SELECT "Name" FROM "Unit" WHERE "ParentId" IS NULL ORDER BY "SortOrder", "Id" LIMIT 1),
                   (SELECT COUNT(*) FROM "Unit"),
                   (SELECT COUNT(*) FROM "KeyProject" WHERE "LibraryStatus" = 0 AND NOT "IsArchived"),
                   (SELECT SUM("TotalInvestment") FROM "KeyProject" WHERE "LibraryStatus" = 0 AND NOT "IsArchived"),
                   (SELECT COUNT(*) FROM "PlanYear"),
                   (SELECT COUNT(*) FROM "Milestone"),
                   (SELECT COUNT(*) FROM "Problem" WHERE "Status" = 0),
                   (SELECT COUNT(*) FROM "SupervisionItem" WHERE "Status" <> 5)
            """,
            // The schedule headline: the kept bulletin of the latest month with an accepted report.
            """
            SELECT k."Year", k."Month", k."Data" FROM "KeptFigure" k
            JOIN (SELECT "Year", "Month" FROM "ProgressReport" WHERE "AcceptedAtUtc" IS NOT NULL ORDER BY "Year" DESC, "Month" DESC LIMIT 1) l
              ON k."Year" = l."Year" AND k."Month" = l."Month"
            WHERE k."Kind" = 1 AND k."KnownAtTicks" = 0
            """,
            """SELECT "Id", "Date", "Title", "MonthOnly" FROM "Milestone" ORDER BY "Date" DESC LIMIT 6""",
        ]),

        // Every figure of the cockpit is kept per month (decision 0041): the month, the year's
        // reporting windows, the kept figures of December 2025 and of today, the top units' names.
        ["/cockpit"] = new(
        [
            DefaultMonth,
            """SELECT "Id", "Month", "OpensOn", "DueOn", "ClosedAtUtc" FROM "ReportingWindow" WHERE "Year" = 2025""",
            """
            SELECT "Kind", "Changes", "KeptChanges", "Data" FROM "KeptFigure"
            WHERE ("Year" = 2025 AND "Month" = 12 AND "Kind" IN (1, 2, 3, 4, 5)) OR ("Year" = 2026 AND "Month" = 1 AND "Kind" IN (6, 7))
            """,
            TopUnits,
        ]),

        ["/units/1"] = Unit(1, "/1/"),
        ["/units/2"] = Unit(2, "/1/2/"),
        ["/goals/indicators?year=2025"] = Indicators("""WHERE p."Year" = 2025"""),
        ["/api/indicators"] = Indicators(""),
        ["/reports/bulletin?year=2025&month=12"] = new([KeptBulletin, TopUnits]),
        ["/api/bulletin?year=2025&month=12"] = new([KeptBulletin, TopUnits]),

        ["/projects"] = Library("Code", "p.\"Code\""),
        ["/projects?sort=name"] = Library("Name", "p.\"Name\""),
        ["/projects?sort=unit"] = Library("UnitName", "COALESCE(pu.\"ShortName\", pu.\"Name\")"),
        ["/projects?sort=category"] = Library("Category", "p.\"Category\""),
        ["/projects?sort=stage"] = Library("Stage", "p.\"Stage\""),
        ["/projects?sort=total"] = Library("TotalInvestment", "p.\"TotalInvestment\""),
        ["/projects?sort=plan"] = LibraryByFigure("\"AnnualPlan\", \"Code\""),
        ["/projects?sort=ytd"] = LibraryByFigure("\"YearToDate\", \"Code\""),
        ["/projects?sort=rate"] = LibraryByFigure($"{Rate} IS NULL, {Rate}, \"Code\""),
        // The light follows the distance to 序时进度, which at one month's end orders as the rate does.
        ["/projects?sort=light"] = LibraryByFigure($"{Rate} IS NULL, {Rate}, \"Code\""),

        // A month's reports (page of 20) and the projects not yet reported: December 2025, complete (12,000 reports: what
        // `/progress` shows in a freshly generated file, where no window is open), and January 2026, the open window of the load run.
        ["/progress?year=2025&month=12"] = Progress(2025, 12),
        ["/progress?year=2026&month=1"] = Progress(2026, 1),

        ["/supervision"] = new(["""SELECT COUNT(*) FROM "SupervisionItem" """, SupervisionPage], CountAt: 0),
        ["/api/supervision-items"] = new(["""SELECT COUNT(*) FROM "SupervisionItem" """, SupervisionPage], CountAt: 0),
        ["/supervision/rankings"] = new(Rankings),
        ["/api/supervision/rankings"] = new(Rankings),
        ["/supervision/red"] = new(RedList, CountAt: 0),
        ["/api/supervision/red"] = new(RedList, CountAt: 0),

        ["/api/projects"] = new(
        [
            """SELECT COUNT(*) FROM "KeyProject" WHERE "LibraryStatus" = 0 AND NOT "IsArchived" """,
            """
            SELECT k.*, u."Name" FROM "KeyProject" k JOIN "Unit" u ON u."Id" = k."UnitId"
            WHERE k."LibraryStatus" = 0 AND NOT k."IsArchived" ORDER BY k."Code" LIMIT 20
            """,
        ], CountAt: 0),
        ["/api/progress-reports?year=2025"] = new(
        [
            """SELECT COUNT(*) FROM "ProgressReport" WHERE "IsCurrent" AND "Year" = 2025""",
            """SELECT * FROM "ProgressReport" WHERE "IsCurrent" AND "Year" = 2025 ORDER BY "KeyProjectId", "Year", "Month" LIMIT 20""",
        ], CountAt: 0),
        ["/api/problems"] = new(
        [
            """SELECT COUNT(*) FROM "Problem" """,
            """
            SELECT p.*, u."Name", k."Code", k."Name"
            FROM (SELECT * FROM "Problem" ORDER BY "Status", "Deadline" IS NULL, "Deadline", "Id" LIMIT 20) p
            JOIN "Unit" u ON u."Id" = p."UnitId" LEFT JOIN "KeyProject" k ON k."Id" = p."KeyProjectId"
            ORDER BY p."Status", p."Deadline" IS NULL, p."Deadline", p."Id"
            """,
        ], CountAt: 0),
        ["/api/units"] = new(
        [
            """SELECT COUNT(*) FROM "Unit" """,
            """SELECT "Id", "Name", "ShortName", "Code", "Kind", "ParentId", "Path", "SortOrder", "IsDisabled" FROM "Unit" ORDER BY "Path", "SortOrder", "Id" LIMIT 500""",
        ]), // the total travels in X-Total-Count, not in the body: not checked
    };
}
