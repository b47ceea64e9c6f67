using System.Collections.Concurrent;
using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>
/// Cockpit reports kept in memory between renders, so that a leader opening the cockpit again
/// (or a second leader of the same scope) does not wait for the whole province to be added up
/// again. A report is reused only while nothing has been written: the key carries the audit
/// chain's count, which every audited write raises under the chain-head lock in its own
/// transaction, so a committed change anywhere — from this process or another one sharing the
/// database — gives a new key. The key also carries what the figures depend on besides the
/// data: the reader's data scope, the year and month asked, and the city's day (dated rules
/// judge against today). See docs/decisions/0012-cockpit-cache.md.
/// </summary>
public sealed class CockpitCache(IConfiguration configuration) : IDisposable
{
    /// <summary>Distinct (scope, month, version) reports kept; older ones are dropped first when full.</summary>
    public const int Capacity = 256;

    /// <summary>How long after a view its cockpit is still computed ahead after writes.</summary>
    public static readonly TimeSpan RecentViews = TimeSpan.FromMinutes(30);

    /// <summary>At most this many recent views are computed ahead per round (the most recently viewed first).</summary>
    public const int MaxRefreshed = 16;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>Who lately viewed which cockpit, to compute it ahead after a write (<see cref="RefreshAsync"/>).</summary>
    private readonly ConcurrentDictionary<View, Viewer> _views = new();

    private long _computations;

    private sealed record View(string Scope, int? Year, int? Month);

    private sealed record Viewer(ClaimsPrincipal? Principal, bool System, DateTime LastUtc);

    /// <summary>How many reports this cache has computed (not found kept): for tests and the logs.</summary>
    public long Computations => Interlocked.Read(ref _computations);

    /// <summary>How long a report may be reused at most (`Blueprint:Cockpit:CacheMinutes`, 0 = never).</summary>
    private readonly TimeSpan _maxAge = TimeSpan.FromMinutes(configuration.GetValue("Blueprint:Cockpit:CacheMinutes", 10.0));

    private sealed record Key(string Scope, int? Year, int? Month, DateOnly Today, long Version);

    /// <summary>The cockpit of a month (or of the month the page opens on, see <see cref="CockpitAsOf.ResolveAsync"/>).</summary>
    public async Task<CockpitReport> GetAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        var user = db.CurrentUser;
        var now = clock.GetUtcNow().UtcDateTime;
        _views[new View(ScopeOf(user), year, month)] = new Viewer(user.Principal, user.IsSystem, now);
        if (_views.Count > Capacity)
        {
            // Only the refresher prunes old views; with it off, keep the list from growing here.
            Prune(now);
        }

        var (report, computed) = await GetOrComputeAsync(db, year, month, clock, ct);
        Telemetry.CockpitView(cached: !computed);
        return report;
    }

    /// <summary>
    /// Computes ahead the cockpits viewed in the last <see cref="RecentViews"/> whose data has
    /// changed since (the others are found kept at the cost of one tiny query), each in its
    /// viewer's scope, so that the next leader to open one after a write does not wait for it.
    /// Returns how many were computed.
    /// </summary>
    public async Task<int> RefreshAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        if (_maxAge <= TimeSpan.Zero)
        {
            return 0;
        }

        Prune(clock.GetUtcNow().UtcDateTime);
        var computed = 0;
        foreach (var (view, viewer) in _views.OrderByDescending(v => v.Value.LastUtc).Take(MaxRefreshed).ToList())
        {
            using var scope = scopes.CreateScope();
            var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();
            if (viewer.System)
            {
                user.ActAsSystem();
            }
            else if (viewer.Principal is { } principal)
            {
                user.ActAs(principal);
            }
            else
            {
                continue;
            }

            var (_, fresh) = await GetOrComputeAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), view.Year, view.Month, clock, ct);
            computed += fresh ? 1 : 0;
        }

        return computed;
    }

    private void Prune(DateTime now)
    {
        foreach (var old in _views.Where(v => now - v.Value.LastUtc > RecentViews).ToList())
        {
            _views.TryRemove(old);
        }
    }

    /// <summary>The report, and whether it was computed now (rather than found kept).</summary>
    private async Task<(CockpitReport Report, bool Computed)> GetOrComputeAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        if (_maxAge <= TimeSpan.Zero)
        {
            return (await ComputeAsync(db, year, month, clock, ct), true);
        }

        // Read before the figures: a write committed meanwhile makes the report newer than its key, never older.
        var version = await db.Set<AuditChainHead>().AsNoTracking().Where(h => h.Id == 1).Select(h => h.Count).SingleOrDefaultAsync(ct);
        var key = new Key(ScopeOf(db.CurrentUser), year, month, SupervisionLights.Today(clock), version);
        if (_cache.TryGetValue(key, out CockpitReport? kept) && kept is not null)
        {
            return (kept, false);
        }

        var report = await ComputeAsync(db, year, month, clock, ct);
        _cache.Set(key, report, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _maxAge });
        return (report, true);
    }

    public void Dispose() => _cache.Dispose();

    private async Task<CockpitReport> ComputeAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        Interlocked.Increment(ref _computations);
        var (y, m) = await CockpitAsOf.ResolveAsync(db, year, month, clock, ct);
        return await CockpitFigures.ComputeAsync(db, y, m, clock, ct);
    }

    /// <summary>What the database's query filters and the indicator scope read of the user (see BlueprintDb).</summary>
    private static string ScopeOf(CurrentUser user) =>
        user.IsSystem ? "system" : $"{user.Scope}|{user.UnitId}|{user.UnitPath}";
}

/// <summary>
/// Computes ahead, every `Blueprint:Cockpit:RefreshSeconds` (default 20; 0 = never; off in the
/// Testing environment unless set), the cockpits viewed lately whose data changed: the first
/// leader to look after a write then finds the report ready instead of waiting for it. Every
/// node keeps its own cache, so every node refreshes its own: no slot to elect.
/// </summary>
public sealed class CockpitRefresher(
    CockpitCache cache, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, IHostEnvironment environment,
    ILogger<CockpitRefresher> log) : PeriodicJob(scopes, clock, log)
{
    protected override TimeSpan? Interval => TimeSpan.FromSeconds(
        configuration.GetValue<double?>("Blueprint:Cockpit:RefreshSeconds") ?? (environment.IsEnvironment("Testing") ? 0 : 20));

    /// <summary>Nothing was viewed before start: the first round waits one interval.</summary>
    protected override bool RunsAtStart => false;

    /// <summary>A missed round only costs the next leader a wait.</summary>
    protected override LogLevel FailureLevel => LogLevel.Warning;

    protected override async Task<string?> RoundAsync(IServiceProvider services, CancellationToken ct) =>
        await cache.RefreshAsync(Scopes, Clock, ct) is var computed and > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{computed} report(s) computed ahead after a write")
            : null;
}

public static class CockpitSetup
{
    public static IServiceCollection AddCockpit(this IServiceCollection services) =>
        services.AddSingleton<CockpitCache>().AddHostedService<CockpitRefresher>();
}
