using System.Data.Common;
using System.Text;
using System.Text.Json;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// Records every insert, update and delete made through SaveChanges, in the same transaction.
/// Before saving it opens a transaction if none is open; after saving (when generated keys are
/// known) it queues the records. The transaction's commit appends them to the hash chain and
/// marks the kept figures the writes change, under the chain head's lock, which is therefore held
/// only for the commit and not for the whole transaction (decision 0044). ExecuteUpdate and
/// ExecuteDelete bypass this: code that uses them must audit by hand (<see cref="AuditAppender"/>).
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock, AuditKeyRing keys) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly HashSet<string> Secret = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private List<Pending>? _pending;
    private List<Figures.KeptChange>? _pendingChanges;
    private IDbContextTransaction? _ownTransaction;

    // What the open transaction will append when it commits: its records (not yet chained) and the kept figures it changes.
    private Guid? _queuedFor;
    private readonly List<AuditRecord> _queued = [];
    private readonly List<Figures.KeptChange> _queuedChanges = [];
    private bool _pendingFigures;
    private bool _queuedFigures;

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
        if (eventData.Context is not BlueprintDb db)
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

        _pending = pending;
        _pendingChanges = Figures.KeptFigures.ChangesOf(db.ChangeTracker.Entries());
        _pendingFigures = pending.Any(p => !FigureBlind(p.Entry));
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_pending is null || eventData.Context is not BlueprintDb db)
        {
            return result;
        }

        var (pending, changes) = (_pending, _pendingChanges ?? []);
        (_pending, _pendingChanges) = (null, null);
        try
        {
            Queue(db, pending.Select(p => Unsealed(db.CurrentUser, p.Entry.Metadata.ClrType.Name, p.DeletedKey ?? KeyOf(p.Entry), p.Action,
                p.Before, p.Action == "Delete" ? null : Serialize(p.Entry, original: false, p.Changed))), changes, _pendingFigures);

            if (_ownTransaction is not null)
            {
                await _ownTransaction.CommitAsync(cancellationToken); // appends the queue (TransactionCommittingAsync)
            }
        }
        finally
        {
            await EndTransactionAsync();
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (_pending, _pendingChanges) = (null, null);
        await EndTransactionAsync();
    }

    /// <summary>
    /// Whether a written record is of what no figure reads (<see cref="AuditChainHead.FigureWrites"/>):
    /// a progress report that neither counts in the reporting ranking (submitted, approved or accepted)
    /// nor was accepted, before or after the write — a draft saved, or deleted. Every other record may
    /// change a figure; a rule added here must hold for every figure a page keeps by that count.
    /// </summary>
    internal static bool FigureBlind(EntityEntry entry)
    {
        static bool Counts(SubmissionStatus status, DateTime? acceptedAtUtc) =>
            status is SubmissionStatus.Submitted or SubmissionStatus.Approved or SubmissionStatus.Accepted || acceptedAtUtc is not null;
        return entry.Entity is Projects.ProgressReport report
            && !Counts(report.Status, report.AcceptedAtUtc)
            && (entry.State == EntityState.Added
                || !Counts((SubmissionStatus)entry.Property(nameof(report.Status)).OriginalValue!, (DateTime?)entry.Property(nameof(report.AcceptedAtUtc)).OriginalValue));
    }

    /// <summary>
    /// Queues a record (and the kept figures its write changes) for the commit of the context's open
    /// transaction. Whatever was queued for an earlier transaction that never committed is dropped.
    /// <paramref name="figures"/>: whether the write may change a figure (<see cref="AuditChainHead.FigureWrites"/>).
    /// </summary>
    internal void Queue(BlueprintDb db, IEnumerable<AuditRecord> records, IEnumerable<Figures.KeptChange> changes, bool figures = true)
    {
        // By the EF transaction's id: Npgsql reuses one DbTransaction object per connection.
        var transaction = db.Database.CurrentTransaction?.TransactionId
            ?? throw new InvalidOperationException("Audit records are queued inside a transaction.");
        if (transaction != _queuedFor)
        {
            Clear();
            _queuedFor = transaction;
        }

        _queued.AddRange(records);
        _queuedChanges.AddRange(changes);
        _queuedFigures |= figures;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionCommitting(transaction, eventData, result));

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.TransactionId != _queuedFor || eventData.Context is not BlueprintDb db || (_queued.Count == 0 && _queuedChanges.Count == 0))
        {
            return result;
        }

        // Appended and committed here, synchronously, so the head's lock ends with the step; EF's own
        // (asynchronous) commit is suppressed and it goes on as after a commit.
        AppendQueued(db);
        transaction.Commit();
        return InterceptionResult.Suppress();
    }

    // A transaction begun while records of an earlier one are queued: that one was abandoned (disposed unfinished).
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Clear();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Clear();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Clear();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    private void Clear()
    {
        _queuedFor = null;
        _queued.Clear();
        _queuedChanges.Clear();
        _queuedFigures = false;
    }

    /// <summary>
    /// The commit's one serialised step: take the chain head's lock, mark the kept figures the
    /// transaction's writes change, seal its records onto the chain in order and move the head.
    /// Every writer holds the lock only for this, so writers no longer queue for the length of
    /// each other's transactions; and a reader that makes a kept row under the same lock
    /// (<see cref="Figures.KeptFigures"/>) sees every write either committed or marking the row.
    /// </summary>
    /// <remarks>
    /// Synchronous, in three round trips (the lock with the head and the marks; the records; the
    /// head) and the commit: awaiting here would leave the lock held while each continuation waits
    /// its turn on a busy thread pool, and under load every writer queued behind those waits (the
    /// load test on PostgreSQL, docs/benchmarks.md).
    /// </remarks>
    private void AppendQueued(BlueprintDb db)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        long count;
        string previous;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            var sql = new StringBuilder(_queuedFigures
                ? """UPDATE "AuditChainHead" SET "FigureWrites" = "FigureWrites" + 1 WHERE "Id" = 1 RETURNING "Count", "LastHash";"""
                : """UPDATE "AuditChainHead" SET "Count" = "Count" WHERE "Id" = 1 RETURNING "Count", "LastHash";""");
            Figures.KeptFigures.AppendMarks(sql, command, _queuedChanges);
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new InvalidOperationException("The audit chain has no head row.");
            }

            (count, previous) = (reader.GetInt64(0), reader.GetString(1));
            while (reader.NextResult())
            {
            }
        }

        if (_queued.Count == 0)
        {
            return;
        }

        var (signer, at) = (keys.Current, AuditHash.Truncate(clock.GetUtcNow().UtcDateTime));
        foreach (var record in _queued)
        {
            Seal(record, signer, at, previous);
            previous = record.Hash;
        }

        // Ids follow VALUES order under the head lock, which is the chain's order.
        BulkInsert.InsertNow(db, _queued);
        using var head = connection.CreateCommand();
        head.Transaction = transaction;
        head.CommandText = """UPDATE "AuditChainHead" SET "LastHash" = @hash, "Count" = @count WHERE "Id" = 1""";
        head.AddParameter("@hash", previous);
        head.AddParameter("@count", count + _queued.Count);
        head.ExecuteNonQuery();
    }

    private async Task EndTransactionAsync()
    {
        if (_ownTransaction is not null)
        {
            await _ownTransaction.DisposeAsync(); // rolls back unless committed
            _ownTransaction = null;
        }
    }

    /// <summary>A record with every field but its place in the chain (time, key and hashes), which the commit gives it.</summary>
    internal static AuditRecord Unsealed(Infrastructure.CurrentUser user, string entity, string key, string action, string? before, string? after) =>
        new()
        {
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
            PrevHash = "",
            Hash = "",
        };

    /// <summary>Gives the record its place in the chain: the one place its time, key and hashes are filled.</summary>
    internal static void Seal(AuditRecord record, AuditKey signer, DateTime at, string prevHash)
    {
        record.AtUtc = at;
        record.KeyId = signer.Id;
        record.PrevHash = prevHash;
        record.Hash = AuditHash.Sign(prevHash, record, signer.Secret);
    }

    /// <summary>
    /// The key ring of the interceptor that audits this context: what signs the records written
    /// beside SaveChanges (<see cref="AuditAppender"/>) and what the verifier checks with.
    /// </summary>
    internal AuditKeyRing Keys => keys;

    internal static AuditKeyRing KeysOf(BlueprintDb db) => Of(db).Keys;

    /// <summary>The audit of this context (one per context, <see cref="ContextInterceptors"/>): where records written beside SaveChanges are queued.</summary>
    internal static AuditInterceptor Of(BlueprintDb db) =>
        ContextInterceptors.Of(db)?.AuditOf(db) ?? throw new InvalidOperationException("This context has no audit interceptor.");

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
