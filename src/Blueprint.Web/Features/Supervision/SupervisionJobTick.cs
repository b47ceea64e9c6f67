using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// One tick of the supervision job, claimed by the node that did it. The slot (the instant
/// divided by the job interval) is the primary key: when several web nodes reach the same slot,
/// only one insert can win, and it is committed together with the tick's work, so each slot is
/// done exactly once (docs/decisions/0006-supervision-job.md).
/// </summary>
public sealed class SupervisionJobTick
{
    public long Slot { get; set; }
    public required string Node { get; set; }
    public DateTime RanAtUtc { get; set; }

    /// <summary>Items whose light changed in this tick.</summary>
    public int LightsChanged { get; set; }

    /// <summary>Notifications this tick put in inboxes.</summary>
    public int Notified { get; set; }
}

internal sealed class SupervisionJobTickConfiguration : IEntityTypeConfiguration<SupervisionJobTick>
{
    public void Configure(EntityTypeBuilder<SupervisionJobTick> b)
    {
        b.HasKey(t => t.Slot);
        b.Property(t => t.Slot).ValueGeneratedNever();
        b.Property(t => t.Node).HasMaxLength(200);
    }
}
