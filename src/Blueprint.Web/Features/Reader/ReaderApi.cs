using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reader;

/// <summary>
/// The report reader's whole flow: store a report (pasted text or a .txt / .docx file), read its
/// sentences and proposals, edit, reject or accept each proposal. The same rules as the pages
/// (<see cref="ReaderDocuments"/>, <see cref="ProposalDecisions"/>). The file upload takes no
/// antiforgery token, as the Excel imports (the SameSite=Lax cookie keeps other sites out).
/// </summary>
public static class ReaderApi
{
    // Room for the multipart boundaries, the title and the year around the file itself.
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapReaderApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reader").WithTags("Reader")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReaderAccess.Users)));
        group.MapGet("/documents", async (BlueprintDb db, [AsParameters] ReaderQuery q, CancellationToken ct) =>
            TypedResults.Ok(await ReaderDocuments.Query(db, q.Filter).ToPageAsync(q.Page, q.PageSize, ct)));
        group.MapGet("/documents/xlsx", async (BlueprintDb db, IStringLocalizer<SharedResource> t, [AsParameters] ReaderQuery q, CancellationToken ct) =>
        {
            var rows = await ReaderDocuments.Query(db, q.Filter).ToListAsync(ct);
            var sheet = new XlsxSheet(t["Reader.Title"], ReaderDocuments.ExportColumns(t), ReaderDocuments.ExportRows(rows, t))
            {
                Title = Xlsx.Filtered(DownloadName.Title(t, "Download.Reader"), Xlsx.YearFilter(t, q.Year), Xlsx.SearchFilter(t, q.Q)),
            };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, DownloadName.Of(t, "Download.Reader", ".xlsx"));
        });
        group.MapGet("/documents/{id:int}", async Task<Results<Ok<ReaderDocumentDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReaderView.FindAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));
        group.MapPost("/documents", async Task<Results<Created<ReaderDocumentDto>, ValidationProblem>> (
            ReaderDocumentInput input, BlueprintDb db, IReportReader reader, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var (document, errors) = await new ReaderDocuments(db, reader, t, clock).CreateAsync(input with { FileName = null }, ct);
            return document is null
                ? Problems.Invalid(errors!)
                : TypedResults.Created($"/api/reader/documents/{document.Id}", (await ReaderView.FindAsync(db, document.Id, ct))!);
        });
        group.MapPost("/documents/file", CreateFromFileAsync).Accepts<IFormFile>("multipart/form-data");

        group.MapGet("/proposals/{id:int}", async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReaderView.FindProposalAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));
        group.MapPut("/proposals/{id:int}", async (int id, ProposalEdit edit, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await ResultAsync(await new ProposalDecisions(db, t, clock).EditAsync(id, edit, ct), db, t, ct));
        group.MapPost("/proposals/{id:int}/reject", async (int id, ProposalDecision decision, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await ResultAsync(await new ProposalDecisions(db, t, clock).RejectAsync(id, decision, ct), db, t, ct));
        group.MapPost("/proposals/{id:int}/accept", async (int id, ProposalDecision decision, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await ResultAsync(await new ProposalDecisions(db, t, clock).AcceptAsync(id, decision, ct), db, t, ct));

        // Any record's way back to the sentence it was read from ("来源: 《title》第N句").
        group.MapGet("/origin", async Task<Results<Ok<RecordOrigin>, ProblemHttpResult>> (
            ReaderRecordKind kind, int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReaderView.OriginAsync(db, kind, id, ct) is { } origin ? TypedResults.Ok(origin) : Problems.NotFound(t));
        return app;
    }

    /// <summary>A multipart form with "title", "year" and "file" (.txt or .docx, at most 2 MB).</summary>
    private static async Task<Results<Created<ReaderDocumentDto>, ValidationProblem, ProblemHttpResult>> CreateFromFileAsync(
        HttpRequest request, BlueprintDb db, IReportReader reader, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct)
    {
        var limit = ReaderUpload.MaxBytes + FormOverhead;
        if (request.ContentLength > limit)
        {
            return TooLarge(t);
        }

        if (!request.HasFormContentType)
        {
            return Problems.Invalid(new Validation(t).Require(false, "file", "Reader.FileMissing").Errors);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, ct);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            // Without a Content-Length the size is known only when the reader hits its limit.
            return TooLarge(t);
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return Problems.Invalid(new Validation(t).Require(false, "file", "Reader.FileMissing").Errors);
        }

        if (file.Length > ReaderUpload.MaxBytes)
        {
            return TooLarge(t);
        }

        var (text, error) = await ReadAsync(file, ct);
        if (error is not null)
        {
            return Problems.Invalid(new Validation(t).Require(false, "file", error).Errors);
        }

        var year = int.TryParse(form["year"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : 0;
        var (created, errors) = await new ReaderDocuments(db, reader, t, clock).CreateAsync(new ReaderDocumentInput(form["title"], year, text, Path.GetFileName(file.FileName)), ct);
        return created is null
            ? Problems.Invalid(errors!)
            : TypedResults.Created($"/api/reader/documents/{created.Id}", (await ReaderView.FindAsync(db, created.Id, ct))!);
    }

    /// <summary>The text of an uploaded file, or the resource key of its refusal (shared by the API and the page).</summary>
    public static async Task<(string? Text, string? ErrorKey)> ReadAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > ReaderUpload.MaxBytes)
        {
            return (null, "Reader.FileTooLarge");
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return ReaderUpload.Read(file.FileName, buffer.ToArray());
    }

    private static async Task<Results<Ok<ProposalDto>, ValidationProblem, ProblemHttpResult>> ResultAsync(
        Infrastructure.StepOutcome<ReaderProposal> outcome, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var dto = outcome.Succeeded ? await ReaderView.FindProposalAsync(db, outcome.Value!.Id, ct) : null;
        return outcome.ToResult(_ => dto!, t);
    }

    private static ProblemHttpResult TooLarge(IStringLocalizer<SharedResource> t) =>
        TypedResults.Problem(title: t["Reader.FileTooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);
}

/// <summary>The document list's query string: filters and paging.</summary>
public sealed record ReaderQuery(int? Year, string? Q, int? Page, int? PageSize)
{
    public ReaderFilter Filter => new(Year, Q);
}
