using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Units;

/// <summary>单位管理 for the system administrator, with the rules of <see cref="UnitAdmin"/> (the page uses the same).</summary>
public static class UnitAdminApi
{
    public static IEndpointRouteBuilder MapUnitAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/units").WithTags("Administration")
            .RequireAuthorization(p => p.RequireRole(UnitAdmin.Keepers));
        group.MapGet("/", async (BlueprintDb db, string? q, CancellationToken ct) =>
            TypedResults.Ok(UnitTree.Search(await UnitTree.LoadAsync(db, ct), q)));
        // The export is recorded as a read (entity Unit, action Export), as every administrator action is.
        group.MapGet("/xlsx", async (BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, string? q, CancellationToken ct) =>
        {
            var rows = UnitTree.Search(await UnitTree.LoadAsync(db, ct), q);
            await AuditLog.RecordReadAsync(db, nameof(Unit), "Export", new UnitListFilter(q), rows.Count, clock, ct);
            var sheet = new XlsxSheet(UnitSheet.SheetName, UnitSheet.ExportColumns, UnitSheet.ExportRows(rows)) { Title = Xlsx.Filtered(t["UnitAdmin.FileName"], Xlsx.SearchFilter(t, q)) };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, t["UnitAdmin.FileName"] + ".xlsx");
        });
        group.MapGet("/template", async (BlueprintDb db, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
            TypedResults.File(await UnitSheet.TemplateAsync(db, t, options.Value, ct), Xlsx.ContentType, t["UnitImport.TemplateName"] + ".xlsx"));
        // All or nothing; ?format=xlsx answers row errors with the error report as a workbook (still a 400).
        group.MapPost("/import", async (HttpContext http, string? format, BlueprintDb db, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
        {
            var upload = await XlsxUpload.ReadAsync(http.Request, options.Value, t, ct);
            var outcome = upload.Refusal is { } refused ? new ImportOutcome(null, null, refused) : await new UnitImport(db, t).ImportAsync(upload.Content!, ct);
            return await SheetImport.AnswerAsync(outcome, format, t, ct);
        }).Accepts<IFormFile>("multipart/form-data").WithMetadata(new HeavyImportAttribute());
        group.MapPost("/", async (UnitInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new UnitAdmin(db, t).SaveAsync(null, input, ct)).ToCreated(AsDto, u => $"/api/admin/units/{u.Id}", t));
        group.MapPut("/{id:int}", async (int id, UnitInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new UnitAdmin(db, t).SaveAsync(id, input, ct)).ToResult(AsDto, t));
        group.MapPost("/{id:int}/disable", async (int id, UnitVersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new UnitAdmin(db, t).SetDisabledAsync(id, true, input.Version, ct)).ToResult(AsDto, t));
        group.MapPost("/{id:int}/enable", async (int id, UnitVersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new UnitAdmin(db, t).SetDisabledAsync(id, false, input.Version, ct)).ToResult(AsDto, t));
        group.MapDelete("/{id:int}", async (int id, int version, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new UnitAdmin(db, t).DeleteAsync(id, version, ct)).ToResult(u => u.Id, t));
        return app;
    }

    public static UnitAdminDto AsDto(Unit u) => new(u.Id, u.Name, u.ShortName, u.Code, u.Kind, u.ParentId, u.Path, u.SortOrder, u.Aliases, u.IsDisabled, u.Version, u.MapArea);
}

/// <summary>The unit list's filter, as its export's audit record holds it.</summary>
public sealed record UnitListFilter(string? Q);

public sealed record UnitAdminDto(
    int Id, string Name, string? ShortName, string Code, UnitKind Kind, int? ParentId, string Path, int SortOrder, string? Aliases, bool IsDisabled, int Version, string? MapArea);
