using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Npgsql;

namespace Blueprint.Bench;

/// <summary>
/// Issue 16's scaling measure: the same read-heavy mix through nginx to one node and to two nodes
/// (real processes of the product, the demo city on one PostgreSQL, as <c>TwoNodeTests</c> runs
/// them). This machine has two cores for the nodes, nginx, PostgreSQL and the load together, so
/// throughput cannot double here; what decides scaling is whether a second node adds work per
/// request: CPU seconds of the node processes per 1,000 requests, and database round trips per
/// request (PostgreSQL's own count of transactions of the database: every EF command outside an
/// explicit transaction is one). Throughput and p99 are reported beside them.
/// </summary>
public static partial class TwoNodeRun
{
    private const int Workers = 8;
    private const int Warmup = 200;
    private const int Measured = 2_000;

    /// <summary>The mix: what leaders and offices read all day, and one write in twenty.</summary>
    private static readonly string[] Reads =
    [
        "/api/cockpit", "/cockpit", "/projects", "/progress", "/api/problems", "/problems", "/todo", "/api/todo/count",
        "/supervision", "/goals", "/api/auth/me", "/reports", "/inbox", "/api/units",
    ];

    public static async Task RunAsync()
    {
        var server = PostgresCopy.ServerConnectionString
            ?? throw new InvalidOperationException($"{PostgresCopy.Variable} must name a PostgreSQL server (an admin connection string)");
        Console.WriteLine($"{Workers} clients, {Warmup} warm-up + {Measured} measured requests per run; read mix of {Reads.Length} paths, 1 write in 20");
        Console.WriteLine("nodes | requests/s | p50 ms | p99 ms | node CPU s / 1,000 req | DB round trips / req");
        foreach (var nodes in new[] { 1, 2, 1, 2 })
        {
            var r = await MeasureAsync(server, nodes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{nodes,5} | {r.Throughput,10:N0} | {r.P50,6:N1} | {r.P99,6:N1} | {r.CpuPer1000,22:N2} | {r.RoundTrips,20:N1}"));
        }
    }

    private sealed record Result(double Throughput, double P50, double P99, double CpuPer1000, double RoundTrips);

    private static async Task<Result> MeasureAsync(string server, int nodes)
    {
        var name = $"bp_bench_nodes_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
        try
        {
            await using var cluster = await Cluster.StartAsync(AppContext.BaseDirectory, database, nodes);
            var clients = new List<HttpClient>();
            for (var i = 0; i < Workers; i++)
            {
                clients.Add(await SignedInAsync(cluster));
            }

            var units = await clients[0].GetFromJsonAsync<List<UnitDto>>("/api/units");
            var lezhi = units!.Single(u => u.Code == DemoUnits.Lezhi).Id;
            await LoadAsync(clients, Warmup, lezhi, []);

            await Task.Delay(TimeSpan.FromSeconds(1));
            var (transactionsBefore, cpuBefore) = (await TransactionsAsync(server, name), cluster.Nodes.Sum(n => n.CpuTime.TotalSeconds));
            var times = new List<double>(Measured);
            var clock = Stopwatch.StartNew();
            await LoadAsync(clients, Measured, lezhi, times);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = cluster.Nodes.Sum(n => n.CpuTime.TotalSeconds) - cpuBefore;
            // PostgreSQL flushes its statistics about once a second.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var transactions = await TransactionsAsync(server, name) - transactionsBefore;
            clients.ForEach(c => c.Dispose());

            times.Sort();
            return new Result(Measured / elapsed, times[times.Count / 2], times[(int)(times.Count * 0.99)], cpu * 1000 / Measured, (double)transactions / Measured);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>Each worker takes the next request number until all are done; every 20th is a write.</summary>
    private static async Task LoadAsync(List<HttpClient> clients, int count, int unitId, List<double> times)
    {
        var next = -1;
        await Task.WhenAll(clients.Select(async client =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = i % 20 == 19
                    ? await client.PostAsJsonAsync("/api/problems", new ProblemInput($"压测问题{i}", null, ProblemKind.Funds, unitId, null, null, null, 0))
                    : await client.GetAsync(Reads[i % Reads.Length]);
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
                }

                lock (times)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }));
    }

    private static async Task<HttpClient> SignedInAsync(Cluster cluster)
    {
        var client = cluster.Client();
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value),
            ["Input.UserName"] = "project.office",
            ["Input.Password"] = DemoAccounts.Password,
        }));
        response.EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<long> TransactionsAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
