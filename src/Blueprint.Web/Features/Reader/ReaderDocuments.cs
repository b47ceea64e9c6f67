using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reader;

/// <summary>Who may use the reader: the project office and the supervision office (<see cref="Roles.Offices"/>); no administrator reads business data (decision 0019).</summary>
public static class ReaderAccess
{
    public const string Users = Roles.Offices;

    public static bool Allows(CurrentUser user) => Roles.Of(Users).Any(user.IsInRole);
}

/// <summary>A pasted report (an uploaded file arrives as its text and name).</summary>
public sealed record ReaderDocumentInput(string? Title, int Year, string? Text, string? FileName = null);

public sealed record ReaderDocumentRow(
    int Id, string Title, int Year, string? FileName, string UploadedBy, DateTime UploadedAtUtc, int Proposals, int Pending, int Accepted);

/// <summary>The list's filters: the report's year and words of its title or text.</summary>
public sealed record ReaderFilter(int? Year = null, string? Q = null);

/// <summary>
/// Storing a report and reading it: the reader runs once, when the document is saved, against
/// the unit tree as it is then. Its drafts become pending proposals with editable fields.
/// </summary>
public sealed class ReaderDocuments(BlueprintDb db, IReportReader reader, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(ReaderDocument? Document, Dictionary<string, string[]>? Errors)> CreateAsync(ReaderDocumentInput input, CancellationToken ct)
    {
        var text = input.Text?.Replace("\r\n", "\n", StringComparison.Ordinal) ?? "";
        var check = new Validation(t)
            .Require(input.Title?.Trim() is { Length: > 0 and <= 200 }, "title", "Reader.TitleRequired")
            .Require(input.Year is >= 2000 and <= 2100, "year", "Reader.YearInvalid")
            .Require(!string.IsNullOrWhiteSpace(text), "text", "Reader.TextRequired")
            .Require(text.Length <= ReaderDocument.MaxTextLength, "text", "Reader.TextTooLong", ReaderDocument.MaxTextLength);
        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        var result = reader.Read(text, input.Year, await UnitsAsync(ct));
        var document = new ReaderDocument
        {
            Title = input.Title!.Trim(),
            Year = input.Year,
            Text = text,
            // The client names the file: cut as an attachment's name is (the column holds 260).
            FileName = input.FileName is { } fileName ? Supervision.AttachmentRules.CleanName(fileName) : null,
            SentencesJson = JsonSerializer.Serialize(result.Sentences, Json),
            UploadedById = db.CurrentUser.UserId,
            UploadedBy = db.CurrentUser.UserName ?? "",
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(document);
        var proposals = new List<ReaderProposal>();
        foreach (var p in result.Proposals.OrderBy(p => p.SentenceNumber))
        {
            var fields = ProposalDefaults.From(p, input.Year);
            if (p.Kind == ProposalKind.Project && p.ProjectName is { Length: > 0 } name)
            {
                fields = fields with { ProjectCandidates = await ExistingProjectsAsync(name, ct) };
            }
            else if (p.Kind == ProposalKind.Target)
            {
                fields = await IndicatorMatches.WithCandidatesAsync(db, fields, propose: true, ct);
            }

            proposals.Add(new ReaderProposal
            {
                Document = document,
                Kind = p.Kind,
                SentenceNumber = p.SentenceNumber,
                Confidence = Math.Clamp(p.Confidence, 0, 1),
                SpansJson = JsonSerializer.Serialize(p.Spans, Json),
                FieldsJson = JsonSerializer.Serialize(fields, Json),
            });
        }
        db.AddRange(proposals);
        await db.SaveChangesAsync(ct);
        return (document, null);
    }

    /// <summary>
    /// Projects of the library the proposed one may be (same name, or a name that contains it): the user
    /// chooses one to link instead of creating a duplicate, or a new project. Null when there are none.
    /// </summary>
    private async Task<IReadOnlyList<ProjectCandidate>?> ExistingProjectsAsync(string name, CancellationToken ct)
    {
        var trimmed = name.Trim();
        var found = await db.Set<KeyProject>().AsNoTracking()
            .Where(k => k.Name == trimmed || k.Name.Contains(trimmed))
            .OrderByDescending(k => k.Name == trimmed).ThenByDescending(k => k.Id).Take(5)
            .Select(k => new ProjectCandidate(k.Id, k.Code, k.Name)).ToListAsync(ct);
        return found.Count > 0 ? found : null;
    }

    /// <summary>Every unit with the names a report may call it by: name, short name and aliases.</summary>
    private async Task<List<ReaderUnit>> UnitsAsync(CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.Name, u.ShortName, u.Aliases }).ToListAsync(ct);
        return [.. units.Select(u => new ReaderUnit(u.Id, u.Name,
            [.. new[] { u.ShortName }.Concat((u.Aliases ?? "").Split('|')).Select(a => a?.Trim()).OfType<string>()
                .Where(a => a.Length > 0 && a != u.Name).Distinct()]))];
    }

    public static IQueryable<ReaderDocumentRow> Query(BlueprintDb db, ReaderFilter f)
    {
        var query = db.Set<ReaderDocument>().AsNoTracking();
        query = f.Year is { } year ? query.Where(d => d.Year == year) : query;
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            query = query.Where(d => d.Title.Contains(q) || d.Text.Contains(q));
        }

        var proposals = db.Set<ReaderProposal>();
        return query.OrderByDescending(d => d.UploadedAtUtc).ThenByDescending(d => d.Id)
            .Select(d => new ReaderDocumentRow(d.Id, d.Title, d.Year, d.FileName,
                db.Set<Access.User>().Where(u => u.Id == d.UploadedById).Select(u => u.DisplayName).FirstOrDefault() ?? d.UploadedBy, d.UploadedAtUtc,
                proposals.Count(p => p.ReaderDocumentId == d.Id),
                proposals.Count(p => p.ReaderDocumentId == d.Id && p.State == ProposalState.Pending),
                proposals.Count(p => p.ReaderDocumentId == d.Id && p.State == ProposalState.Accepted)));
    }

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Reader.DocumentTitle"]), new(t["Reader.Year"], XlsxKind.Integer), new(t["Reader.FileName"]), new(t["Reader.UploadedBy"]),
        new(t["Reader.UploadedAt"], XlsxKind.DateTime), new(t["Reader.ProposalCount"], XlsxKind.Integer),
        new(t["Reader.PendingCount"], XlsxKind.Integer), new(t["Reader.AcceptedCount"], XlsxKind.Integer),
    ];

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<ReaderDocumentRow> rows, IStringLocalizer<SharedResource> t) =>
        rows.Select(d => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Reader.DocumentTitle"]] = d.Title,
            [t["Reader.Year"]] = d.Year,
            [t["Reader.FileName"]] = d.FileName,
            [t["Reader.UploadedBy"]] = d.UploadedBy,
            [t["Reader.UploadedAt"]] = CityTime.Of(d.UploadedAtUtc),
            [t["Reader.ProposalCount"]] = d.Proposals,
            [t["Reader.PendingCount"]] = d.Pending,
            [t["Reader.AcceptedCount"]] = d.Accepted,
        });
}
