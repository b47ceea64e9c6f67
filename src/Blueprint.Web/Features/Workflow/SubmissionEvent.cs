using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// One step taken on a submission — submitted, approved, accepted, returned, corrected — kept
/// for ever, so that a returned version stays in the history after the unit edits the same row
/// and submits again (issue 14 item 6, decision 0025). A submit or a correction keeps the
/// figures and texts as they were sent (<see cref="Fields"/>); the other steps only who, when
/// and why. Written by <see cref="SubmissionSteps"/> with the step itself, read by
/// <see cref="SubmissionHistory"/>.
/// </summary>
/// <remarks>
/// Not unit-owned on purpose: it is read only for records the caller has already loaded through
/// the scope filter, so it follows its record when a project moves to another unit.
/// </remarks>
public sealed class SubmissionEvent
{
    public long Id { get; set; }

    /// <summary>The kind's <see cref="SubmissionKind.Name"/>: which table <see cref="RecordId"/> points into.</summary>
    public required string Kind { get; set; }
    public long RecordId { get; set; }
    public SubmissionAction Action { get; set; }
    public int? ById { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The reason of a return or of a correction.</summary>
    public string? Comment { get; set; }

    /// <summary>On a submit or a correction: the record's fields as sent, a JSON object of invariant strings (see <see cref="ISubmission.HistoryFields"/>).</summary>
    public string? Fields { get; set; }
}

internal sealed class SubmissionEventConfiguration : IEntityTypeConfiguration<SubmissionEvent>
{
    public void Configure(EntityTypeBuilder<SubmissionEvent> b)
    {
        b.Property(e => e.Kind).HasMaxLength(20);
        b.Property(e => e.Comment).HasMaxLength(4000);
        b.HasIndex(e => new { e.Kind, e.RecordId, e.Id });
    }
}
