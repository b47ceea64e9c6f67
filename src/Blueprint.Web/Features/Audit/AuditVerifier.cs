using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

public sealed record AuditVerification(bool IsValid, long Count, string Message, int Anchors = 0);

/// <summary>
/// Walks the chain in id order and checks every link, then the head, then the anchors
/// (decision 0033). Records signed with a key are checked with that key's HMAC; records from
/// before the keys (no key id) with the unkeyed SHA-256, only at the start of the chain (an
/// unkeyed record after a signed one is a forgery) and only as far as a signed anchor reaches
/// (the seal written when the keys came). Every anchor of the chain must be signed with
/// a key of the ring and name a record whose hash it matches: a chain cut short, or an older
/// copy put back, misses the anchors written after it.
/// </summary>
public static class AuditVerifier
{
    private const int Batch = 2000;

    public static async Task<AuditVerification> VerifyAsync(BlueprintDb db, CancellationToken cancellationToken = default)
    {
        var keys = AuditInterceptor.KeysOf(db);

        // The anchors are read before the head, and the head before the records: each can only
        // grow while we read, so an anchor or a record newer than the head is never compared with it.
        var written = AuditAnchors.ReadAll(keys);

        // The head is read first: records appended while we walk belong to a later head, and
        // comparing them with this one would report a sound chain as broken.
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleAsync(h => h.Id == 1, cancellationToken);
        var previous = AuditChainHead.Genesis;
        long count = 0;
        long lastId = 0;
        var signed = false;
        string? chainId = null;
        Dictionary<long, List<AuditAnchor>>? anchors = null;
        var anchorCount = 0;
        long legacy = 0, anchoredUpTo = 0;
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

                if (record.KeyId is null)
                {
                    legacy++;
                    if (signed)
                    {
                        return new(false, count, $"record {record.Id} carries no key after signed records (it was written without the audit key).");
                    }

                    if (AuditHash.Compute(previous, record) != record.Hash)
                    {
                        return new(false, count, $"record {record.Id} was altered after it was written.");
                    }
                }
                else if (keys.Find(record.KeyId) is not { } key)
                {
                    return new(false, count, $"record {record.Id} names audit key {record.KeyId}, which is not in the key file {keys.File}.");
                }
                else if (AuditHash.Sign(previous, record, key.Secret) != record.Hash)
                {
                    return new(false, count, $"record {record.Id} was altered after it was written.");
                }
                else
                {
                    signed = true;
                }

                if (chainId is null)
                {
                    chainId = record.Hash;
                    var all = written.Where(a => a.ChainId == chainId).ToList();
                    if (all.FirstOrDefault(a => !AuditAnchors.IsAuthentic(a, keys)) is { } forged)
                    {
                        return new(false, count, $"the anchor \"{forged.Line}\" is not signed with an audit key.");
                    }

                    anchorCount = all.Count;
                    anchoredUpTo = all.Count == 0 ? 0 : all.Max(a => a.Count);
                    anchors = all.GroupBy(a => a.Count).ToDictionary(g => g.Key, g => g.ToList());
                }

                previous = record.Hash;
                count++;
                lastId = record.Id;
                if (anchors!.Remove(count, out var here) && here.FirstOrDefault(a => a.Hash != record.Hash) is { } differs)
                {
                    return new(false, count, $"record {record.Id} is not the record anchored at {differs.AtUtc:yyyy-MM-dd HH:mm} UTC as number {differs.Count} (the chain was rewritten).");
                }
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

        if (anchors is { Count: > 0 } && anchors.Values.SelectMany(a => a).MaxBy(a => a.Count) is { } beyond)
        {
            return new(false, count, $"the chain holds {count} records but was anchored at {beyond.AtUtc:yyyy-MM-dd HH:mm} UTC with {beyond.Count} (records at the end were deleted, or an older copy of the database was restored).");
        }

        // Unkeyed records are trusted only as far as a signed anchor (written by migrate or at the
        // first start with the key) pins them: else anyone could write a whole new unkeyed chain.
        if (legacy > anchoredUpTo)
        {
            return new(false, count, $"the first {legacy} records carry no audit key and no anchor covers them (run `migrate` with the audit key to seal them).");
        }

        return new(true, count, "ok", anchorCount);
    }
}
