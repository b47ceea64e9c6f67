using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Supervision;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SupervisionStepKind
{
    Assigned = 0,
    Accepted = 1,
    PushedBack = 2,
    Feedback = 3,
    ExtensionRequested = 4,
    ExtensionApproved = 5,
    ExtensionRefused = 6,
    ClosureRequested = 7,
    Closed = 8,
    ClosureReturned = 9,
    Edited = 10,
    MarkedLight = 11,

    /// <summary>The office reworded a pushed-back item and assigned it again.</summary>
    Reworded = 12,

    /// <summary>The office insisted on a pushed-back item.</summary>
    Insisted = 13,

    /// <summary>The office accepted a push-back's explanation and closed the item.</summary>
    ExplanationAccepted = 14,

    /// <summary>催办: the office pressed the lead unit, with a message (counted in the rankings).</summary>
    Reminded = 15,
}

/// <summary>
/// One step of an item's history: who did what, when, with which comment. Steps are only ever
/// added; the item's current state is the result of its steps.
/// <see cref="UnitId"/> is the item's lead unit, so a step is visible exactly where its item is.
/// </summary>
public sealed class SupervisionStep : IUnitOwned
{
    public long Id { get; set; }
    public int SupervisionItemId { get; set; }
    public SupervisionItem? Item { get; set; }
    public int UnitId { get; set; }
    public SupervisionStepKind Kind { get; set; }

    /// <summary>Null when the system acted (the overdue job).</summary>
    public int? ActorId { get; set; }
    public string? Comment { get; set; }

    /// <summary>Why the lead unit pushed back (only on <see cref="SupervisionStepKind.PushedBack"/>).</summary>
    public SupervisionPushBackKind? PushBackKind { get; set; }
    public DateTime AtUtc { get; set; }
}

internal sealed class SupervisionStepConfiguration : IEntityTypeConfiguration<SupervisionStep>
{
    public void Configure(EntityTypeBuilder<SupervisionStep> b)
    {
        b.Property(s => s.Comment).HasMaxLength(4000);
        b.HasIndex(s => new { s.SupervisionItemId, s.AtUtc });
        b.HasOne(s => s.Item).WithMany().HasForeignKey(s => s.SupervisionItemId);
    }
}
