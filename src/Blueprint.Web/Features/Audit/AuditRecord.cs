using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// One insert, update or delete of one record, written in the same transaction as the change.
/// Records form a hash chain in <see cref="Id"/> order: <see cref="Hash"/> covers the previous
/// record's hash and every field here, so editing or deleting any row breaks the chain, and the
/// <see cref="AuditChainHead"/> row catches a truncated tail.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public int? UserId { get; set; }
    public string? UserName { get; set; }
    public int? UnitId { get; set; }
    public required string Entity { get; set; }
    public required string EntityKey { get; set; }
    public required string Action { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? RequestId { get; set; }
    public string? ClientIp { get; set; }
    /// <summary>
    /// The audit key that signed <see cref="Hash"/> (an HMAC, decision 0033); null on records
    /// written before keys, whose hash is the unkeyed SHA-256 and which the first signed record seals.
    /// </summary>
    public string? KeyId { get; set; }

    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>
/// The single row that every audited transaction updates first. Updating it takes a row lock
/// (PostgreSQL) or the write lock (SQLite), which serialises appends to the chain on both
/// databases; it also records the last hash and the count so that deleted tail rows are found.
/// </summary>
public sealed class AuditChainHead
{
    public const string Genesis = "GENESIS";

    public int Id { get; set; }
    public long Count { get; set; }
    public required string LastHash { get; set; }

    /// <summary>
    /// How many committed steps may have changed a figure (every audited one but those only of
    /// records no figure reads, <see cref="AuditInterceptor.FigureBlind"/>: a draft report saved).
    /// The cockpit's cache key (decision 0054): a write that changes no figure costs its readers nothing.
    /// </summary>
    public long FigureWrites { get; set; }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Entity).HasMaxLength(100);
        b.Property(a => a.EntityKey).HasMaxLength(100);
        b.Property(a => a.Action).HasMaxLength(10);
        b.Property(a => a.RequestId).HasMaxLength(100);
        b.Property(a => a.ClientIp).HasMaxLength(64);
        b.Property(a => a.KeyId).HasMaxLength(32);
        b.Property(a => a.PrevHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => new { a.Entity, a.EntityKey });
        b.HasIndex(a => a.AtUtc);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.LastHash).HasMaxLength(64);
        b.HasData(new AuditChainHead { Id = 1, Count = 0, LastHash = AuditChainHead.Genesis });
    }
}
