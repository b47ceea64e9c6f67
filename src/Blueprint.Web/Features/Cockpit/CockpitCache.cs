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

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>How long a report may be reused at most (`Blueprint:Cockpit:CacheMinutes`, 0 = never).</summary>
    private readonly TimeSpan _maxAge = TimeSpan.FromMinutes(configuration.GetValue("Blueprint:Cockpit:CacheMinutes", 10.0));

    private sealed record Key(string Scope, int? Year, int? Month, DateOnly Today, long Version);

    /// <summary>The cockpit of a month (or of the month the page opens on, see <see cref="CockpitAsOf.ResolveAsync"/>).</summary>
    public async Task<CockpitReport> GetAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        if (_maxAge <= TimeSpan.Zero)
        {
            return await ComputeAsync(db, year, month, clock, ct);
        }

        // Read before the figures: a write committed meanwhile makes the report newer than its key, never older.
        var version = await db.Set<AuditChainHead>().AsNoTracking().Where(h => h.Id == 1).Select(h => h.Count).SingleOrDefaultAsync(ct);
        var key = new Key(ScopeOf(db.CurrentUser), year, month, SupervisionLights.Today(clock), version);
        if (_cache.TryGetValue(key, out CockpitReport? kept) && kept is not null)
        {
            return kept;
        }

        var report = await ComputeAsync(db, year, month, clock, ct);
        _cache.Set(key, report, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _maxAge });
        return report;
    }

    public void Dispose() => _cache.Dispose();

    private static async Task<CockpitReport> ComputeAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        var (y, m) = await CockpitAsOf.ResolveAsync(db, year, month, clock, ct);
        return await CockpitFigures.ComputeAsync(db, y, m, clock, ct);
    }

    /// <summary>What the database's query filters and the indicator scope read of the user (see BlueprintDb).</summary>
    private static string ScopeOf(CurrentUser user) =>
        user.IsSystem ? "system" : $"{user.Scope}|{user.UnitId}|{user.UnitPath}";
}

public static class CockpitSetup
{
    public static IServiceCollection AddCockpit(this IServiceCollection services) => services.AddSingleton<CockpitCache>();
}
