using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// The audit of a bulk insert (<see cref="BulkInsert"/>), which bypasses SaveChanges and so the
/// interceptor: one record per inserted row, exactly as the interceptor would write it (same
/// serialisation, same chain), appended under the same chain-head lock in the caller's transaction.
/// </summary>
public static class AuditAppender
{
    public static async Task AppendInsertsAsync<T>(BlueprintDb db, IReadOnlyList<T> inserted, TimeProvider clock, CancellationToken ct) where T : class
    {
        // Lock the head first, as the interceptor does, so concurrent writers queue here.
        await db.Set<AuditChainHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Count, h => h.Count), ct);
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        var at = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime);
        var last = head.LastHash;
        var records = new List<AuditRecord>(inserted.Count);
        foreach (var row in inserted)
        {
            var entry = db.Entry(row);
            var record = AuditInterceptor.Chained(db.CurrentUser, at, typeof(T).Name, AuditInterceptor.KeyOf(entry), "Insert",
                null, AuditInterceptor.Serialize(entry, original: false, names: null), last);
            last = record.Hash;
            records.Add(record);
        }

        // Ids follow VALUES order under the head lock, which is the chain's order.
        await BulkInsert.InsertAsync(db, records, [], ct);
        var count = head.Count + records.Count;
        await db.Set<AuditChainHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, last).SetProperty(h => h.Count, count), ct);
    }
}
