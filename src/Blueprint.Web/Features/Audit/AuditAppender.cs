using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// Audit records written without SaveChanges, and so without the interceptor: the audit of a
/// bulk insert (<see cref="BulkInsert"/>), and events that change no row (a read of the audit
/// log, a check of the chain). They are appended exactly as the interceptor would write them
/// (same serialisation, same chain) under the same chain-head lock.
/// </summary>
public static class AuditAppender
{
    /// <summary>The audit of rows inserted without SaveChanges; it marks the kept figures they change too, as the interceptors would.</summary>
    public static async Task AppendInsertsAsync<T>(BlueprintDb db, IReadOnlyList<T> inserted, TimeProvider clock, CancellationToken ct) where T : class
    {
        await AppendAsync(db, clock, (signer, at, previous) =>
        {
            var records = new List<AuditRecord>(inserted.Count);
            foreach (var row in inserted)
            {
                var entry = db.Entry(row);
                var record = AuditInterceptor.Chained(signer, db.CurrentUser, at, typeof(T).Name, AuditInterceptor.KeyOf(entry), "Insert",
                    null, AuditInterceptor.Serialize(entry, original: false, names: null), previous);
                previous = record.Hash;
                records.Add(record);
            }

            return records;
        }, ct);
        await Figures.KeptFigures.InvalidateAsync(db, Figures.KeptFigures.ChangesOf(inserted.Select(r => (Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry)db.Entry(r)), inserted: true), ct);
    }

    /// <summary>
    /// One record of an event that is not a row change (<paramref name="action"/> e.g. "Read"),
    /// in its own transaction unless the caller has one open.
    /// </summary>
    public static async Task AppendEventAsync(BlueprintDb db, string entity, string key, string action, string? after, TimeProvider clock, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await AppendAsync(db, clock, (signer, at, previous) =>
                [AuditInterceptor.Chained(signer, db.CurrentUser, at, entity, key, action, null, after, previous)], ct);
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

    private static async Task AppendAsync(BlueprintDb db, TimeProvider clock, Func<AuditKey, DateTime, string, List<AuditRecord>> build, CancellationToken ct)
    {
        // Lock the head first, as the interceptor does, so concurrent writers queue here.
        await db.Set<AuditChainHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Count, h => h.Count), ct);
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        // The key ring is a singleton of the application, reached through the context's services.
        var records = build(AuditInterceptor.KeysOf(db).Current, AuditHash.Truncate(clock.GetUtcNow().UtcDateTime), head.LastHash);
        if (records.Count == 0)
        {
            return;
        }

        // Ids follow VALUES order under the head lock, which is the chain's order.
        await BulkInsert.InsertAsync(db, records, [], ct);
        var last = records[^1].Hash;
        var count = head.Count + records.Count;
        await db.Set<AuditChainHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, last).SetProperty(h => h.Count, count), ct);
    }
}
