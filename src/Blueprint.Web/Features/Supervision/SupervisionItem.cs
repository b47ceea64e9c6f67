using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Supervision;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SupervisionSource
{
    MeetingDecision = 0,
    LeaderInstruction = 1,
    DeputiesSuggestion = 2,
    CppccProposal = 3,
    ForwardedFromAbove = 4,
    PerformanceTarget = 5,
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FeedbackCadence
{
    Weekly = 0,
    Fortnightly = 1,
    Monthly = 2,
    Once = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SupervisionStatus
{
    Assigned = 0,
    Accepted = 1,
    PushedBack = 2,
    InProgress = 3,
    ClosureRequested = 4,
    Closed = 5,
}

/// <summary>A supervision item (督办事项); owned by its lead unit.</summary>
public sealed class SupervisionItem : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public required string CaseNumber { get; set; }
    public required string Title { get; set; }
    public SupervisionSource Source { get; set; }
    public string? Basis { get; set; }

    /// <summary>The lead unit.</summary>
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public DateOnly Deadline { get; set; }

    /// <summary>The deadline first assigned; <see cref="Deadline"/> moves only by an approved extension.</summary>
    public DateOnly? OriginalDeadline { get; set; }
    public FeedbackCadence Cadence { get; set; }
    public SupervisionStatus Status { get; set; }

    /// <summary>Marked by the supervision job (the light rules of PRODUCT.md), stored so lists filter and sort on it.</summary>
    public Figures.StatusLight Light { get; set; }

    /// <summary>The job's last decision on this item, so a missed run can be caught up exactly.</summary>
    public DateTime? LightMarkedAtUtc { get; set; }
    public int? DecisionId { get; set; }
    public Decision? Decision { get; set; }
    public int? GoalId { get; set; }
    public int? KeyProjectId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public List<SupervisionCoUnit> CooperatingUnits { get; set; } = [];
    public int Version { get; set; }
}

public sealed class SupervisionCoUnit
{
    public int SupervisionItemId { get; set; }
    public int UnitId { get; set; }
}

/// <summary>Periodic feedback from the lead or a cooperating unit.</summary>
public sealed class SupervisionFeedback : IUnitOwned
{
    public int Id { get; set; }
    public int SupervisionItemId { get; set; }
    public SupervisionItem? Item { get; set; }
    public int UnitId { get; set; }
    public int AuthorId { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ExtensionStatus
{
    Pending = 0,
    Approved = 1,
    Refused = 2,
}

public sealed class ExtensionRequest : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public int SupervisionItemId { get; set; }
    public SupervisionItem? Item { get; set; }
    public int UnitId { get; set; }
    public DateOnly RequestedDeadline { get; set; }
    public required string Reason { get; set; }
    public ExtensionStatus Status { get; set; }
    public int RequestedById { get; set; }
    public int? DecidedById { get; set; }
    public string? DecisionComment { get; set; }
    public int Version { get; set; }
}

internal sealed class SupervisionItemConfiguration : IEntityTypeConfiguration<SupervisionItem>
{
    public void Configure(EntityTypeBuilder<SupervisionItem> b)
    {
        b.Property(i => i.CaseNumber).HasMaxLength(40);
        b.Property(i => i.Title).HasMaxLength(300);
        b.Property(i => i.Basis).HasMaxLength(4000);
        b.HasIndex(i => i.CaseNumber).IsUnique();
        b.HasIndex(i => new { i.UnitId, i.Status, i.Deadline });
        b.HasIndex(i => new { i.Light, i.Status });
        // The office's to-do (every unit's items): the items in the statuses that wait for it, in deadline order.
        b.HasIndex(i => new { i.Status, i.Deadline });
        b.HasOne(i => i.Unit).WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.Decision).WithMany().HasForeignKey(i => i.DecisionId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(i => i.CooperatingUnits).WithOne().HasForeignKey(c => c.SupervisionItemId);
    }
}

internal sealed class SupervisionCoUnitConfiguration : IEntityTypeConfiguration<SupervisionCoUnit>
{
    public void Configure(EntityTypeBuilder<SupervisionCoUnit> b)
    {
        b.HasKey(c => new { c.SupervisionItemId, c.UnitId });
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SupervisionFeedbackConfiguration : IEntityTypeConfiguration<SupervisionFeedback>
{
    public void Configure(EntityTypeBuilder<SupervisionFeedback> b)
    {
        b.Property(f => f.Text).HasMaxLength(4000);
        b.HasOne(f => f.Item).WithMany().HasForeignKey(f => f.SupervisionItemId);
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> b)
    {
        b.Property(e => e.Reason).HasMaxLength(2000);
        b.Property(e => e.DecisionComment).HasMaxLength(2000);
        b.HasOne(e => e.Item).WithMany().HasForeignKey(e => e.SupervisionItemId);
    }
}
