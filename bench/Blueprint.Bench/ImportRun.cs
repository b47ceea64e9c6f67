using System.Diagnostics;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

namespace Blueprint.Bench;

/// <summary>
/// Issue 3's import target: a 100,000-row monthly-progress workbook (8,334 projects × 12 months)
/// imported through the real importer — parse, validate every row, insert in one transaction
/// with the audit interceptor — into a copy of the province database. One run in a fresh
/// process, timed with a stopwatch; peak memory is the process's peak working set. (A 10 s
/// operation is measured by wall clock; BenchmarkDotNet's repetitions would add nothing.)
/// </summary>
public static class ImportRun
{
    private const int Year = 2026;
    private const int Projects = 8_334;

    public static async Task RunAsync()
    {
        await ProvinceData.EnsureAsync(ProvinceData.DefaultPath);
        var path = Path.Combine(Path.GetTempPath(), "blueprint-bench-import.db");
        SqliteConnection.ClearAllPools();
        // A killed earlier run may leave its journal beside the copy: SQLite would replay it.
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        File.Delete(path + "-journal");
        File.Copy(ProvinceData.DefaultPath, path, overwrite: true);
        await PlanAsync(path);
        var workbook = Workbook();
        Console.WriteLine($"workbook: {Projects * 12:N0} rows, {workbook.Length / 1024.0 / 1024.0:N1} MB");

        var user = new CurrentUser(new HttpContextAccessor()).ActAsSystem();
        var options = new DbContextOptionsBuilder<SqliteBlueprintDb>().UseSqlite(ProvinceData.ConnectionString(path))
            .AddInterceptors(new AuditInterceptor(TimeProvider.System, BenchAuditKey.Ring)).Options;
        await using var db = new SqliteBlueprintDb(options, user);
        var localizer = new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));
        var importer = new ExcelImporter(db, user, TimeProvider.System, localizer, new XlsxUploadOptions());

        GC.Collect();
        var clock = Stopwatch.StartNew();
        var outcome = await importer.ImportAsync(ImportKind.Progress, workbook, submit: false, CancellationToken.None);
        clock.Stop();
        var imported = await db.Set<Blueprint.Web.Features.Projects.ProgressReport>().CountAsync(r => r.Year == Year);
        Console.WriteLine(outcome.Errors is { } e ? $"row errors in {e.RowCount} rows" : $"imported {imported:N0} rows");
        Console.WriteLine($"import: {clock.Elapsed.TotalSeconds:N1} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MB");
    }

    /// <summary>Puts the first 8,334 projects on the 2026 key list (no reports yet) and opens the 2026 months.</summary>
    private static async Task PlanAsync(string path)
    {
        await using var connection = new SqliteConnection(ProvinceData.ConnectionString(path));
        await connection.OpenAsync();
        await using var command = new SqliteCommand(
            $"INSERT INTO \"AnnualPlanEntry\" (\"Year\",\"KeyProjectId\",\"UnitId\",\"PlanType\",\"PlannedCompletion\",\"AnnualPlannedInvestment\",\"Version\") " +
            $"SELECT {Year}, \"Id\", \"UnitId\", 0, 0, 100000000, 1 FROM \"KeyProject\" WHERE \"Id\" <= {Projects}", connection);
        await command.ExecuteNonQueryAsync();
        // Reports go in only while their month's window is open, as in the product.
        for (var m = 1; m <= 12; m++)
        {
            await using var window = new SqliteCommand(
                $"INSERT INTO \"ReportingWindow\" (\"Year\",\"Month\",\"OpensOn\",\"DueOn\",\"Version\") VALUES ({Year}, {m}, '2020-01-01', '{Year}-{m:00}-05', 1)", connection);
            await window.ExecuteNonQueryAsync();
        }
    }

    private static byte[] Workbook()
    {
        IEnumerable<Dictionary<string, object?>> Rows()
        {
            for (var p = 1; p <= Projects; p++)
            {
                for (var m = 1; m <= 12; m++)
                {
                    yield return new Dictionary<string, object?>
                    {
                        [ProgressSheet.Year] = Year,
                        [ProgressSheet.Month] = m,
                        [ProgressSheet.Code] = $"P{p:00000}",
                        [ProgressSheet.Name] = $"重点项目{p}",
                        [ProgressSheet.ThisMonth] = 100.5m,
                        [ProgressSheet.YearToDate] = 100.5m * m,
                        [ProgressSheet.SinceStart] = 10_000m + (100.5m * m),
                        [ProgressSheet.Physical] = "主体结构施工",
                        [ProgressSheet.Nodes] = null,
                        [ProgressSheet.Problems] = null,
                    };
                }
            }
        }

        using var stream = new MemoryStream();
        stream.SaveAs(Rows(), sheetName: ProgressSheet.SheetName);
        return stream.ToArray();
    }
}
