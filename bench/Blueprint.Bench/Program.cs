using BenchmarkDotNet.Running;
using Blueprint.Bench;

// `dotnet run -c Release --project bench/Blueprint.Bench -- generate` builds the data only
// (and loads it into PostgreSQL when BLUEPRINT_BENCH_POSTGRES is set); `-- cockpit [path …]`
// times the leader's pages on it (BENCH_ONLY=Sqlite or Postgres: one database only); anything else goes to BenchmarkDotNet (e.g. `-- --filter *Bulletin*`).
if (args is ["generate"])
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    await ProvinceData.EnsureAsync(ProvinceData.DefaultPath);
    Console.WriteLine($"{ProvinceData.DefaultPath} ready in {started.Elapsed.TotalSeconds:N1} s");
    if (PostgresCopy.ServerConnectionString is { } server)
    {
        started.Restart();
        await PostgresCopy.EnsureAsync(server, ProvinceData.DefaultPath);
        Console.WriteLine($"PostgreSQL database {PostgresCopy.DatabaseName} ready in {started.Elapsed.TotalSeconds:N1} s");
    }

    return;
}

if (args is ["cockpit", .. var paths])
{
    await CockpitRun.RunAsync(paths);
    return;
}

if (args is ["pages-demo", .. var demoPaths])
{
    await CockpitRun.RunAsync(demoPaths, demo: true);
    return;
}

if (args is ["cockpit-parts"])
{
    await CockpitRun.RunAsync([], parts: true);
    return;
}

if (args is ["batch"])
{
    await BatchRun.RunAsync();
    return;
}

if (args is ["two-nodes"])
{
    await TwoNodeRun.RunAsync();
    return;
}

if (args is ["upload-memory"] or ["upload-memory", _])
{
    // upload-memory: one county reporter, eight uploads; upload-memory 2: two counties' reporters, four each.
    await UploadMemoryRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return;
}

if (args is ["load", ..])
{
    // load [seconds] [users]: issue 20's load test (default 300 s, 200 users).
    await LoadRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

if (args is ["import"])
{
    await ImportRun.RunAsync();
    return;
}

if (args is ["quick"])
{
    // A fast look while iterating on a query; docs/benchmarks.md quotes BenchmarkDotNet only.
    var bench = new BulletinBenchmarks { Month = 12 };
    await bench.SetupAsync();
    foreach (var (name, run) in new (string, Func<Task<long>>)[] { ("raw", bench.RawSql), ("all", bench.AllAsync), ("category", bench.OneCategory), ("unit", bench.OneUnit), ("raw-before", bench.RawSqlBeforeAdjustment), ("before", bench.AsKnownBeforeAdjustment) })
    {
        var times = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            await run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"{name,-10} median {times[times.Count / 2]:N1} ms");
    }

    await bench.CleanupAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ProvinceData).Assembly).Run(args);
