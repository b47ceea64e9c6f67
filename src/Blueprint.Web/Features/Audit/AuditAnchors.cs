using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

/// <summary>A chain head as written outside the database: record number <see cref="Count"/> of chain <see cref="ChainId"/> had <see cref="Hash"/>.</summary>
public sealed record AuditAnchor(DateTime AtUtc, string ChainId, long Count, string Hash, string KeyId, string Mac, string Line);

/// <summary>
/// Anchors of the audit chain (decision 0033): its head (count and last hash) appended, signed
/// with the audit key, to a file outside the database and to the log, at start, daily and on
/// <c>backup</c>. The HMAC chain stops a rewrite by someone who holds only the database; the
/// anchors stop the rewrites an HMAC cannot see: cutting records off the end, or putting an older
/// copy of the database back. A chain is known by the hash of its first record, so databases that
/// share the file (tests, a staging copy) do not mix.
/// </summary>
public static class AuditAnchors
{
    private static readonly Lock FileLock = new();

    /// <summary>Appends the current head, or nothing while the chain is empty. Returns what was written.</summary>
    public static async Task<AuditAnchor?> WriteAsync(BlueprintDb db, AuditKeyRing keys, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        var first = await db.Set<AuditRecord>().AsNoTracking().OrderBy(r => r.Id).Select(r => r.Hash).FirstOrDefaultAsync(ct);
        if (head.Count == 0 || first is null)
        {
            return null;
        }

        var key = keys.Current;
        var at = clock.GetUtcNow().UtcDateTime;
        var body = Body(at, first, head.Count, head.LastHash, key.Id);
        var line = $"{body} {Mac(key.Secret, body)}";
        lock (FileLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keys.AnchorFile)!);
            File.AppendAllText(keys.AnchorFile, line + "\n");
        }

        logger.LogInformation("Audit anchor: {Anchor}", line);
        return Parse(line);
    }

    /// <summary>Every anchor in the file, of every chain, oldest first, each with the key id it claims (checked by the verifier).</summary>
    public static IReadOnlyList<AuditAnchor> ReadAll(AuditKeyRing keys)
    {
        if (!File.Exists(keys.AnchorFile))
        {
            return [];
        }

        string[] lines;
        lock (FileLock)
        {
            lines = File.ReadAllLines(keys.AnchorFile);
        }

        return [.. lines.Select(Parse).OfType<AuditAnchor>()];
    }

    /// <summary>Whether the anchor was signed with the key it names (an anchor forged without the key is not).</summary>
    public static bool IsAuthentic(AuditAnchor anchor, AuditKeyRing keys) =>
        keys.Find(anchor.KeyId) is { } key
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key.Secret, Body(anchor.AtUtc, anchor.ChainId, anchor.Count, anchor.Hash, anchor.KeyId))), Encoding.ASCII.GetBytes(anchor.Mac));

    private static string Body(DateTime at, string chainId, long count, string hash, string keyId) =>
        string.Join(' ', at.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture), chainId, count.ToString(CultureInfo.InvariantCulture), hash, keyId);

    private static string Mac(byte[] secret, string body) => Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body)));

    private static AuditAnchor? Parse(string line)
    {
        var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return p.Length == 6
            && DateTime.TryParse(p[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            && long.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? new AuditAnchor(at, p[1], count, p[3], p[4], p[5], line)
            : null;
    }
}

/// <summary>Anchors the chain at start and then once a day (<c>Blueprint:Audit:AnchorHours</c>, default 24); off in Testing like the other jobs.</summary>
public sealed class AuditAnchorJob(IServiceScopeFactory scopes, AuditKeyRing keys, TimeProvider clock, IConfiguration config,
    IHostEnvironment environment, ILogger<AuditAnchorJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Infrastructure.PeriodicJob.IsEnabled(config.GetValue<bool?>($"{AuditKeyRing.Section}:AnchorJob"), environment))
        {
            return;
        }

        var every = TimeSpan.FromHours(config.GetValue<double?>($"{AuditKeyRing.Section}:AnchorHours") ?? 24);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<Infrastructure.CurrentUser>().ActAsSystem();
                await AuditAnchors.WriteAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), keys, clock, logger, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The audit chain could not be anchored; trying again at the next round.");
            }
        }
        while (await WaitAsync(every, stoppingToken));
    }

    private async Task<bool> WaitAsync(TimeSpan every, CancellationToken ct)
    {
        try
        {
            await Task.Delay(every, clock, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
