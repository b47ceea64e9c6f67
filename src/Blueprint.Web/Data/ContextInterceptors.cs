using System.Data.Common;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Web.Data;

/// <summary>
/// The audit (<see cref="AuditInterceptor"/>) and the to-do badge's note of writes
/// (<see cref="ToDoWrites"/>), each kept per context in the context itself, behind one interceptor
/// made once for the app (decision 0059). Both hold what a save or a transaction in progress has
/// written; as interceptors of the request's scope they made EF build the context's options anew
/// for every request (some 30 KB and an options comparison each), where options built once serve
/// every context. The events go to the audit first, then to the to-do notes, as when they were two
/// interceptors in that order.
/// </summary>
public sealed class ContextInterceptors(TimeProvider clock, AuditKeyRing keys, ToDoBadgeCounts counts, IHttpContextAccessor http)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The audit of this context, made when it is first needed.</summary>
    internal AuditInterceptor AuditOf(BlueprintDb db) => db.Audit ??= new AuditInterceptor(clock, keys);

    private ToDoWrites WritesOf(BlueprintDb db) => db.Writes ??= new ToDoWrites(counts, http);

    /// <summary>The interceptor of a context's options, or null (a context made outside the app, e.g. by a tool).</summary>
    internal static ContextInterceptors? Of(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<ContextInterceptors>().FirstOrDefault();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is BlueprintDb db ? WritesOf(db).SavingChanges(eventData, AuditOf(db).SavingChanges(eventData, result)) : result;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        eventData.Context is BlueprintDb db
            ? await WritesOf(db).SavingChangesAsync(eventData, await AuditOf(db).SavingChangesAsync(eventData, result, cancellationToken), cancellationToken)
            : result;

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        eventData.Context is BlueprintDb db ? WritesOf(db).SavedChanges(eventData, AuditOf(db).SavedChanges(eventData, result)) : result;

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        eventData.Context is BlueprintDb db
            ? await WritesOf(db).SavedChangesAsync(eventData, await AuditOf(db).SavedChangesAsync(eventData, result, cancellationToken), cancellationToken)
            : result;

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is BlueprintDb db)
        {
            AuditOf(db).SaveChangesFailed(eventData);
            WritesOf(db).SaveChangesFailed(eventData);
        }
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlueprintDb db)
        {
            await AuditOf(db).SaveChangesFailedAsync(eventData, cancellationToken);
            await WritesOf(db).SaveChangesFailedAsync(eventData, cancellationToken);
        }
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        eventData.Context is BlueprintDb db ? AuditOf(db).TransactionCommitting(transaction, eventData, result) : result;

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        eventData.Context is BlueprintDb db ? AuditOf(db).TransactionCommittingAsync(transaction, eventData, result, cancellationToken) : ValueTask.FromResult(result);

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result) =>
        eventData.Context is BlueprintDb db ? AuditOf(db).TransactionStarted(connection, eventData, result) : result;

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        eventData.Context is BlueprintDb db ? AuditOf(db).TransactionStartedAsync(connection, eventData, result, cancellationToken) : ValueTask.FromResult(result);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is BlueprintDb db)
        {
            AuditOf(db).TransactionCommitted(transaction, eventData);
            WritesOf(db).TransactionCommitted(transaction, eventData);
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlueprintDb db)
        {
            await AuditOf(db).TransactionCommittedAsync(transaction, eventData, cancellationToken);
            await WritesOf(db).TransactionCommittedAsync(transaction, eventData, cancellationToken);
        }
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is BlueprintDb db)
        {
            AuditOf(db).TransactionRolledBack(transaction, eventData);
            WritesOf(db).TransactionRolledBack(transaction, eventData);
        }
    }

    public async Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlueprintDb db)
        {
            await AuditOf(db).TransactionRolledBackAsync(transaction, eventData, cancellationToken);
            await WritesOf(db).TransactionRolledBackAsync(transaction, eventData, cancellationToken);
        }
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Context is BlueprintDb db)
        {
            AuditOf(db).TransactionFailed(transaction, eventData);
            WritesOf(db).TransactionFailed(transaction, eventData);
        }
    }

    public async Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is BlueprintDb db)
        {
            await AuditOf(db).TransactionFailedAsync(transaction, eventData, cancellationToken);
            await WritesOf(db).TransactionFailedAsync(transaction, eventData, cancellationToken);
        }
    }
}
