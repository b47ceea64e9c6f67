using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blueprint.Bench;

/// <summary>
/// `-- cockpit [path …]`: the whole web app in-process on the province database (SQLite, and
/// PostgreSQL when <c>BLUEPRINT_BENCH_POSTGRES</c> is set; <c>BENCH_ONLY=Sqlite</c> or <c>Postgres</c>
/// keeps one of them, for `cockpit` and `cockpit-parts`, not `pages-demo`), signed in as a leader who sees all
/// units, timing full server-side renders of the leader's pages. A plain stopwatch around
/// in-memory requests (TestServer, no network): what is measured is routing, authorization, the
/// queries and the HTML, which is what a leader waits for.
/// </summary>
public static class CockpitRun
{
    public const int WarmUp = 5;
    /// <summary>Timed requests per path: 30, or <c>BENCH_REPEAT</c> (more, to profile one page under dotnet-trace).</summary>
    public static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("BENCH_REPEAT"), out var n) && n > 0 ? n : 30;

    private static readonly TimeSpan TooSlow = TimeSpan.FromSeconds(20);

    /// <summary>The instant the app believes it is: just after the generated data ends, so "this month" is January 2026 and December 2025 is the last full month.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] DefaultPaths = ["/cockpit", "/cockpit?year=2025&month=6", "/reports/bulletin?year=2025&month=12", "/api/bulletin?year=2025&month=12", "/"];

    /// <summary>`-- pages-demo [path …]`: the same table on a fresh SQLite database seeded with the demo city (signed in as the demo leader).</summary>
    public const string DemoPath = "/tmp/blueprint-bench-demo.db";

    public static async Task RunAsync(string[] paths, bool parts = false, bool demo = false)
    {
        paths = paths.Length > 0 ? paths : DefaultPaths;
        var started = Stopwatch.StartNew();
        if (demo)
        {
            foreach (var file in new[] { DemoPath, DemoPath + "-wal", DemoPath + "-shm" })
            {
                File.Delete(file);
            }

            await TimeTableAsync([(DatabaseProvider.Sqlite, ProvinceData.ConnectionString(DemoPath))], paths, demo: true);
            return;
        }

        await ProvinceData.EnsureAsync(ProvinceData.DefaultPath);
        Console.WriteLine($"SQLite province data ready in {started.Elapsed.TotalSeconds:N1} s ({ProvinceData.DefaultPath})");
        // BENCH_ONLY=Postgres (or Sqlite) times one database only, as `load` does; the SQLite file is
        // made either way (PostgreSQL's copy is read from it).
        var targets = new List<(DatabaseProvider Provider, string ConnectionString)>();
        if (BenchOnly.Includes(DatabaseProvider.Sqlite))
        {
            targets.Add((DatabaseProvider.Sqlite, ProvinceData.ConnectionString(ProvinceData.DefaultPath)));
        }

        if (!BenchOnly.Includes(DatabaseProvider.Postgres))
        {
            Console.WriteLine($"PostgreSQL skipped: {BenchOnly.Variable}={BenchOnly.Value}.");
        }
        else if (PostgresCopy.ServerConnectionString is { } server)
        {
            started.Restart();
            targets.Add((DatabaseProvider.Postgres, await PostgresCopy.EnsureAsync(server, ProvinceData.DefaultPath)));
            Console.WriteLine($"PostgreSQL province data ready in {started.Elapsed.TotalSeconds:N1} s ({PostgresCopy.DatabaseName})");
        }
        else
        {
            Console.WriteLine($"PostgreSQL skipped: set {PostgresCopy.Variable} to a server connection string to include it.");
        }

        if (targets.Count == 0)
        {
            Console.WriteLine($"Nothing to time: {BenchOnly.Variable}={BenchOnly.Value} names no database of this run.");
            return;
        }

        if (parts)
        {
            Console.WriteLine();
            Console.WriteLine("| database | part | median ms | min ms |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (provider, connectionString) in targets)
            {
                await using var app = new BenchApp(provider, connectionString);
                await CockpitParts.RunAsync(app.Services, provider.ToString());
            }

            return;
        }

        await TimeTableAsync(targets, paths, demo: false);
    }

    private static async Task TimeTableAsync(List<(DatabaseProvider Provider, string ConnectionString)> targets, string[] paths, bool demo)
    {
        Console.WriteLine();
        Console.WriteLine($"| database | page | status | KB | median ms | p95 ms | min ms | queries | KB allocated | raw ms | × raw | × raw past the fixed cost |   ({WarmUp} warm-up, {Requests} timed requests each; queries and allocation per request, median; raw: the page's hand-written SQL, PageYardsticks; fixed cost: the median of an empty page, /not-found, or of /api/auth/me for an API, timed in the same app)");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (provider, connectionString) in targets)
        {
            // The cockpit's pages are served from its cache while nothing is written (the usual
            // case); a second app with the cache off times the render right after a write.
            foreach (var cached in new[] { true, false })
            {
                await using var app = new BenchApp(provider, connectionString, cached, demo);
                var client = await app.SignInLeaderAsync();
                // What every request costs whatever it shows: the session check, the layout and its badges (a page), the authentication (an API).
                var fixedPage = Percentile([.. (await TimeAsync(client, "/not-found")).Times.Order()], 0.5);
                var fixedApi = Percentile([.. (await TimeAsync(client, "/api/auth/me")).Times.Order()], 0.5);
                Console.WriteLine($"| {provider}{(cached ? "" : ", cache off")} | fixed cost: `/not-found`, `/api/auth/me` | | | {fixedPage:N1}, {fixedApi:N1} | | | | | | | |");
                foreach (var path in cached ? paths : paths.Where(p => p.StartsWith("/cockpit", StringComparison.Ordinal) || p.StartsWith("/api/cockpit", StringComparison.Ordinal)))
                {
                    var (status, bytes, times, queries, allocated, body) = await TimeAsync(client, path);
                    times.Sort();
                    var label = cached ? provider.ToString() : $"{provider}, cache off";
                    label = demo ? $"{label}, demo" : label;
                    var median = Percentile(times, 0.5);
                    var fixedCost = path.StartsWith("/api/", StringComparison.Ordinal) ? fixedApi : fixedPage;
                    var (raw, ratio, pastFixed, warning) = demo ? ("", "", "", null) : await RawAsync(path, provider, connectionString, median, fixedCost, body);
                    Console.WriteLine($"| {label} | `{path}` | {status} | {bytes / 1024.0:N0} | {median:N1} | {Percentile(times, 0.95):N1} | {times[0]:N1} | {queries} | {allocated / 1024.0:N0} | {raw} | {ratio} | {pastFixed} |{(status < 0 ? " render failed (reason above)" : times.Count < Requests ? $" stopped after {times.Count} request(s) over {TooSlow.TotalSeconds:N0} s" : "")}");
                    if (warning is not null)
                    {
                        Console.WriteLine(warning);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The path's raw-SQL yardstick (blank without one): its median, the page's median over it, the
    /// same past the fixed cost of any request (the page's median less <paramref name="fixedCost"/>), and a warning when the yardstick's count is not the total the page or API shows.
    /// </summary>
    private static async Task<(string Raw, string Ratio, string PastFixed, string? Warning)> RawAsync(string path, DatabaseProvider provider, string connectionString, double pageMedian, double fixedCost, string body)
    {
        if (!PageYardsticks.ByPath.TryGetValue(path, out var yardstick))
        {
            return ("", "", "", null);
        }

        var (raw, count) = await yardstick.TimeAsync(provider, connectionString);
        var shown = ShownTotal(body);
        var warning = count is { } c && c != shown
            ? $"  warning: `{path}` shows a total of {shown?.ToString(CultureInfo.InvariantCulture) ?? "(none found)"}, its yardstick counts {c}"
            : null;
        return ($"{raw:N1}", $"{pageMedian / raw:N1}", $"{Math.Max(0, pageMedian - fixedCost) / raw:N1}", warning);
    }

    /// <summary>The total a list shows: the pager's "共 N 条" on a page, <c>"total"</c> in an API's JSON.</summary>
    private static long? ShownTotal(string body)
    {
        var match = Regex.Match(body, "共\\s*([0-9,]+)\\s*条") is { Success: true } pager ? pager : Regex.Match(body, "\"total\"\\s*:\\s*([0-9]+)");
        return match.Success ? long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Database commands sent by EF Core (its <c>blueprint.db.command.duration</c> measurements), counted while a request runs.</summary>
    private static long _commands;

    private static MeterListener? _listener;

    private static void ListenToCommands()
    {
        if (_listener is not null)
        {
            return;
        }

        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Telemetry.Name && instrument.Name == "blueprint.db.command.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _commands));
        _listener.Start();
    }

    private static async Task<(int Status, long Bytes, List<double> Times, long Queries, long Allocated, string Body)> TimeAsync(HttpClient client, string path)
    {
        ListenToCommands();
        using var allocations = Environment.GetEnvironmentVariable("BENCH_ALLOC") == "1" ? new AllocationTypes() : null;
        var times = new List<double>();
        var queries = new List<long>();
        var allocated = new List<long>();
        var status = 0;
        long bytes = 0;
        var text = "";
        for (var i = 0; i < WarmUp + Requests; i++)
        {
            var commandsBefore = Interlocked.Read(ref _commands);
            // One request at a time, in-process: the process's allocation over the request is the
            // request's (plus the few background timers, which are off or idle here).
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                (status, bytes, text) = ((int)response.StatusCode, body.LongLength, System.Text.Encoding.UTF8.GetString(body));
            }
            catch (HttpRequestException e)
            {
                // TestServer rethrows a failed render; the server's log (errors only) says why.
                Console.WriteLine($"  {path}: {e.InnerException?.InnerException?.Message ?? e.Message}");
                return (-1, 0, [watch.Elapsed.TotalMilliseconds], 0, 0, "");
            }

            watch.Stop();
            if (i >= WarmUp || watch.Elapsed > TooSlow)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                queries.Add(Interlocked.Read(ref _commands) - commandsBefore);
                allocated.Add(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
            }

            // A page this slow is a finding in itself; thirty more would only cost the run an hour.
            if (watch.Elapsed > TooSlow)
            {
                break;
            }
        }

        queries.Sort();
        allocated.Sort();
        allocations?.Print(path, times.Count + WarmUp);
        return (status, bytes, times, queries[queries.Count / 2], allocated[allocated.Count / 2], text);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // Any type of the web assembly names its entry point; `Program` here would be this bench's own.
    private sealed class BenchApp(DatabaseProvider provider, string connectionString, bool cockpitCache = true, bool demo = false) : WebApplicationFactory<BlueprintDb>
    {
        private const string Leader = "bench.leader";
        private const string Password = "Bench@2026";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // The factory guesses <solution>/Blueprint.Web; the project lives under src/.
            builder.UseContentRoot(WebProject.Directory());
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", provider.ToString());
            builder.UseSetting("ConnectionStrings:Blueprint", connectionString);
            builder.UseSetting("Database:SeedDemo", demo ? "true" : "false");
            // The overdue job would re-mark lights in the cached data and compete for the two cores.
            builder.UseSetting("Blueprint:Supervision:JobEnabled", "false");
            builder.UseSetting("Blueprint:Cockpit:CacheMinutes", cockpitCache ? "10" : "0");
            // Nothing is written while timing; a background round would only compete for the cores.
            builder.UseSetting("Blueprint:Cockpit:RefreshSeconds", "0");
            builder.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Error);

                // BENCH_SQL=1 prints every SQL command with its time, to see where a page spends it.
                if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
                {
                    logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
                }

                // BENCH_COMPILE=1 prints every LINQ query EF compiles: a page that compiles on every request has an uncached query.
                if (Environment.GetEnvironmentVariable("BENCH_COMPILE") == "1")
                {
                    logging.AddFilter("Microsoft.EntityFrameworkCore.Query", LogLevel.Debug);
                }
            });
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedClock(Now)));
        }

        /// <summary>A leader of the province root who sees every unit (created once per database).</summary>
        public async Task<HttpClient> SignInLeaderAsync()
        {
            if (demo)
            {
                var demoClient = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
                (await demoClient.PostAsJsonAsync("/api/auth/login", new LoginInput("leader", Web.Features.Demo.DemoAccounts.Password))).EnsureSuccessStatusCode();
                return demoClient;
            }

            using (var scope = Services.CreateScope())
            {
                scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
                await AccountSeeding.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<Role>>());
                var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
                if (await users.FindByNameAsync(Leader) is null)
                {
                    var user = new User { UserName = Leader, DisplayName = "省领导（基准测试）", UnitId = 1, Scope = DataScope.All };
                    Check(await users.CreateAsync(user, Password));
                    Check(await users.AddToRoleAsync(user, Roles.Leader));
                }
            }

            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            client.Timeout = TimeSpan.FromMinutes(10);
            // BENCH_USER=load.reporter0 (an account of the load run, made by `-- load`) times a unit reporter's pages instead.
            var (name, password) = Environment.GetEnvironmentVariable("BENCH_USER") is { Length: > 0 } other ? (other, LoadRun.Password) : (Leader, Password);
            (await client.PostAsJsonAsync("/api/auth/login", new LoginInput(name, password))).EnsureSuccessStatusCode();
            return client;
        }

        private static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
    }
}
