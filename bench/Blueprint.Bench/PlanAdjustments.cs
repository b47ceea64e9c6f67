using Microsoft.Data.Sqlite;

namespace Blueprint.Bench;

/// <summary>
/// Gives the province data set its plan history, as a real year would have it: every entry
/// approved on 20 December of the year before, and one in ten of the 2025 entries adjusted on
/// 1 July 2025 (annual investment raised by a fifth). Idempotent: runs once per database file.
/// </summary>
public static class PlanAdjustments
{
    private const string Columns = """
        "Year", "KeyProjectId", "UnitId", "PlanType", "PlannedCompletion", "AnnualPlannedInvestment", "PlannedStartMonth", "PlannedCompletionMonth", "Removed", "Reason", "RecordedBy", "RecordedAtUtc"
        """;

    public static async Task EnsureAsync(SqliteConnection connection)
    {
        // A cached file migrated to the plan-history schema already has its approvals (the
        // migration backfills them); a freshly generated one has none.
        var approvals = await ScalarAsync(connection, """SELECT COUNT(*) FROM "AnnualPlanRevision" """);
        var adjustments = await ScalarAsync(connection, """SELECT COUNT(*) FROM "AnnualPlanRevision" WHERE "RecordedAtUtc" = '2025-07-01 00:00:00'""");
        if (adjustments > 0)
        {
            return;
        }

        await using var transaction = connection.BeginTransaction();
        if (approvals == 0)
        {
            await using var approved = new SqliteCommand($"""
                INSERT INTO "AnnualPlanRevision" ({Columns})
                SELECT "Year", "KeyProjectId", "UnitId", "PlanType", "PlannedCompletion", "AnnualPlannedInvestment", "PlannedStartMonth", "PlannedCompletionMonth",
                       0, NULL, 'bench', printf('%04d-12-20 00:00:00', "Year" - 1)
                FROM "AnnualPlanEntry"
                """, connection, transaction);
            await approved.ExecuteNonQueryAsync();
        }

        await using (var adjusted = new SqliteCommand($"""
            UPDATE "AnnualPlanEntry" SET "AnnualPlannedInvestment" = "AnnualPlannedInvestment" * 6 / 5, "ChangeReason" = '年中调整'
            WHERE "Year" = 2025 AND "PlanType" <> 2 AND "Id" % 10 = 0;
            INSERT INTO "AnnualPlanRevision" ({Columns})
            SELECT "Year", "KeyProjectId", "UnitId", "PlanType", "PlannedCompletion", "AnnualPlannedInvestment", "PlannedStartMonth", "PlannedCompletionMonth",
                   0, "ChangeReason", 'bench', '2025-07-01 00:00:00'
            FROM "AnnualPlanEntry" WHERE "Year" = 2025 AND "PlanType" <> 2 AND "Id" % 10 = 0;
            """, connection, transaction))
        {
            await adjusted.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
