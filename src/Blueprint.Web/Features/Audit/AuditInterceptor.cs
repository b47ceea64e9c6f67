using System.Text.Json;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// Records every insert, update and delete made through SaveChanges, in the same transaction.
/// Before saving it opens a transaction if none is open and locks the chain head; after saving
/// (when generated keys are known) it appends the records to the hash chain and commits.
/// ExecuteUpdate/ExecuteDelete bypass this: code that uses them must audit by hand.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock, AuditKeyRing keys) : SaveChangesInterceptor
{
    private static readonly HashSet<string> Secret = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private List<Pending>? _pending;
    private IDbContextTransaction? _ownTransaction;
    private bool _writingAudit;

    private sealed record Pending(EntityEntry Entry, string Action, string? Before, HashSet<string>? Changed, string? DeletedKey);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_writingAudit || eventData.Context is not BlueprintDb db)
        {
            return result;
        }

        var pending = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            // The sign-in log and the sessions stay outside the chain: see SignInEvent for why (an
            // administrator ending a session is appended by SessionAdmin). Data-protection keys
            // are secrets (cookie and antiforgery keys): their XML must never be copied into the log.
            // Kept figures are derived from audited records and recorded nothing new (decision 0041).
            .Where(e => e.Entity is not AuditRecord and not AuditChainHead and not SignInEvent and not Features.Access.UserSession
                and not Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey and not Figures.KeptFigure)
            .Select(e => (Entry: e, Changed: ChangedNames(e)))
            .Select(x => new Pending(
                x.Entry,
                x.Entry.State switch { EntityState.Added => "Insert", EntityState.Modified => "Update", _ => "Delete" },
                x.Entry.State == EntityState.Added ? null : Serialize(x.Entry, original: true, x.Changed),
                x.Changed,
                x.Entry.State == EntityState.Deleted ? KeyOf(x.Entry) : null))
            .ToList();
        if (pending.Count == 0)
        {
            return result;
        }

        if (db.Database.CurrentTransaction is null)
        {
            _ownTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
        }

        // Lock the head first, before any other row, so concurrent writers queue here and
        // cannot deadlock on each other's rows (a no-op update still takes the lock).
        await db.Set<AuditChainHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Count, h => h.Count), cancellationToken);
        _pending = pending;
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_writingAudit || _pending is null || eventData.Context is not BlueprintDb db)
        {
            return result;
        }

        var pending = _pending;
        _pending = null;
        try
        {
            var head = await db.Set<AuditChainHead>().SingleAsync(h => h.Id == 1, cancellationToken);
            await db.Entry(head).ReloadAsync(cancellationToken);
            var at = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime);
            foreach (var p in pending)
            {
                var record = Chained(keys.Current, db.CurrentUser, at, p.Entry.Metadata.ClrType.Name, p.DeletedKey ?? KeyOf(p.Entry), p.Action,
                    p.Before, p.Action == "Delete" ? null : Serialize(p.Entry, original: false, p.Changed), head.LastHash);
                head.LastHash = record.Hash;
                head.Count++;
                db.Add(record);
            }

            _writingAudit = true;
            await db.SaveChangesAsync(cancellationToken);
            if (_ownTransaction is not null)
            {
                await _ownTransaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            _writingAudit = false;
            await EndTransactionAsync();
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_writingAudit)
        {
            return;
        }

        _pending = null;
        await EndTransactionAsync();
    }

    private async Task EndTransactionAsync()
    {
        if (_ownTransaction is not null)
        {
            await _ownTransaction.DisposeAsync(); // rolls back unless committed
            _ownTransaction = null;
        }
    }

    /// <summary>One record, hashed onto <paramref name="prevHash"/>: the one place the record's fields are filled.</summary>
    internal static AuditRecord Chained(AuditKey signer, Infrastructure.CurrentUser user, DateTime at, string entity, string key, string action,
        string? before, string? after, string prevHash)
    {
        var record = new AuditRecord
        {
            AtUtc = at,
            UserId = user.UserId,
            UserName = user.UserName,
            UnitId = user.UnitId,
            Entity = entity,
            EntityKey = key,
            Action = action,
            Before = before,
            After = after,
            RequestId = user.RequestId,
            ClientIp = user.ClientIp,
            KeyId = signer.Id,
            PrevHash = prevHash,
            Hash = "",
        };
        record.Hash = AuditHash.Sign(prevHash, record, signer.Secret);
        return record;
    }

    /// <summary>
    /// The key ring of the interceptor that audits this context: what signs the records written
    /// beside SaveChanges (<see cref="AuditAppender"/>) and what the verifier checks with.
    /// </summary>
    internal AuditKeyRing Keys => keys;

    internal static AuditKeyRing KeysOf(BlueprintDb db) =>
        db.GetService<IDbContextOptions>().FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors?
            .OfType<AuditInterceptor>().FirstOrDefault()?.Keys
        ?? throw new InvalidOperationException("This context has no audit interceptor, so no audit key.");

    internal static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));

    /// <summary>Names of the properties an update changes (null: all properties).</summary>
    private static HashSet<string>? ChangedNames(EntityEntry entry) =>
        entry.State != EntityState.Modified ? null
        : Values(entry).Where(v => v.Entry.IsModified).Select(v => v.Name).ToHashSet();

    /// <summary>
    /// Values the audit never shows: password hashes and stamps, and an account's tokens (its
    /// authenticator key, recovery codes), which would let whoever reads the trail sign in as it.
    /// </summary>
    private static bool IsSecret(EntityEntry entry, string name) =>
        Secret.Contains(name)
        || (name == "Value" && entry.Metadata.ClrType.IsGenericType && entry.Metadata.ClrType.GetGenericTypeDefinition() == typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<>));

    /// <summary>The record's values as JSON, limited to <paramref name="names"/> when given.</summary>
    internal static string Serialize(EntityEntry entry, bool original, HashSet<string>? names)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, p) in Values(entry))
        {
            if (names is null || names.Contains(name))
            {
                values[name] = IsSecret(entry, name) ? "***" : original ? p.OriginalValue : p.CurrentValue;
            }
        }

        return JsonSerializer.Serialize(values, Json);
    }

    private static IEnumerable<(string Name, PropertyEntry Entry)> Values(EntityEntry entry)
    {
        foreach (var p in entry.Properties)
        {
            yield return (p.Metadata.Name, p);
        }

        foreach (var complex in entry.ComplexProperties)
        {
            foreach (var p in complex.Properties)
            {
                yield return (complex.Metadata.Name + "." + p.Metadata.Name, p);
            }
        }
    }
}
