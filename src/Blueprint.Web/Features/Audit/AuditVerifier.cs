using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

public sealed record AuditVerification(bool IsValid, long Count, string Message);

/// <summary>Walks the chain in id order and checks every link, then the head.</summary>
public static class AuditVerifier
{
    private const int Batch = 2000;

    public static async Task<AuditVerification> VerifyAsync(BlueprintDb db, CancellationToken cancellationToken = default)
    {
        // The head is read first: records appended while we walk belong to a later head, and
        // comparing them with this one would report a sound chain as broken.
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == 1, cancellationToken);
        var previous = AuditChainHead.Genesis;
        long count = 0;
        long lastId = 0;
        while (true)
        {
            var page = await db.Set<AuditRecord>().AsNoTracking()
                .Where(r => r.Id > lastId).OrderBy(r => r.Id).Take((int)Math.Min(Batch, Math.Max(head.Count - count, 0)))
                .ToListAsync(cancellationToken);
            foreach (var record in page)
            {
                if (record.PrevHash != previous)
                {
                    return new(false, count, $"record {record.Id} does not follow the record before it (a record was deleted or inserted).");
                }

                if (AuditHash.Compute(previous, record) != record.Hash)
                {
                    return new(false, count, $"record {record.Id} was altered after it was written.");
                }

                previous = record.Hash;
                count++;
                lastId = record.Id;
            }

            if (page.Count < Batch || count == head.Count)
            {
                break;
            }
        }

        if (head.Count != count || head.LastHash != previous)
        {
            return new(false, count, $"the chain holds {count} records but its head expects {head.Count} (records at the end were deleted).");
        }

        return new(true, count, "ok");
    }
}
