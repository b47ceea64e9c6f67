using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Figures;

/// <summary>Settings of the kept figures (section Blueprint:KeptFigures, decision 0049). Every node must share them.</summary>
public sealed class KeptFigureOptions
{
    public const string Section = "Blueprint:KeptFigures";

    /// <summary>
    /// How long the figures of an explicit instant (an as-of view, <c>knownAt=</c>) are kept after they
    /// were last computed; past it the pruning deletes the row, and the next reader computes them again.
    /// Figures "as known now" are never pruned.
    /// </summary>
    public double InstantDays { get; set; } = 7;

    /// <summary>How often a node looks whether the slot's pruning is done; also the size of a slot, so all nodes must agree on it.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most this many rows are deleted (and this many never-computed rows dated) per slot: a backlog goes in later slots.</summary>
    public int PruneRows { get; set; } = 1000;

    /// <summary>Whether the job runs in this process; null: yes, except in the Testing environment (tests tick it by hand).</summary>
    public bool? JobEnabled { get; set; }
}

/// <summary>What one node's tick did: its slot, the rows deleted and the never-computed rows it dated.</summary>
public sealed record KeptPruneResult(long Slot, int Pruned, int Dated);

/// <summary>
/// Deletes the kept figures of an explicit instant (<see cref="KeptFigure.KnownAtTicks"/> ≠
/// <see cref="KeptFigure.Now"/>) not computed within <see cref="KeptFigureOptions.InstantDays"/>
/// (decision 0049): each instant a page or API call asks for makes a row, and without this the table
/// grows with every instant ever asked. Figures "as known now" are never deleted. A deleted row is
/// made and computed again by its next reader (a reader between its read and its store stores
/// nothing: <see cref="KeptFigures"/> stores by row id, and ids are never reused).
///
/// A row has no creation time: one never computed (its reader failed, was cancelled, or a write
/// refused its store) is first dated by a round — its <see cref="KeptFigure.ComputedAtUtc"/> set
/// to the round's instant, its <see cref="KeptFigure.KeptChanges"/> left at -1, so it stays a row
/// every reader computes — and deleted like the others once that date is past the lifetime.
///
/// One node per slot (the tick table, decision 0024); each slot deletes at most
/// <see cref="KeptFigureOptions.PruneRows"/> rows in one statement, under the audit chain head's
/// lock, which every writer that marks kept rows holds first (decision 0044): the same lock order,
/// so a deletion and a write's marks never deadlock. Kept rows are not audited, so the deletion
/// goes around the audit interceptor (ExecuteDelete), as their other writes do.
/// </summary>
public sealed class KeptFigurePruning(BlueprintDb db, TimeProvider clock, IOptions<KeptFigureOptions> options, JobNode node)
{
    /// <summary>The job's name in the tick table.</summary>
    public const string Name = "kept-figures";

    /// <summary>Tick rows older than this are forgotten: they only serve to elect the node of a slot.</summary>
    private static readonly TimeSpan KeepTicks = TimeSpan.FromDays(7);

    /// <summary>Prunes in the current slot, or returns null when another node has it (or had it).</summary>
    public async Task<KeptPruneResult?> TickAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var interval = o.JobInterval > TimeSpan.Zero ? o.JobInterval : TimeSpan.FromHours(1);
        var slot = now.Ticks / interval.Ticks;
        var cutoff = now - TimeSpan.FromDays(Math.Max(0, o.InstantDays));
        var rows = Math.Max(1, o.PruneRows);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await JobTicks.ClaimAsync(db, Name, slot, node, now, ct))
        {
            return null;
        }

        // The chain head first, as every writer that marks kept rows (and every reader that makes one) takes it.
        await db.Set<AuditChainHead>().Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.Count, h => h.Count), ct);
        var pruned = await db.Set<KeptFigure>()
            .Where(k => k.KnownAtTicks != KeptFigure.Now && k.ComputedAtUtc != null && k.ComputedAtUtc < cutoff)
            .OrderBy(k => k.Id).Take(rows)
            .ExecuteDeleteAsync(ct);
        // Rows never computed are dated now: pruned by a later slot once this is past the lifetime.
        var dated = await db.Set<KeptFigure>()
            .Where(k => k.KnownAtTicks != KeptFigure.Now && k.ComputedAtUtc == null)
            .OrderBy(k => k.Id).Take(rows)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ComputedAtUtc, now), ct);
        await JobTicks.FinishAsync(db, Name, slot, pruned, 0, slot - (KeepTicks.Ticks / interval.Ticks), ct);
        await tx.CommitAsync(ct);
        Telemetry.JobSlotDone(Name, pruned, 0);
        return new KeptPruneResult(slot, pruned, dated);
    }
}

/// <summary>Runs <see cref="KeptFigurePruning"/> on every node, at start and every <see cref="KeptFigureOptions.JobInterval"/>.</summary>
public sealed class KeptFigurePruningService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<KeptFigureOptions> options, IHostEnvironment environment,
    ILogger<KeptFigurePruningService> log) : PeriodicJob(scopes, clock, log)
{
    protected override TimeSpan? Interval => IsEnabled(options.Value.JobEnabled, environment) ? options.Value.JobInterval : null;

    /// <summary>The next slot deletes what this one left: a warning, not an error.</summary>
    protected override LogLevel FailureLevel => LogLevel.Warning;

    protected override async Task<string?> RoundAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<KeptFigurePruning>().TickAsync(ct) is { Pruned: > 0 } result
            ? string.Create(CultureInfo.InvariantCulture, $"slot {result.Slot}: {result.Pruned} kept rows of past instants deleted")
            : null;
}

public static class KeptFigurePruningSetup
{
    public static IServiceCollection AddKeptFigurePruning(this IServiceCollection services)
    {
        services.AddOptions<KeptFigureOptions>().BindConfiguration(KeptFigureOptions.Section);
        services.AddScoped<KeptFigurePruning>();
        services.AddHostedService<KeptFigurePruningService>();
        return services;
    }
}
