using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Bench;

/// <summary>
/// A province-scale SQLite database for the benchmarks: 12,000 key projects with two years of
/// plans and 24 months of accepted progress (288,000 reports, 1 % of them corrected), and (see
/// <see cref="ProvinceScale"/>) 4,000 units, 5,000 indicators a year with target shares and
/// monthly values, 20,000 supervision items with steps and lights, and problems. Built once with
/// plain ADO.NET (the audit trail of generated data is not what is measured) and kept in /tmp
/// between runs. Deterministic: the same data every time.
/// </summary>
public static class ProvinceData
{
    public const int Projects = 12_000;
    public const int FirstYear = 2024;
    public const int Years = 2;

    /// <summary>Raised whenever the generated data changes, so a cached file of an older shape is not reused.</summary>
    public const int FormatVersion = 2;

    /// <summary>The cached data set; BENCH_DB names another file (e.g. an earlier format's, to compare at its scale).</summary>
    public static string DefaultPath => Environment.GetEnvironmentVariable("BENCH_DB") is { Length: > 0 } path
        ? path
        : Path.Combine(Path.GetTempPath(), $"blueprint-bench-v{FormatVersion}-{Projects}.db");

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    /// <summary>The model without the audit interceptor, acting with full rights.</summary>
    public static BlueprintDb Open(string path) =>
        new SqliteBlueprintDb(
            Environment.GetEnvironmentVariable("BENCH_SQL") == "1"
                ? new DbContextOptionsBuilder<SqliteBlueprintDb>().UseSqlite(ConnectionString(path)).LogTo(Console.WriteLine, Microsoft.Extensions.Logging.LogLevel.Information).Options
                : new DbContextOptionsBuilder<SqliteBlueprintDb>().UseSqlite(ConnectionString(path)).Options,
            new CurrentUser(new HttpContextAccessor()).ActAsSystem());

    public static async Task EnsureAsync(string path)
    {
        if (File.Exists(path))
        {
            // A file built by an older commit: bring its schema up to date (no-op when current).
            await using var existing = Open(path);
            await DatabaseSetup.MigrateAsync(existing);
            return;
        }

        var building = path + ".building";
        File.Delete(building);
        await using (var db = Open(building))
        {
            await DatabaseSetup.MigrateAsync(db);
        }

        await using (var connection = new SqliteConnection(ConnectionString(building)))
        {
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            Insert(connection, tx);
            await tx.CommitAsync();
            await using var analyze = new SqliteCommand("ANALYZE;", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Move(building, path);
    }

    private static void Insert(SqliteConnection c, SqliteTransaction tx)
    {
        var random = new Random(20231204);
        ProvinceScale.InsertUnits(c, tx);

        using var project = Prepare(c, tx, "INSERT INTO \"KeyProject\" (\"Id\",\"Code\",\"Name\",\"UnitId\",\"Category\",\"Stage\",\"ChainLink\",\"TotalInvestment\",\"IsArchived\",\"Version\",\"ActualBenefit_Jobs\",\"ActualBenefit_OutputValue\",\"ActualBenefit_RunningCost\",\"ActualBenefit_Tax\",\"PlannedBenefit_Jobs\",\"PlannedBenefit_OutputValue\",\"PlannedBenefit_RunningCost\",\"PlannedBenefit_Tax\",\"IsPublic\",\"LibraryStatus\") VALUES ($id,$code,$name,$unit,$category,3,0,$total,0,1,0,0,0,0,0,0,0,0,0,0)", "$id", "$code", "$name", "$unit", "$category", "$total");
        using var entry = Prepare(c, tx, "INSERT INTO \"AnnualPlanEntry\" (\"Year\",\"KeyProjectId\",\"UnitId\",\"PlanType\",\"PlannedCompletion\",\"AnnualPlannedInvestment\",\"Version\") VALUES ($year,$project,$unit,$type,$completion,$plan,1)", "$year", "$project", "$unit", "$type", "$completion", "$plan");
        using var stage = Prepare(c, tx, "INSERT INTO \"ProjectStageChange\" (\"KeyProjectId\",\"UnitId\",\"Stage\",\"OnDate\",\"RecordedAtUtc\") VALUES ($project,$unit,$stage,$on,$at)", "$project", "$unit", "$stage", "$on", "$at");
        using var report = Prepare(c, tx, "INSERT INTO \"ProgressReport\" (\"Id\",\"KeyProjectId\",\"UnitId\",\"Year\",\"Month\",\"InvestmentThisMonth\",\"InvestmentYearToDate\",\"InvestmentSinceStart\",\"Status\",\"RecordedAtUtc\",\"AcceptedAtUtc\",\"SupersedesId\",\"IsCurrent\",\"Version\",\"IsLate\") VALUES ($id,$project,$unit,$year,$month,$this,$ytd,$since,3,$at,$at,$supersedes,$current,1,0)", "$id", "$project", "$unit", "$year", "$month", "$this", "$ytd", "$since", "$at", "$supersedes", "$current");

        long reportId = 0;
        for (var p = 1; p <= Projects; p++)
        {
            var unit = ProvinceScale.ProjectUnit(p);
            var plan = (random.Next(1_000, 200_000) * 10_000L);
            Run(project, p, $"P{p:00000}", $"重点项目{p}", unit, p % 4, plan * 3);
            var plannedStart = p % 5 == 0;
            var started = new DateOnly(FirstYear - (plannedStart ? 0 : 1), 1 + (p % 12), 1 + (p % 27));
            Run(stage, p, unit, 2, Day(started), Instant(started.AddDays(1)));
            if (p % 9 == 0)
            {
                var completed = new DateOnly(FirstYear + 1, 1 + (p % 12), 15);
                Run(stage, p, unit, 4, Day(completed), Instant(completed.AddDays(1)));
            }

            long since = 0;
            for (var y = 0; y < Years; y++)
            {
                var year = FirstYear + y;
                var type = p % 23 == 0 ? 2 : plannedStart && y == 0 ? 1 : 0;
                Run(entry, year, p, unit, type, p % 9 == 0 && y == 1 ? 1 : 0, type == 2 ? 0 : plan);
                long ytd = 0;
                var pace = 0.6 + (random.NextDouble() * 0.6);
                for (var month = 1; month <= 12; month++)
                {
                    var amount = (long)(plan / 12 * pace);
                    ytd += amount;
                    since += amount;
                    var at = Instant(new DateOnly(year, month, 1).AddMonths(1).AddDays(4));
                    var corrected = (reportId % 100) == 7;
                    Run(report, ++reportId, p, unit, year, month, amount, ytd, since, at, null, corrected ? 0 : 1);
                    if (corrected)
                    {
                        var original = reportId;
                        Run(report, ++reportId, p, unit, year, month, amount, ytd, since, Instant(new DateOnly(year, month, 1).AddMonths(1).AddDays(20)), original, 1);
                    }
                }
            }
        }

        ProvinceScale.InsertIndicators(c, tx, random);
        ProvinceScale.InsertSupervision(c, tx, random);
        ProvinceScale.InsertProblems(c, tx, random);
    }

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The format EF Core's SQLite provider writes, so string comparison in SQL orders correctly.
    internal static string Instant(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00";


    internal static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = new SqliteCommand(sql, c, tx);
        foreach (var n in names)
        {
            command.Parameters.Add(new SqliteParameter(n, null));
        }

        command.Prepare();
        return command;
    }

    internal static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
