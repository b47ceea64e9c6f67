using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Reader;

/// <summary>
/// A report as it was pasted or uploaded, with the sentences the reader cut it into. The
/// sentences are stored with the document (not re-cut on display) so that proposals keep
/// pointing at the sentence they came from even when the extraction rules change later.
/// A report speaks for the whole city, so like a milestone it is not confined by unit scope;
/// only the offices use the reader (<see cref="ReaderAccess"/>).
/// </summary>
public sealed class ReaderDocument
{
    public const int MaxTextLength = 200_000;

    public int Id { get; set; }
    public required string Title { get; set; }

    /// <summary>The report's year: dates without a year ("12月4日") belong to it.</summary>
    public int Year { get; set; }
    public required string Text { get; set; }

    /// <summary>The uploaded file's name; null when the text was pasted.</summary>
    public string? FileName { get; set; }

    /// <summary>The sentences as JSON (<see cref="ReaderSentence"/>[]).</summary>
    public required string SentencesJson { get; set; }
    public int? UploadedById { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAtUtc { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProposalState
{
    Pending = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>The kind of record an accepted proposal became (docs/decisions/0011-report-reader-records.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ReaderRecordKind
{
    None = 0,
    Milestone = 1,
    Indicator = 2,
    KeyProject = 3,
    Problem = 4,
    Goal = 5,
}

/// <summary>
/// What one sentence proposes, as the user edits it: the reader's draft turned into the fields
/// of the record it would create. Only the fields of its kind are used. Money in whole 元.
/// </summary>
public sealed record ProposalFields(
    string? Title = null,
    int? Year = null,
    int? Month = null,
    int? Day = null,
    IReadOnlyList<int>? UnitIds = null,
    string? IndicatorName = null,
    string? Measure = null,
    decimal? Value = null,
    string? ProjectCode = null,
    string? ProjectName = null,
    long? AmountYuan = null,
    ProjectStage? Stage = null,
    ProjectCategory? Category = null,
    string? Qualifier = null,
    bool? Actual = null,
    IReadOnlyList<int>? UnitCandidates = null,
    IReadOnlyList<ProjectCandidate>? ProjectCandidates = null,
    int? ExistingProjectId = null,
    IReadOnlyList<IndicatorCandidate>? IndicatorCandidates = null,
    int? ExistingIndicatorId = null);

/// <summary>A project of the library a proposed project may be (issue 18): offered, never picked by the reader.</summary>
public sealed record ProjectCandidate(int Id, string Code, string Name);

/// <summary>
/// An indicator of the proposal's year a target or result may be (issue 18): the same standard name
/// (固投增长 → 固定资产投资增速) and the same measure. Offered; the reader picks it only when it is the only one.
/// </summary>
public sealed record IndicatorCandidate(int Id, int Year, string Name, string Measure, string UnitName);

/// <summary>A target's comparison word as the report wrote it: 以上, 左右, 不低于, 以内, 8-9 (a range) ….</summary>
public static class ProposalQualifier
{
    public const int MaxLength = 20;
}

/// <summary>
/// One proposal of a document. Once accepted it names the record it became (kind and id), and
/// the record's origin is (document, sentence): the link back from a record to its sentence.
/// </summary>
public sealed class ReaderProposal : IVersioned
{
    public int Id { get; set; }
    public int ReaderDocumentId { get; set; }
    public ReaderDocument? Document { get; set; }
    public ProposalKind Kind { get; set; }
    public int SentenceNumber { get; set; }
    public double Confidence { get; set; }

    /// <summary>The spans the reader read (<see cref="ReadSpan"/>[] as JSON), for highlighting.</summary>
    public required string SpansJson { get; set; }

    /// <summary>The editable fields (<see cref="ProposalFields"/> as JSON).</summary>
    public required string FieldsJson { get; set; }
    public ProposalState State { get; set; }
    public ReaderRecordKind RecordKind { get; set; }
    public int? RecordId { get; set; }
    public int? DecidedById { get; set; }
    public DateTime? DecidedAtUtc { get; set; }
    public int Version { get; set; }
}

internal sealed class ReaderDocumentConfiguration : IEntityTypeConfiguration<ReaderDocument>
{
    public void Configure(EntityTypeBuilder<ReaderDocument> b)
    {
        b.Property(d => d.Title).HasMaxLength(200);
        b.Property(d => d.FileName).HasMaxLength(260);
        b.Property(d => d.UploadedBy).HasMaxLength(100);
        b.HasIndex(d => d.Year);
    }
}

internal sealed class ReaderProposalConfiguration : IEntityTypeConfiguration<ReaderProposal>
{
    public void Configure(EntityTypeBuilder<ReaderProposal> b)
    {
        b.HasIndex(p => new { p.ReaderDocumentId, p.SentenceNumber });
        // "Where did this record come from": one indexed lookup by the record's kind and id.
        b.HasIndex(p => new { p.RecordKind, p.RecordId });
        b.HasOne(p => p.Document).WithMany().HasForeignKey(p => p.ReaderDocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
