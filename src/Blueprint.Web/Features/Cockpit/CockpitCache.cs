using System.Collections.Concurrent;
using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>
/// Cockpit reports kept in memory between renders, so that a leader opening the cockpit again
/// (or a second leader of the same scope) does not wait for the whole province to be added up
/// again. A report is reused only while no figure may have changed: the key carries the audit
/// chain head's count of writes that may change a figure (<see cref="AuditChainHead.FigureWrites"/>:
/// every audited write but a draft report saved), raised under the chain-head lock in the write's own
/// transaction, so such a change anywhere — from this process or another one sharing the database —
/// gives a new key (decision 0054). The key also carries what the figures depend on besides the
/// data: the reader's data scope, the year and month asked, and the city's day (dated rules
/// judge against today). See docs/decisions/0012-cockpit-cache.md.
/// <para>
/// One computation per key at a time (single flight): readers who ask for a report being
/// computed wait for that computation instead of starting their own, and the computation runs
/// in a scope of its own, so one reader's cancelled request does not fail the others. Within
/// `Blueprint:Cockpit:StaleSeconds` of a view's last report, a reader who finds it outdated gets
/// it at once, marked as being updated, while the new one is computed behind it; so a write costs
/// the leaders reading the cockpit nothing (decision 0040).
/// </para>
/// </summary>
public sealed class CockpitCache(IConfiguration configuration, IServiceScopeFactory scopes, IHostEnvironment environment, ILogger<CockpitCache> log)
{
    /// <summary>The chain head's count of figure writes, the key's version, read by every cockpit read: compiled once (<see cref="PerModel{TQuery}"/>).</summary>
    private static readonly PerModel<Func<BlueprintDb, CancellationToken, Task<long>>> FigureWrites = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, CancellationToken ct) => db.Set<AuditChainHead>().AsNoTracking().Where(h => h.Id == 1).Select(h => h.FigureWrites).SingleOrDefault()));

    /// <summary>Distinct (scope, month) views kept; the least recently computed are dropped first when full.</summary>
    public const int Capacity = 256;

    /// <summary>How long after a view its cockpit is still computed ahead after writes.</summary>
    public static readonly TimeSpan RecentViews = TimeSpan.FromMinutes(30);

    /// <summary>At most this many recent views are computed ahead per round (the most recently viewed first).</summary>
    public const int MaxRefreshed = 16;

    /// <summary>The latest report of each view (scope and month asked), with the key it was computed under.</summary>
    private readonly ConcurrentDictionary<View, Kept> _kept = new();

    /// <summary>The computations under way, one per key.</summary>
    private readonly ConcurrentDictionary<Key, Flight> _computing = new();

    /// <summary>Who lately viewed which cockpit, to compute it ahead after a write (<see cref="RefreshAsync"/>).</summary>
    private readonly ConcurrentDictionary<View, Viewer> _views = new();

    private long _computations;

    private sealed record View(string Scope, int? Year, int? Month);

    private sealed record Viewer(ClaimsPrincipal? Principal, bool System, DateTime LastUtc);

    private sealed record Key(View View, DateOnly Today, long Version);

    private sealed record Kept(Key Key, CockpitReport Report, DateTime ComputedUtc);

    /// <summary>One computation under way, started by its first reader; <see cref="Watch"/> is true once.</summary>
    private sealed class Flight(Func<Task<CockpitReport>> start)
    {
        private readonly Lazy<Task<CockpitReport>> _task = new(start);
        private int _watched;

        public Task<CockpitReport> Task => _task.Value;

        public bool Watch() => Interlocked.Exchange(ref _watched, 1) == 0;
    }

    /// <summary>How many reports this cache has computed (not found kept): for tests and the logs.</summary>
    public long Computations => Interlocked.Read(ref _computations);

    /// <summary>How long a report may be reused at most (`Blueprint:Cockpit:CacheMinutes`, 0 = never).</summary>
    private readonly TimeSpan _maxAge = TimeSpan.FromMinutes(configuration.GetValue("Blueprint:Cockpit:CacheMinutes", 10.0));

    /// <summary>
    /// How old a view's last report may be and still be served while its successor is computed
    /// (`Blueprint:Cockpit:StaleSeconds`, default 600; 0 = every reader waits for the new report;
    /// 0 in the Testing environment unless set, so that a test reads its own writes).
    /// </summary>
    private readonly TimeSpan _stale = TimeSpan.FromSeconds(
        configuration.GetValue<double?>("Blueprint:Cockpit:StaleSeconds") ?? (environment.IsEnvironment("Testing") ? 0 : 600));

    /// <summary>
    /// How soon after a view's last report a reader who may be served it stale starts its successor
    /// (`Blueprint:Cockpit:RecomputeSeconds`, default 5; 0 in the Testing environment unless set): within it the
    /// reader gets the previous report, marked as being updated, and nothing is started. Under a steady stream of
    /// writes a view is computed once per interval instead of once per write read after; the refresher
    /// (<see cref="CockpitRefresher"/>) computes changed views ahead regardless.
    /// </summary>
    private readonly TimeSpan _recompute = TimeSpan.FromSeconds(
        configuration.GetValue<double?>("Blueprint:Cockpit:RecomputeSeconds") ?? (environment.IsEnvironment("Testing") ? 0 : 5));

    /// <summary>The cockpit of a month (or of the month the page opens on, see <see cref="CockpitAsOf.ResolveAsync"/>).</summary>
    public async Task<CockpitReport> GetAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct) =>
        (await ReadAsync(db, year, month, clock, ct)).Report;

    /// <summary>
    /// The cockpit of a month, and whether it is the previous report served while a newer one is
    /// computed (<see cref="CockpitRead.Updating"/>; the page says so, with the time it was computed).
    /// </summary>
    public async Task<CockpitRead> ReadAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        var user = db.CurrentUser;
        var now = clock.GetUtcNow().UtcDateTime;
        _views[new View(ScopeOf(user), year, month)] = new Viewer(user.Principal, user.IsSystem, now);
        if (_views.Count > Capacity)
        {
            // Only the refresher prunes old views; with it off, keep the list from growing here.
            Prune(now);
        }

        var read = await GetOrComputeAsync(db, year, month, clock, allowStale: true, ct);
        Telemetry.CockpitView(cached: !read.Computed);
        return new CockpitRead(read.Report, read.Updating, read.ComputedUtc);
    }

    /// <summary>
    /// Computes ahead the cockpits viewed in the last <see cref="RecentViews"/> whose data has
    /// changed since (the others are found kept at the cost of one tiny query), each in its
    /// viewer's scope, so that the next leader to open one after a write does not wait for it.
    /// Returns how many were computed.
    /// </summary>
    public async Task<int> RefreshAsync(IServiceScopeFactory scopeFactory, TimeProvider clock, CancellationToken ct)
    {
        if (_maxAge <= TimeSpan.Zero)
        {
            return 0;
        }

        Prune(clock.GetUtcNow().UtcDateTime);
        var computed = 0;
        foreach (var (view, viewer) in _views.OrderByDescending(v => v.Value.LastUtc).Take(MaxRefreshed).ToList())
        {
            using var scope = scopeFactory.CreateScope();
            if (!ActAs(scope.ServiceProvider.GetRequiredService<CurrentUser>(), viewer.Principal, viewer.System))
            {
                continue;
            }

            var read = await GetOrComputeAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), view.Year, view.Month, clock, allowStale: false, ct);
            computed += read.Computed ? 1 : 0;
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

    private sealed record Read(CockpitReport Report, bool Computed, bool Updating, DateTime ComputedUtc);

    private async Task<Read> GetOrComputeAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, bool allowStale, CancellationToken ct)
    {
        if (_maxAge <= TimeSpan.Zero)
        {
            var at = clock.GetUtcNow().UtcDateTime;
            return new Read(await ComputeAsync(db, year, month, clock, ct), true, false, at);
        }

        // Read before the figures: a write committed meanwhile makes the report newer than its key, never older.
        var version = await FigureWrites.For(db)(db, ct);
        var user = db.CurrentUser;
        var view = new View(ScopeOf(user), year, month);
        var key = new Key(view, SupervisionLights.Today(clock), version);
        var now = clock.GetUtcNow().UtcDateTime;
        var kept = _kept.GetValueOrDefault(view);
        if (kept is not null && kept.Key == key && now - kept.ComputedUtc < _maxAge)
        {
            return new Read(kept.Report, false, false, kept.ComputedUtc);
        }

        // Computed moments ago: the previous report, without starting another computation yet (see _recompute).
        if (allowStale && kept is not null && kept.Key.Today == key.Today && kept.Key.Version < version
            && now - kept.ComputedUtc < _recompute && now - kept.ComputedUtc < _stale)
        {
            return new Read(kept.Report, false, true, kept.ComputedUtc);
        }

        var started = false;
        var flight = _computing.GetOrAdd(key, k => new Flight(() =>
        {
            started = true;
            var principal = user.Principal;
            var system = user.IsSystem;
            // On a thread of its own: SQLite's "async" runs synchronously, and the reader who started it may not wait.
            return Task.Run(() => ComputeAloneAsync(k, principal, system, clock), CancellationToken.None);
        }));
        var task = flight.Task;

        // The previous report of this view, while its successor is computed: same city day, not older than allowed.
        if (allowStale && !task.IsCompleted && kept is not null && kept.Key.Today == key.Today && kept.Key.Version < version
            && now - kept.ComputedUtc < _stale)
        {
            if (flight.Watch())
            {
                _ = LogFailureAsync(key, task);
            }

            return new Read(kept.Report, false, true, kept.ComputedUtc);
        }

        var report = await task.WaitAsync(ct);
        return new Read(report, started, false, _kept.GetValueOrDefault(view)?.ComputedUtc ?? now);
    }

    /// <summary>One computation of a key, in a scope of its own acting as the reader it is computed for; kept when done.</summary>
    private async Task<CockpitReport> ComputeAloneAsync(Key key, ClaimsPrincipal? principal, bool system, TimeProvider clock)
    {
        try
        {
            using var scope = scopes.CreateScope();
            if (!ActAs(scope.ServiceProvider.GetRequiredService<CurrentUser>(), principal, system))
            {
                throw new InvalidOperationException("A cockpit is computed for a signed-in reader or the system only.");
            }

            var at = clock.GetUtcNow().UtcDateTime;
            var report = await ComputeAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), key.View.Year, key.View.Month, clock, CancellationToken.None);
            Keep(new Kept(key, report, at));
            return report;
        }
        finally
        {
            _computing.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// A computation behind a stale report has nobody waiting for it: if it fails, the readers
    /// keep getting the old report (until it is too old) and the next one after it tries again,
    /// so without this the failure would be seen nowhere. Logged once per computation.
    /// </summary>
    private async Task LogFailureAsync(Key key, Task<CockpitReport> task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "The cockpit of {Scope} for {Year}-{Month} (day {Today}, data version {Version}) was served stale while its recomputation failed",
                key.View.Scope, key.View.Year, key.View.Month, key.Today, key.Version);
        }
    }

    /// <summary>Keeps a view's report unless a newer one is kept already; drops the least recently computed views when full.</summary>
    private void Keep(Kept computed)
    {
        _kept.AddOrUpdate(computed.Key.View, computed, (_, old) =>
            old.Key.Version > computed.Key.Version && old.Key.Today >= computed.Key.Today ? old : computed);
        if (_kept.Count > Capacity)
        {
            foreach (var old in _kept.OrderBy(k => k.Value.ComputedUtc).Take(_kept.Count - Capacity).ToList())
            {
                _kept.TryRemove(old);
            }
        }
    }

    private static bool ActAs(CurrentUser user, ClaimsPrincipal? principal, bool system)
    {
        if (system)
        {
            user.ActAsSystem();
            return true;
        }

        if (principal is null)
        {
            return false;
        }

        user.ActAs(principal);
        return true;
    }

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

/// <summary>A cockpit as read: the report, whether it is the previous one served while a newer one is computed, and when it was computed (UTC).</summary>
public sealed record CockpitRead(CockpitReport Report, bool Updating, DateTime ComputedUtc);

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
