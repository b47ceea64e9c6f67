using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>Upload and download of an item's files, for the API and the detail page alike.</summary>
public static class SupervisionAttachmentsApi
{
    // Room for the multipart boundaries and part headers around the file itself.
    private const long FormOverhead = 64 * 1024;

    public static RouteGroupBuilder MapSupervisionAttachments(this RouteGroupBuilder items)
    {
        items.MapPost("/{id:int}/attachments", async Task<Results<Created<SupervisionAttachmentDto>, ProblemHttpResult>> (
            int id, HttpRequest request, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (request.ContentLength > AttachmentRules.MaxBytes + FormOverhead)
            {
                return TooLarge(t);
            }

            if (!request.HasFormContentType)
            {
                return Bad(t, "Supervision.Attachment.NoFile");
            }

            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = AttachmentRules.MaxBytes + FormOverhead;
            }

            IFormFile? file;
            try
            {
                var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = AttachmentRules.MaxBytes + FormOverhead }, ct);
                file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return TooLarge(t);
            }

            var added = await AddAsync(db, id, file, clock, t, ct);
            return added.Problem is { } problem ? problem : TypedResults.Created($"/api/supervision-items/{id}/attachments/{added.Attachment!.Id}", added.Attachment);
        }).Accepts<IFormFile>("multipart/form-data")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(SupervisionAccess.Actors)));

        items.MapGet("/{id:int}/attachments/{attachmentId:int}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            int id, int attachmentId, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (await SupervisionAccess.FindAsync(db, id, ct) is null)
            {
                return Problems.NotFound(t);
            }

            // The item is visible, so are its files, whoever uploaded them.
            var file = await db.Set<SupervisionAttachment>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
                .SingleOrDefaultAsync(a => a.Id == attachmentId && a.SupervisionItemId == id, ct);
            return file is null ? Problems.NotFound(t) : TypedResults.File(file.Content, file.ContentType, file.FileName);
        });
        return items;
    }

    /// <summary>Checks and stores one file for an item the user acts on (office, lead or cooperating unit).</summary>
    public static async Task<(SupervisionAttachmentDto? Attachment, ProblemHttpResult? Problem)> AddAsync(
        BlueprintDb db, int itemId, IFormFile? file, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var item = await SupervisionAccess.FindAsync(db, itemId, ct);
        if (item is null)
        {
            return (null, Problems.NotFound(t));
        }

        var (actor, actingUnit) = await SupervisionAccess.ActorAsync(db, item, ct);
        if (actor == SupervisionActor.Viewer)
        {
            return (null, Problems.Forbidden(t, "Supervision.NotYourAction"));
        }

        if (item.Status == SupervisionStatus.Closed)
        {
            return (null, Problems.Conflict(t, "Supervision.Attachment.Closed"));
        }

        if (file is null || file.Length == 0)
        {
            return (null, Bad(t, "Supervision.Attachment.NoFile"));
        }

        if (file.Length > AttachmentRules.MaxBytes)
        {
            return (null, TooLarge(t));
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var name = AttachmentRules.CleanName(file.FileName);
        var (type, error) = AttachmentRules.Check(name, content);
        if (error is not null)
        {
            return (null, error == "Supervision.Attachment.TooLarge" ? TooLarge(t) : Bad(t, error));
        }

        var attachment = new SupervisionAttachment
        {
            SupervisionItemId = item.Id,
            UnitId = actingUnit,
            FileName = name,
            ContentType = type!,
            Size = content.LongLength,
            Content = content,
            UploadedById = db.CurrentUser.UserId ?? 0,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(attachment);
        await db.SaveChangesAsync(ct);
        return (new SupervisionAttachmentDto(attachment.Id, item.Id, name, attachment.ContentType, attachment.Size, db.CurrentUser.UserName, attachment.UploadedAtUtc), null);
    }

    private static ProblemHttpResult TooLarge(IStringLocalizer<SharedResource> t) =>
        TypedResults.Problem(title: t["Supervision.Attachment.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult Bad(IStringLocalizer<SharedResource> t, string key) =>
        TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status400BadRequest);
}
