using System.Data.Common;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        Both<ISaveChangesInterceptor>(eventData.Context, i => i.SaveChangesFailed(eventData));

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        BothAsync<ISaveChangesInterceptor>(eventData.Context, i => i.SaveChangesFailedAsync(eventData, cancellationToken));

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

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Both<IDbTransactionInterceptor>(eventData.Context, i => i.TransactionCommitted(transaction, eventData));

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        BothAsync<IDbTransactionInterceptor>(eventData.Context, i => i.TransactionCommittedAsync(transaction, eventData, cancellationToken));

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Both<IDbTransactionInterceptor>(eventData.Context, i => i.TransactionRolledBack(transaction, eventData));

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        BothAsync<IDbTransactionInterceptor>(eventData.Context, i => i.TransactionRolledBackAsync(transaction, eventData, cancellationToken));

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        Both<IDbTransactionInterceptor>(eventData.Context, i => i.TransactionFailed(transaction, eventData));

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        BothAsync<IDbTransactionInterceptor>(eventData.Context, i => i.TransactionFailedAsync(transaction, eventData, cancellationToken));

    /// <summary>An event both hear: the context's audit, then its to-do notes (nothing for a context that is not a BlueprintDb).</summary>
    private void Both<T>(DbContext? context, Action<T> run) where T : class
    {
        if (context is BlueprintDb db)
        {
            run((T)(object)AuditOf(db));
            run((T)(object)WritesOf(db));
        }
    }

    private async Task BothAsync<T>(DbContext? context, Func<T, Task> run) where T : class
    {
        if (context is BlueprintDb db)
        {
            await run((T)(object)AuditOf(db));
            await run((T)(object)WritesOf(db));
        }
    }
}
