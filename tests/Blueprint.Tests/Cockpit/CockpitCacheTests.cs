using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Blueprint.Tests.Cockpit;

/// <summary>
/// The cockpit cache reuses a report only while nothing was written and only within one data
/// scope. A private app: in the shared one, other tests' writes would change the version between
/// two reads and make "the same report again" depend on timing.
/// </summary>
public sealed class CockpitCacheTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_report_is_reused_until_a_write_and_never_across_scopes(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var cache = app.Services.GetRequiredService<CockpitCache>();
        var ct = TestContext.Current.CancellationToken;

        async Task<CockpitReport> ReadAsync(string user)
        {
            using var scope = await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            return await cache.GetAsync(db, 2023, 11, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        }

        var first = await ReadAsync("leader");
        Assert.Same(first, await ReadAsync("leader"));

        // A county leader sees its own county's projects only: never the city's report.
        var county = await ReadAsync("anyue.leader");
        Assert.NotSame(first, county);
        Assert.True(county.Projects.All.Figures.Totals.KeyListCount < first.Projects.All.Figures.Totals.KeyListCount);
        Assert.Same(county, await ReadAsync("anyue.leader"));

        // Any write — here another request renaming a lagging project — makes the next read compute afresh.
        Assert.NotEmpty(first.RedList.Lagging);
        var lagging = first.RedList.Lagging[0];
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().SingleAsync(p => p.Id == lagging.KeyProjectId, ct);
            project.Name += "（更名）";
            await db.SaveChangesAsync(ct);
        }

        var after = await ReadAsync("leader");
        Assert.NotSame(first, after);
        Assert.Contains(after.RedList.Lagging, p => p.KeyProjectId == lagging.KeyProjectId && p.Name == lagging.Name + "（更名）");
        Assert.Same(after, await ReadAsync("leader"));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task After_a_write_a_recently_viewed_cockpit_is_computed_ahead_in_its_viewers_scope(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var cache = app.Services.GetRequiredService<CockpitCache>();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var ct = TestContext.Current.CancellationToken;

        async Task<CockpitReport> ReadAsync(string user)
        {
            using var scope = await app.UserScopeAsync(user);
            return await cache.GetAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 2023, 11, clock, ct);
        }

        var city = await ReadAsync("leader");
        var county = await ReadAsync("anyue.leader");
        Assert.Equal(0, await cache.RefreshAsync(scopes, clock, ct)); // nothing written: both found kept

        var lagging = city.RedList.Lagging[0];
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().SingleAsync(p => p.Id == lagging.KeyProjectId, ct);
            project.Name += "（提前计算）";
            await db.SaveChangesAsync(ct);
        }

        // One round computes both views, each in its own scope; the leaders then read them without computing.
        Assert.Equal(2, await cache.RefreshAsync(scopes, clock, ct));
        var computed = cache.Computations;
        var cityAfter = await ReadAsync("leader");
        var countyAfter = await ReadAsync("anyue.leader");
        Assert.Equal(computed, cache.Computations);
        Assert.Contains(cityAfter.RedList.Lagging, p => p.Name == lagging.Name + "（提前计算）");
        Assert.Equal(county.Projects.All.Figures.Totals.KeyListCount, countyAfter.Projects.All.Figures.Totals.KeyListCount);
        Assert.True(countyAfter.Projects.All.Figures.Totals.KeyListCount < cityAfter.Projects.All.Figures.Totals.KeyListCount);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_draft_report_saved_changed_or_deleted_keeps_the_report_and_a_submission_does_not(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var cache = app.Services.GetRequiredService<CockpitCache>();
        var ct = TestContext.Current.CancellationToken;

        async Task<CockpitReport> ReadAsync()
        {
            using var scope = await app.UserScopeAsync("leader");
            return await cache.GetAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 2023, 11, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        }

        async Task<(long Count, long FigureWrites)> HeadAsync()
        {
            using var scope = app.SystemScope();
            var head = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AuditChainHead>().AsNoTracking().SingleAsync(ct);
            return (head.Count, head.FigureWrites);
        }

        async Task WriteAsync(Action<BlueprintDb, ProgressReport?> change)
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            change(db, await db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Year == 2023 && r.Month == 12 && r.Explanation == "草稿（驾驶舱缓存测试）", ct));
            await db.SaveChangesAsync(ct);
        }

        var first = await ReadAsync();
        var before = await HeadAsync();
        int projectId, unitId;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>()
                .Where(p => !db.Set<ProgressReport>().Any(r => r.KeyProjectId == p.Id && r.Year == 2023 && r.Month == 12))
                .OrderBy(p => p.Id).Select(p => new { p.Id, p.UnitId }).FirstAsync(ct);
            (projectId, unitId) = (project.Id, project.UnitId);
        }

        void AddDraft(BlueprintDb db, ProgressReport? _) => db.Add(new ProgressReport
        {
            KeyProjectId = projectId,
            UnitId = unitId,
            Year = 2023,
            Month = 12,
            InvestmentThisMonth = 10_000,
            Explanation = "草稿（驾驶舱缓存测试）",
        });

        // A draft saved, changed and deleted: three audited writes, none of them of anything a figure reads.
        await WriteAsync(AddDraft);
        await WriteAsync((_, draft) => draft!.InvestmentThisMonth = 20_000);
        Assert.Same(first, await ReadAsync());
        await WriteAsync((db, draft) => db.Remove(draft!));
        Assert.Same(first, await ReadAsync());
        var afterDrafts = await HeadAsync();
        Assert.Equal((before.Count + 3, before.FigureWrites), afterDrafts);

        // Submitted, it counts in the month's reporting ranking: the next read computes afresh.
        await WriteAsync(AddDraft);
        await WriteAsync((_, draft) => draft!.Status = SubmissionStatus.Submitted);
        Assert.Equal((afterDrafts.Count + 2, afterDrafts.FigureWrites + 1), await HeadAsync());
        Assert.NotSame(first, await ReadAsync());
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Readers_arriving_together_share_one_computation(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var cache = app.Services.GetRequiredService<CockpitCache>();
        var ct = TestContext.Current.CancellationToken;
        var before = cache.Computations;

        // Eight leaders open the cockpit at once, nothing kept yet: one computation, one report for all
        // (without single flight each would add the city up for himself).
        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var scope = await app.UserScopeAsync("leader");
            return await cache.GetAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 2023, 11, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        }, ct)));

        Assert.Equal(before + 1, cache.Computations);
        Assert.All(reads, r => Assert.Same(reads[0], r));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task After_a_write_readers_get_the_previous_report_at_once_while_one_computes_the_next(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        // The product's default (off in the Testing environment so that other tests read their own writes).
        await using var node = app.AnotherNode(new Dictionary<string, string> { ["Blueprint:Cockpit:StaleSeconds"] = "600" });
        var cache = node.Services.GetRequiredService<CockpitCache>();
        var ct = TestContext.Current.CancellationToken;

        async Task<CockpitRead> ReadAsync()
        {
            using var scope = await node.UserScopeAsync("leader");
            return await cache.ReadAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 2023, 11, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        }

        var first = await ReadAsync();
        Assert.False(first.Updating);
        var computed = cache.Computations;

        var lagging = first.Report.RedList.Lagging[0];
        using (var scope = node.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().SingleAsync(p => p.Id == lagging.KeyProjectId, ct);
            project.Name += "（稍后可见）";
            await db.SaveChangesAsync(ct);
        }

        // The first reader after the write does not wait: he gets the report he had, marked as being updated.
        var during = await ReadAsync();
        Assert.True(during.Updating);
        Assert.Same(first.Report, during.Report);
        Assert.Equal(first.ComputedUtc, during.ComputedUtc);

        // The next report arrives by itself, computed once however many read meanwhile.
        CockpitRead after;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(50, ct);
            after = await ReadAsync();
        }
        while (after.Updating && waited.Elapsed < TimeSpan.FromSeconds(60));

        Assert.False(after.Updating);
        Assert.Contains(after.Report.RedList.Lagging, p => p.KeyProjectId == lagging.KeyProjectId && p.Name == lagging.Name + "（稍后可见）");
        Assert.Equal(computed + 1, cache.Computations);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Writes_in_quick_succession_start_no_computation_until_the_interval_is_over_and_the_refresher_computes_ahead(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var node = app.AnotherNode(new Dictionary<string, string>
        {
            ["Blueprint:Cockpit:StaleSeconds"] = "600",
            ["Blueprint:Cockpit:RecomputeSeconds"] = "600",
        });
        var cache = node.Services.GetRequiredService<CockpitCache>();
        var clock = node.Services.GetRequiredService<TimeProvider>();
        var ct = TestContext.Current.CancellationToken;

        async Task<CockpitRead> ReadAsync()
        {
            using var scope = await node.UserScopeAsync("leader");
            return await cache.ReadAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 2023, 11, clock, ct);
        }

        async Task RenameAsync(int projectId, string suffix)
        {
            using var scope = node.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().SingleAsync(p => p.Id == projectId, ct);
            project.Name += suffix;
            await db.SaveChangesAsync(ct);
        }

        var first = await ReadAsync();
        var computed = cache.Computations;
        var lagging = first.Report.RedList.Lagging[0];

        // Two writes, each read after: the previous report, marked as being updated, and no computation started.
        foreach (var suffix in new[] { "（一）", "（二）" })
        {
            await RenameAsync(lagging.KeyProjectId, suffix);
            var read = await ReadAsync();
            Assert.True(read.Updating);
            Assert.Same(first.Report, read.Report);
            Assert.Equal(computed, cache.Computations);
        }

        // The refresher does not wait for the interval: one computation, and the next reader has both writes.
        Assert.Equal(1, await cache.RefreshAsync(node.Services.GetRequiredService<IServiceScopeFactory>(), clock, ct));
        var after = await ReadAsync();
        Assert.False(after.Updating);
        Assert.Contains(after.Report.RedList.Lagging, p => p.KeyProjectId == lagging.KeyProjectId && p.Name == lagging.Name + "（一）（二）");
        Assert.Equal(computed + 1, cache.Computations);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_recomputation_that_fails_behind_a_stale_report_is_logged_with_its_key(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Blueprint:Cockpit:StaleSeconds"] = "600" }).Build();
        var scopes = new FailingScopes(app.Services.GetRequiredService<IServiceScopeFactory>());
        var log = new CapturedLog();
        var cache = new CockpitCache(settings, scopes, app.Services.GetRequiredService<IHostEnvironment>(), log);
        var ct = TestContext.Current.CancellationToken;

        async Task<CockpitRead> ReadAsync()
        {
            using var scope = await app.UserScopeAsync("leader");
            return await cache.ReadAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 2023, 11, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        }

        var first = await ReadAsync();
        var lagging = first.Report.RedList.Lagging[0];
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var project = await db.Set<KeyProject>().SingleAsync(p => p.Id == lagging.KeyProjectId, ct);
            project.Name += "（计算失败）";
            await db.SaveChangesAsync(ct);
        }

        // The recomputation behind the stale report fails (its scope cannot be made); the reader does not see it.
        scopes.Fail = true;
        var during = await ReadAsync();
        Assert.True(during.Updating);
        Assert.Same(first.Report, during.Report);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (log.Entries.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, ct);
        }

        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Same(scopes.Failure, entry.Exception);
        Assert.StartsWith("All|", Assert.IsType<string>(entry.Values["Scope"]), StringComparison.Ordinal);
        Assert.Equal(2023, entry.Values["Year"]);
        Assert.Equal(11, entry.Values["Month"]);
        Assert.Contains("2023-11", entry.Message, StringComparison.Ordinal);

        // The next reader starts a new computation, which succeeds: nothing more is logged.
        scopes.Fail = false;
        CockpitRead after;
        do
        {
            await Task.Delay(50, ct);
            after = await ReadAsync();
        }
        while (after.Updating && waited.Elapsed < TimeSpan.FromSeconds(120));

        Assert.Contains(after.Report.RedList.Lagging, p => p.KeyProjectId == lagging.KeyProjectId && p.Name == lagging.Name + "（计算失败）");
        Assert.Single(log.Entries);
    }

    /// <summary>Scopes as the app makes them, until <see cref="Fail"/>: then making one throws <see cref="Failure"/>.</summary>
    private sealed class FailingScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        public bool Fail { get; set; }

        public InvalidOperationException Failure { get; } = new("The database went away (a test).");

        public IServiceScope CreateScope() => Fail ? throw Failure : inner.CreateScope();
    }

    private sealed record LogEntry(LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Values);

    /// <summary>The cache's log lines, with their structured values.</summary>
    private sealed class CapturedLog : ILogger<CockpitCache>
    {
        public System.Collections.Concurrent.ConcurrentQueue<LogEntry> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception, values.ToDictionary(v => v.Key, v => v.Value)));
        }
    }
}
