using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Portal;

/// <summary>Where a proposal to publish a record stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum PortalReviewStatus
{
    /// <summary>Proposed, waiting for another office member's review (待保密审查).</summary>
    Pending = 0,

    /// <summary>Passed the review (保密审查通过): the record is on the portal.</summary>
    Approved = 1,

    /// <summary>Refused with a reason: the record stays off the portal.</summary>
    Refused = 2,

    /// <summary>Was approved, then taken off the portal again.</summary>
    Withdrawn = 3,
}

/// <summary>
/// One proposal to publish a record on the public portal and its confidentiality review
/// (保密审查): who proposed it and why, who approved or refused it and why, and who withdrew it
/// later. A record's <c>IsPublic</c> is set true by an approval alone (decision 0026); these rows
/// are the history and the office's queue. Not unit-owned: the record it names is looked up in the
/// reader's scope, so a review of a record the user cannot see is not shown to them.
/// </summary>
public sealed class PortalReview : IVersioned
{
    public int Id { get; set; }
    public PublicKind Kind { get; set; }

    /// <summary>The id of the project, goal or milestone (no foreign key: three kinds, and a deleted milestone keeps its history).</summary>
    public int RecordId { get; set; }
    public PortalReviewStatus Status { get; set; }

    /// <summary>The proposer's note to the reviewer (why it may be public).</summary>
    public string? Note { get; set; }
    public int ProposedById { get; set; }
    public DateTime ProposedAtUtc { get; set; }
    public int? DecidedById { get; set; }
    public DateTime? DecidedAtUtc { get; set; }

    /// <summary>The reviewer's reason for a refusal.</summary>
    public string? Reason { get; set; }
    public int? WithdrawnById { get; set; }
    public DateTime? WithdrawnAtUtc { get; set; }
    public int Version { get; set; }
}

internal sealed class PortalReviewConfiguration : IEntityTypeConfiguration<PortalReview>
{
    public const int TextLength = 500;

    public void Configure(EntityTypeBuilder<PortalReview> b)
    {
        b.Property(r => r.Note).HasMaxLength(TextLength);
        b.Property(r => r.Reason).HasMaxLength(TextLength);
        b.HasIndex(r => new { r.Kind, r.RecordId }, "IX_PortalReview_Kind_RecordId");
        b.HasIndex(r => new { r.Status, r.ProposedAtUtc });

        // At most one proposal of a record waits at a time, even when two members propose at once.
        b.HasIndex(r => new { r.Kind, r.RecordId }, "UX_PortalReview_OnePendingPerRecord").IsUnique().HasFilter("\"Status\" = 0");
    }
}
