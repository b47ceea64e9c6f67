using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Infrastructure;

/// <summary>This process's name in the tick table (two apps in one test process get two names).</summary>
public sealed record JobNode(string Name);

/// <summary>
/// One slot of a periodic job, claimed by the node that did it. (Job, Slot) is the primary key:
/// when several web nodes reach the same slot, only one insert can win, and it is committed
/// together with the slot's work, so each slot is done exactly once
/// (docs/decisions/0006-supervision-job.md, 0024-one-periodic-job.md).
/// </summary>
public sealed class JobTick
{
    /// <summary>Which job: <c>supervision</c>, <c>reporting-reminders</c>, <c>kept-figures</c>.</summary>
    public required string Job { get; set; }

    /// <summary>What the job counts slots in: the instant divided by its interval, or a city day's number.</summary>
    public long Slot { get; set; }
    public required string Node { get; set; }
    public DateTime RanAtUtc { get; set; }

    /// <summary>Records the slot's work changed (the supervision job: lights changed).</summary>
    public int Changed { get; set; }

    /// <summary>Notifications the slot put in inboxes.</summary>
    public int Notified { get; set; }
}

internal sealed class JobTickConfiguration : IEntityTypeConfiguration<JobTick>
{
    public void Configure(EntityTypeBuilder<JobTick> b)
    {
        b.HasKey(t => new { t.Job, t.Slot });
        b.Property(t => t.Job).HasMaxLength(50);
        b.Property(t => t.Slot).ValueGeneratedNever();
        b.Property(t => t.Node).HasMaxLength(200);
    }
}

/// <summary>
/// The election of the node that does a slot's work. A job opens a transaction, claims its slot,
/// does the work and finishes the slot in that same transaction: a racing claim of the same slot
/// waits for the commit and then inserts nothing (or takes over if the first node rolled back,
/// so a failed slot is redone by another node, never skipped and never done twice).
/// </summary>
public static class JobTicks
{
    /// <summary>
    /// Claims the slot for this node in the caller's transaction; false when another node has it.
    /// Raw SQL, because a slot claim is not a business change to audit, and because taking no audit
    /// lock here keeps the lock order of every other writer (audit head first, then rows) intact.
    /// </summary>
    public static async Task<bool> ClaimAsync(BlueprintDb db, string job, long slot, JobNode node, DateTime nowUtc, CancellationToken ct) =>
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "JobTick" ("Job", "Slot", "Node", "RanAtUtc", "Changed", "Notified") VALUES ({job}, {slot}, {node.Name}, {nowUtc}, 0, 0) ON CONFLICT DO NOTHING""", ct) > 0;

    /// <summary>Records what the slot did and forgets the job's slots before <paramref name="keepFrom"/> (they only served the election).</summary>
    public static async Task FinishAsync(BlueprintDb db, string job, long slot, int changed, int notified, long keepFrom, CancellationToken ct)
    {
        await db.Set<JobTick>().Where(t => t.Job == job && t.Slot == slot)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Changed, changed).SetProperty(t => t.Notified, notified), ct);
        await db.Set<JobTick>().Where(t => t.Job == job && t.Slot < keepFrom).ExecuteDeleteAsync(ct);
    }

    /// <summary>The job's latest slot before <paramref name="slot"/> that a node did, or null (never, or forgotten).</summary>
    public static Task<long?> LastBeforeAsync(BlueprintDb db, string job, long slot, CancellationToken ct) =>
        db.Set<JobTick>().AsNoTracking().Where(t => t.Job == job && t.Slot < slot).MaxAsync(t => (long?)t.Slot, ct);
}
