using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// Audit records written without SaveChanges, and so without its interception: the audit of a
/// bulk insert (<see cref="BulkInsert"/>), and events that change no row (a read of the audit
/// log, a check of the chain). They are serialised exactly as the interceptor would and queued
/// with its records, so the transaction's commit appends them to the same chain (decision 0044).
/// </summary>
public static class AuditAppender
{
    /// <summary>The audit of rows inserted without SaveChanges; it marks the kept figures they change too, as SaveChanges would.</summary>
    public static Task AppendInsertsAsync<T>(BlueprintDb db, IReadOnlyList<T> inserted, CancellationToken ct) where T : class
    {
        var entries = inserted.Select(r => (Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry)db.Entry(r)).ToList();
        var records = entries.Select(e => AuditInterceptor.Unsealed(db.CurrentUser, typeof(T).Name, AuditInterceptor.KeyOf(e), "Insert",
            null, AuditInterceptor.Serialize(e, original: false, names: null))).ToList();
        return QueueAsync(db, records, Figures.KeptFigures.ChangesOf(entries, inserted: true), ct);
    }

    /// <summary>
    /// One record of an event that is not a row change (<paramref name="action"/> e.g. "Read"),
    /// in its own transaction unless the caller has one open.
    /// </summary>
    public static Task AppendEventAsync(BlueprintDb db, string entity, string key, string action, string? after, CancellationToken ct) =>
        QueueAsync(db, [AuditInterceptor.Unsealed(db.CurrentUser, entity, key, action, null, after)], [], ct, figures: false);

    /// <param name="figures">Whether the records are of writes that may change a figure (an event changes no record).</param>
    private static async Task QueueAsync(BlueprintDb db, List<AuditRecord> records, List<Figures.KeptChange> changes, CancellationToken ct, bool figures = true)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            AuditInterceptor.Of(db).Queue(db, records, changes, figures);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
