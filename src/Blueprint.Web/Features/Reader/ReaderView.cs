using System.Text.Json;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Reader;

/// <summary>A record an accepted proposal became, with the page that shows it.</summary>
public sealed record RecordLink(ReaderRecordKind Kind, int Id, string Href);

public sealed record ProposalDto(
    int Id, int DocumentId, ProposalKind Kind, int SentenceNumber, string Sentence, double Confidence,
    IReadOnlyList<ReadSpan> Spans, ProposalFields Fields, ProposalState State, RecordLink? Record, int Version);

/// <summary>One numbered sentence, the proposals read from it and the records they became.</summary>
public sealed record SentenceDto(int Number, string Text, IReadOnlyList<int> ProposalIds, IReadOnlyList<RecordLink> Records);

public sealed record ReaderDocumentDto(
    int Id, string Title, int Year, string? FileName, string UploadedBy, DateTime UploadedAtUtc,
    IReadOnlyList<SentenceDto> Sentences, IReadOnlyList<ProposalDto> Proposals);

/// <summary>Where a record came from: "来源: 《title》第N句".</summary>
public sealed record RecordOrigin(int DocumentId, string DocumentTitle, int SentenceNumber, string Sentence, int ProposalId);

/// <summary>The document page and its API read the same view, built here.</summary>
public static class ReaderView
{
    public static async Task<ReaderDocumentDto?> FindAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var document = await db.Set<ReaderDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return null;
        }

        var sentences = Sentences(document);
        var byNumber = sentences.ToDictionary(s => s.Number, s => s.Text);
        var proposals = (await db.Set<ReaderProposal>().AsNoTracking().Where(p => p.ReaderDocumentId == id)
            .OrderBy(p => p.SentenceNumber).ThenBy(p => p.Id).ToListAsync(ct))
            .Select(p => AsDto(p, byNumber.GetValueOrDefault(p.SentenceNumber, ""))).ToList();
        var rows = sentences.Select(s =>
        {
            var own = proposals.Where(p => p.SentenceNumber == s.Number).ToList();
            return new SentenceDto(s.Number, s.Text, [.. own.Select(p => p.Id)], [.. own.Select(p => p.Record).OfType<RecordLink>()]);
        }).ToList();
        // The uploader by display name (the stored user name is the fallback for an account since removed).
        var uploader = await db.Set<Access.User>().AsNoTracking().Where(u => u.Id == document.UploadedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            ?? document.UploadedBy;
        return new ReaderDocumentDto(document.Id, document.Title, document.Year, document.FileName, uploader,
            document.UploadedAtUtc, rows, proposals);
    }

    public static async Task<ProposalDto?> FindProposalAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var proposal = await db.Set<ReaderProposal>().AsNoTracking().Include(p => p.Document).SingleOrDefaultAsync(p => p.Id == id, ct);
        return proposal is null ? null : AsDto(proposal, Sentence(proposal.Document!, proposal.SentenceNumber));
    }

    /// <summary>The sentence a record was made from, if it was made by the reader.</summary>
    public static async Task<RecordOrigin?> OriginAsync(BlueprintDb db, ReaderRecordKind kind, int recordId, CancellationToken ct)
    {
        // A project later linked from another report keeps the sentence it was first accepted from.
        var proposal = await db.Set<ReaderProposal>().AsNoTracking().Include(p => p.Document)
            .Where(p => p.RecordKind == kind && p.RecordId == recordId).OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        return proposal is null ? null
            : new RecordOrigin(proposal.ReaderDocumentId, proposal.Document!.Title, proposal.SentenceNumber,
                Sentence(proposal.Document, proposal.SentenceNumber), proposal.Id);
    }

    public static ProposalDto AsDto(ReaderProposal p, string sentence) => new(
        p.Id, p.ReaderDocumentId, p.Kind, p.SentenceNumber, sentence, p.Confidence,
        JsonSerializer.Deserialize<List<ReadSpan>>(p.SpansJson, ReaderDocuments.Json) ?? [],
        Fields(p), p.State, p.RecordId is { } rid ? Link(p.RecordKind, rid) : null, p.Version);

    /// <summary>The stored fields; a project without a code gets one made from the document and proposal ids (codes are unique).</summary>
    public static ProposalFields Fields(ReaderProposal p)
    {
        var fields = JsonSerializer.Deserialize<ProposalFields>(p.FieldsJson, ReaderDocuments.Json) ?? new ProposalFields();
        return p.Kind == ProposalKind.Project && string.IsNullOrWhiteSpace(fields.ProjectCode)
            ? fields with { ProjectCode = $"YD-{p.ReaderDocumentId}-{p.Id}" }
            : fields;
    }

    public static List<ReaderSentence> Sentences(ReaderDocument d) =>
        JsonSerializer.Deserialize<List<ReaderSentence>>(d.SentencesJson, ReaderDocuments.Json) ?? [];

    private static string Sentence(ReaderDocument d, int number) =>
        Sentences(d).FirstOrDefault(s => s.Number == number)?.Text ?? "";

    /// <summary>The page each kind of record is shown on.</summary>
    public static RecordLink Link(ReaderRecordKind kind, int id) => new(kind, id, kind switch
    {
        ReaderRecordKind.Milestone => $"/milestones/{id}/edit",
        ReaderRecordKind.Indicator => $"/goals/indicators/{id}",
        ReaderRecordKind.KeyProject => $"/projects/{id}",
        ReaderRecordKind.Problem => $"/problems/{id}",
        _ => "/goals",
    });
}
