using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Blueprint.Bench;

/// <summary>
/// The bulletin aggregation written by hand as one SQL statement — the yardstick for the EF
/// query in Bulletin.cs (same groups, same rules: accepted by the instant, not superseded by a
/// correction accepted by then, latest month up to the bulletin month).
/// </summary>
public static class RawSqlQuery
{
    private const string Sql = """
        SELECT e."UnitId", p."Category", e."PlanType", COUNT(*),
               SUM(e."AnnualPlannedInvestment"),
               SUM(CASE WHEN e."PlanType" = 2 THEN 0 ELSE COALESCE((
                   SELECT r."InvestmentYearToDate" FROM "ProgressReport" r
                   WHERE r."KeyProjectId" = e."KeyProjectId" AND r."Year" = $year AND r."Month" <= $month
                     AND r."AcceptedAtUtc" IS NOT NULL AND r."AcceptedAtUtc" <= $t
                     AND NOT EXISTS (SELECT 1 FROM "ProgressReport" s WHERE s."SupersedesId" = r."Id" AND s."AcceptedAtUtc" IS NOT NULL AND s."AcceptedAtUtc" <= $t)
                   ORDER BY r."Month" DESC LIMIT 1), 0) END),
               SUM(e."PlanType" = 1 AND EXISTS (SELECT 1 FROM "ProjectStageChange" s WHERE s."KeyProjectId" = e."KeyProjectId" AND s."Stage" >= 2 AND s."OnDate" <= $monthEnd AND s."RecordedAtUtc" <= $t)),
               SUM(e."PlanType" = 2 AND EXISTS (SELECT 1 FROM "ProjectStageChange" s WHERE s."KeyProjectId" = e."KeyProjectId" AND s."Stage" >= 2 AND s."OnDate" >= $yearStart AND s."OnDate" <= $monthEnd AND s."RecordedAtUtc" <= $t)),
               SUM(e."PlannedCompletion"),
               SUM(e."PlannedCompletion" AND EXISTS (SELECT 1 FROM "ProjectStageChange" s WHERE s."KeyProjectId" = e."KeyProjectId" AND s."Stage" >= 4 AND s."OnDate" <= $monthEnd AND s."RecordedAtUtc" <= $t))
        FROM {plan} e JOIN "KeyProject" p ON p."Id" = e."KeyProjectId"
        WHERE e."Year" = $year
        GROUP BY e."UnitId", p."Category", e."PlanType"
        """;

    /// <summary>The plan as known at $t: per project the latest revision recorded by then, unless it removed the entry.</summary>
    private const string PlanAsKnown = """
        (SELECT * FROM "AnnualPlanRevision" v
         WHERE v."Year" = $year AND v."RecordedAtUtc" <= $t AND NOT v."Removed"
           AND NOT EXISTS (SELECT 1 FROM "AnnualPlanRevision" n WHERE n."Year" = $year AND n."KeyProjectId" = v."KeyProjectId" AND n."RecordedAtUtc" <= $t
                           AND (n."RecordedAtUtc" > v."RecordedAtUtc" OR (n."RecordedAtUtc" = v."RecordedAtUtc" AND n."Id" > v."Id"))))
        """;

    /// <param name="planAsKnown">Read the plan from its revisions (a bulletin as known before a later
    /// adjustment) instead of the current entries.</param>
    public static async Task<long> RunAsync(SqliteConnection connection, int year, int month, DateTime knownAt, bool planAsKnown = false)
    {
        await using var command = new SqliteCommand(Sql.Replace("{plan}", planAsKnown ? PlanAsKnown : "\"AnnualPlanEntry\"", StringComparison.Ordinal), connection);
        command.Parameters.AddWithValue("$year", year);
        command.Parameters.AddWithValue("$month", month);
        command.Parameters.AddWithValue("$t", knownAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$yearStart", $"{year:0000}-01-01");
        command.Parameters.AddWithValue("$monthEnd", new DateOnly(year, month, 1).AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync();
        long completed = 0;
        while (await reader.ReadAsync())
        {
            completed += reader.GetInt32(2) == 2 ? 0 : reader.GetInt64(5);
        }

        return completed;
    }
}
