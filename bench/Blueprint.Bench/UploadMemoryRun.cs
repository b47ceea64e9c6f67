using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects.Excel;
using MiniExcelLibs;
using Npgsql;

namespace Blueprint.Bench;

/// <summary>
/// Issue 17, item 8: eight maximum-size uploads at once from one county reporter (what pushed a node
/// to 1.4 GB), against one real node of the product (a process, the demo city on PostgreSQL, as
/// <c>TwoNodeTests</c> starts it). The workbook has <c>Uploads:MaxRows</c> (200,000) progress rows.
/// Reported: each answer's status and time, and the node's peak resident memory (VmHWM from /proc,
/// which counts everything the process touched, the runtime included), sampled every 20 ms too.
/// </summary>
public static class UploadMemoryRun
{
    private const int Parallel = 8;
    private const int Rows = 200_000;

    /// <summary>The county reporters who upload, in turn: one (the 1.4 GB case) or two (the server-wide limit of two imports at once).</summary>
    private static readonly string[] Reporters = ["anyue.reporter", "lezhi.reporter"];

    public static async Task RunAsync(int accounts)
    {
        accounts = Math.Clamp(accounts, 1, Reporters.Length);
        var server = PostgresCopy.ServerConnectionString
            ?? throw new InvalidOperationException($"{PostgresCopy.Variable} must name a PostgreSQL server (an admin connection string)");
        var workbook = Workbook();
        Console.WriteLine($"workbook: {Rows:N0} rows, {workbook.Length / 1024.0 / 1024.0:N1} MB; {Parallel} uploads at once by {accounts} account(s)");

        var name = $"bp_bench_upload_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        try
        {
            var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            await using var cluster = await Cluster.StartAsync(AppContext.BaseDirectory, database, 1);
            var node = cluster.Nodes[0];
            var clients = new List<HttpClient>();
            foreach (var reporter in Reporters.Take(accounts))
            {
                var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromMinutes(10) };
                client.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
                (await client.PostAsJsonAsync("/api/auth/login", new LoginInput(reporter, DemoAccounts.Password))).EnsureSuccessStatusCode();
                clients.Add(client);
            }

            Console.WriteLine($"node idle after sign-in: {Rss(node.ProcessId, "VmRSS"):N0} MB resident");

            using var sampling = new CancellationTokenSource();
            var peak = 0L;
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Rss(node.ProcessId, "VmRSS"));
                    await Task.Delay(20);
                }
            });

            var started = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async i =>
            {
                var client = clients[i % clients.Count];
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(workbook);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                form.Add(file, "file", "progress.xlsx");
                var clock = Stopwatch.StartNew();
                using var response = await client.PostAsync("/api/imports/progress", form);
                return ((int)response.StatusCode, clock.Elapsed.TotalSeconds);
            }));
            await sampling.CancelAsync();
            await sampler;

            foreach (var group in answers.GroupBy(a => a.Item1).OrderBy(g => g.Key))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{group.Count()} × {group.Key} in {string.Join(", ", group.Select(a => a.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)))} s"));
            }

            Console.WriteLine($"all answered in {started.Elapsed.TotalSeconds:N1} s; node peak resident memory {Rss(node.ProcessId, "VmHWM"):N0} MB (VmHWM), sampled {peak:N0} MB");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>A /proc/[pid]/status memory line in MB (Linux).</summary>
    private static long Rss(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

    /// <summary>Progress rows of projects the county does not have: every row is read and checked, and the import refused as a whole.</summary>
    private static byte[] Workbook()
    {
        IEnumerable<Dictionary<string, object?>> Rows()
        {
            for (var i = 0; i < UploadMemoryRun.Rows; i++)
            {
                yield return new Dictionary<string, object?>
                {
                    [ProgressSheet.Year] = 2110,
                    [ProgressSheet.Month] = (i % 12) + 1,
                    [ProgressSheet.Code] = $"P{i:000000}",
                    [ProgressSheet.Name] = $"重点项目{i}",
                    [ProgressSheet.ThisMonth] = 100.5m,
                    [ProgressSheet.YearToDate] = 100.5m * ((i % 12) + 1),
                    [ProgressSheet.SinceStart] = 10_000m,
                    [ProgressSheet.Physical] = "主体结构施工，完成地下室顶板浇筑",
                    [ProgressSheet.Nodes] = "主体封顶",
                    [ProgressSheet.Problems] = null,
                };
            }
        }

        using var stream = new MemoryStream();
        stream.SaveAs(Rows(), sheetName: ProgressSheet.SheetName);
        return stream.ToArray();
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
