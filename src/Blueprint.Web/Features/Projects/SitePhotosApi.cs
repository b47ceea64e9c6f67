using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>现场照片 over HTTP: upload to a project-month, list, the picture and its thumbnail, delete.</summary>
public static class SitePhotosApi
{
    // Room for the multipart boundaries and part headers around the file itself.
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapSitePhotosApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Site photos").RequireAuthorization(Policies.Business);

        projects.MapGet("/{id:int}/photos", async Task<Results<Ok<List<PhotoDto>>, ProblemHttpResult>> (
            int id, int? year, int? month, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<KeyProject>().AnyAsync(p => p.Id == id, ct)
                ? TypedResults.Ok(await SitePhotos.ListAsync(db, id, year, month, ct))
                : Problems.NotFound(t));

        projects.MapPost("/{id:int}/photos/{year:int}/{month:int}", async Task<Results<Created<PhotoDto>, ProblemHttpResult>> (
            int id, int year, int month, HttpRequest request, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (request.ContentLength > SitePhotos.MaxBytes + FormOverhead)
            {
                return SitePhotos.TooLarge(t);
            }

            if (!request.HasFormContentType)
            {
                return SitePhotos.Bad(t, "Photo.NoFile");
            }

            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = SitePhotos.MaxBytes + FormOverhead;
            }

            IFormFile? file;
            try
            {
                var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = SitePhotos.MaxBytes + FormOverhead }, ct);
                file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return SitePhotos.TooLarge(t);
            }

            var added = await SitePhotos.AddAsync(db, id, year, month, file, clock, t, ct);
            return added.Problem is { } problem ? problem : TypedResults.Created($"/api/photos/{added.Photo!.Id}", added.Photo);
        }).Accepts<IFormFile>("multipart/form-data").RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProjectEditors)));

        var photos = app.MapGroup("/api/photos").WithTags("Site photos").RequireAuthorization(Policies.Business);
        photos.MapGet("/{id:int}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<ProgressPhoto>().AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Content, p.ContentType, p.FileName }).SingleOrDefaultAsync(ct) is { } f
                ? TypedResults.File(f.Content, f.ContentType, f.FileName)
                : Problems.NotFound(t));
        photos.MapGet("/{id:int}/thumb", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<ProgressPhoto>().AsNoTracking().Where(p => p.Id == id).Select(p => p.Thumbnail).SingleOrDefaultAsync(ct) is { } thumb
                ? TypedResults.File(thumb, "image/jpeg")
                : Problems.NotFound(t));
        photos.MapDelete("/{id:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await SitePhotos.DeleteAsync(db, id, t, ct) is { } problem ? problem : TypedResults.NoContent())
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProjectEditors)));
        return app;
    }
}
