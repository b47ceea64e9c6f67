using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Projects.Excel;

/// <summary>
/// Templates, all-or-nothing imports and the project export. Uploads are multipart forms with a
/// "file" part; the form is read by <see cref="XlsxUpload"/> after its size checks. These
/// endpoints take no antiforgery token (scripts call them): the sign-in cookie is SameSite=Lax,
/// so a form posted from another site arrives without it and is refused as unauthenticated.
/// </summary>
public static class ExcelApi
{
    public static IEndpointRouteBuilder MapExcelApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/imports").WithTags("Excel").RequireAuthorization(Policies.Business)
            .WithMetadata(new HeavyImportAttribute());
        group.MapGet("/projects/template", Template(ImportKind.Projects));
        group.MapGet("/annual-plan/template", Template(ImportKind.AnnualPlan));
        group.MapGet("/progress/template", Template(ImportKind.Progress));

        // ?format=xlsx answers a failed import with the error report as a workbook (still a 400).
        group.MapPost("/projects", Import(ImportKind.Projects)).Accepts<IFormFile>("multipart/form-data")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Importers(ImportKind.Projects))));
        group.MapPost("/annual-plan", Import(ImportKind.AnnualPlan)).Accepts<IFormFile>("multipart/form-data")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Importers(ImportKind.AnnualPlan))));
        // ?submit=true files the imported reports as submitted instead of drafts.
        group.MapPost("/progress", Import(ImportKind.Progress)).Accepts<IFormFile>("multipart/form-data")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Importers(ImportKind.Progress))));

        app.MapGet("/api/projects/export", ExportProjectsAsync).WithTags("Projects").RequireAuthorization(Policies.Business);
        return app;
    }

    /// <summary>Who may import each kind: the API and the import page both ask this.</summary>
    public static string Importers(ImportKind kind) => kind switch
    {
        ImportKind.Projects => Roles.ProjectEditors,
        ImportKind.AnnualPlan => Roles.ProjectOffice,
        _ => Roles.ProgressFillers,
    };

    /// <summary>Everyone who may import at least one kind (the import page's own rule).</summary>
    public const string AnyImporter = Roles.ProjectEditors + "," + Roles.ProgressFillers;

    public static string FileName(ImportKind kind, IStringLocalizer<SharedResource> t) => t[$"Import.Template.{kind}"] + ".xlsx";

    private static Delegate Template(ImportKind kind) => async (
        BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
    {
        var bytes = await new ExcelImporter(db, user, clock, t, options.Value).TemplateAsync(kind, ct);
        return TypedResults.File(bytes, Xlsx.ContentType, FileName(kind, t));
    };

    private static Delegate Import(ImportKind kind) => async Task<Results<Ok<ImportResult>, ProblemHttpResult, XlsxFileResult>> (
        HttpContext http, string? format, bool? submit, BlueprintDb db, CurrentUser user, TimeProvider clock,
        IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
    {
        var upload = await XlsxUpload.ReadAsync(http.Request, options.Value, t, ct);
        if (upload.Refusal is { } refused)
        {
            return refused;
        }

        var outcome = await new ExcelImporter(db, user, clock, t, options.Value).ImportAsync(kind, upload.Content!, submit == true, ct);
        if (outcome.Errors is { } errors)
        {
            return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                ? new XlsxFileResult(await errors.ToXlsxAsync(ct), t["Import.Report.FileName"] + ".xlsx", StatusCodes.Status400BadRequest)
                : errors.ToProblem();
        }

        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(outcome.Result!);
    };

    /// <summary>The project list as filtered on GET /api/projects, in the import layout (so it re-imports).</summary>
    private static async Task<FileContentHttpResult> ExportProjectsAsync(
        BlueprintDb db, IStringLocalizer<SharedResource> t, string? q, int? unitId, ProjectCategory? category, ProjectStage? stage,
        bool? archived, CancellationToken ct)
    {
        var query = db.Set<KeyProject>().AsNoTracking().Where(p => p.IsArchived == (archived ?? false));
        query = string.IsNullOrWhiteSpace(q) ? query : query.Where(p => p.Name.Contains(q) || p.Code.Contains(q));
        query = unitId is null ? query : query.Where(p => p.UnitId == unitId);
        query = category is null ? query : query.Where(p => p.Category == category);
        query = stage is null ? query : query.Where(p => p.Stage == stage);
        var projects = await query.OrderBy(p => p.Code).ToListAsync(ct);
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var rows = projects.Select(p => ProjectSheet.ToRow(p, units.GetValueOrDefault(p.UnitId)));
        // In the import layout, below a title and a unit row that the import skips (it finds the header row).
        var sheet = new XlsxSheet(ProjectSheet.SheetName, [.. ProjectSheet.Columns.Select(c => c.Column)], rows)
        {
            Title = t["Import.Export.Projects"],
            UnitLine = Xlsx.MoneyUnit(t, "Money.Wan"),
        };
        var bytes = await Xlsx.ExportAsync(sheet, ct);
        return TypedResults.File(bytes, Xlsx.ContentType, t["Import.Export.Projects"] + ".xlsx");
    }
}
