using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Indicators.Excel;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum IndicatorImportKind
{
    Indicators = 0,
    Values = 1,
}

/// <summary>
/// Templates, all-or-nothing imports and exports of indicators (with target shares) and of
/// indicator values, on the same plumbing as the project sheets: upload checks, row-by-row
/// Chinese errors, nothing written unless every row is good.
/// </summary>
public sealed class IndicatorExcel(BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, XlsxUploadOptions options)
{
    public static (string Sheet, IReadOnlyList<SheetColumn> Columns) Layout(IndicatorImportKind kind) => kind == IndicatorImportKind.Indicators
        ? (IndicatorSheet.SheetName, IndicatorSheet.Columns)
        : (IndicatorValueSheet.SheetName, IndicatorValueSheet.Columns);

    public Task<ImportOutcome> ImportAsync(IndicatorImportKind kind, byte[] content, bool submit, CancellationToken ct) =>
        Telemetry.MeasureImportAsync(kind == IndicatorImportKind.Indicators ? "indicators" : "indicator-values",
            () => ReadAndSaveAsync(kind, content, submit, ct), o => o.Result?.Imported);

    private async Task<ImportOutcome> ReadAndSaveAsync(IndicatorImportKind kind, byte[] content, bool submit, CancellationToken ct)
    {
        var (sheetName, columns) = Layout(kind);
        var sheet = XlsxReader.Read(content, sheetName, options.MaxRows, columns.Select(c => c.Header));
        if (sheet.Unreadable)
        {
            return Refuse("Import.NotXlsx");
        }

        if (sheet.TooManyRows)
        {
            return new(null, null, XlsxUpload.TooManyRows(t, options));
        }

        var errors = new ImportErrors(t);
        foreach (var column in columns.Where(c => c.Required && !sheet.Headers.Contains(c.Header)))
        {
            errors.Add(sheet.HeaderRow, column.Header, null, "Import.MissingColumn", column.Header);
        }

        if (errors.Any)
        {
            return new(null, errors, null);
        }

        if (sheet.Rows.Count == 0)
        {
            return Refuse("Import.Empty");
        }

        var records = kind == IndicatorImportKind.Indicators
            ? await IndicatorSheet.ParseAsync(sheet, db, errors, ct)
            : await IndicatorValueSheet.ParseAsync(sheet, db, user, clock.GetUtcNow().UtcDateTime, submit, errors, ct);
        if (errors.Any)
        {
            return new(null, errors, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.AddRange(records);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, null, TypedResults.Problem(title: t["Import.Conflict"], statusCode: StatusCodes.Status409Conflict));
        }

        return new(new ImportResult(sheet.Rows.Count, t["Import.Done", sheet.Rows.Count]), null, null);
    }

    /// <summary>The template: the empty data sheet, the instructions and the allowed values.</summary>
    public async Task<byte[]> TemplateAsync(IndicatorImportKind kind, CancellationToken ct)
    {
        var (sheetName, columns) = Layout(kind);
        var units = await ExcelLabels.WritableUnitsAsync(db, user, ct);
        string[] general =
        [
            t["Import.Guide.Rows", sheetName].Value, t["Import.Guide.Choices"].Value, t["Import.Guide.AllOrNothing"].Value,
            t["Import.Guide.Limits", options.MaxBytes / (1024 * 1024), options.MaxRows].Value,
        ];
        (string, IReadOnlyList<string>)[] choices =
        [
            (IndicatorSheet.Direction, [.. IndicatorSheet.Directions.Keys]), (IndicatorSheet.Kind, [.. IndicatorSheet.Kinds.Keys]),
            (IndicatorSheet.Profile, [.. IndicatorSheet.Profiles.Keys]),
            (SheetImport.UnitCodes, [.. units.Select(u => u.Code)]), ("单位名称", [.. units.Select(u => u.Name)]),
        ];
        return await SheetImport.TemplateAsync(sheetName, columns, general, choices, t, ct);
    }

    /// <summary>The indicators of the filtered list, in the import layout (so the export re-imports into another year).</summary>
    public async Task<byte[]> ExportIndicatorsAsync(IndicatorListQuery q, CancellationToken ct)
    {
        var ids = await FilteredIdsAsync(q, ct);
        var indicators = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear).Include(i => i.Goal)
            .Where(i => ids.Contains(i.Id)).OrderBy(i => i.PlanYear!.Year).ThenBy(i => i.Id).ToListAsync(ct);
        // The split names the shares the reader's scope holds, as the list and the detail show them:
        // a county that holds a share of a city indicator does not read the other counties' targets.
        var targets = (await db.Set<IndicatorTarget>().AsNoTracking().Where(x => ids.Contains(x.IndicatorId)).ToListAsync(ct))
            .ToLookup(x => x.IndicatorId);
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var rows = indicators.Select(i => IndicatorSheet.ToRow(i, units, targets[i.Id]));
        return await Xlsx.ExportAsync(
            new XlsxSheet(IndicatorSheet.SheetName, [.. IndicatorSheet.Columns.Select(c => c.Column)], rows) { Title = t["Indicators.Export.Indicators"] }, ct);
    }

    /// <summary>The current values (in the user's scope) of the filtered indicators, in the import layout plus their status.</summary>
    public async Task<byte[]> ExportValuesAsync(IndicatorListQuery q, CancellationToken ct)
    {
        var ids = await FilteredIdsAsync(q, ct);
        var indicators = await IndicatorScope.Visible(db).AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var values = await db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IsCurrent && ids.Contains(v.IndicatorId))
            .OrderBy(v => v.Year).ThenBy(v => v.IndicatorId).ThenBy(v => v.UnitId).ThenBy(v => v.Period).ToListAsync(ct);
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var rows = values.Select(v => IndicatorValueSheet.ToRow(v, indicators[v.IndicatorId], units, t[$"Indicators.Status.{v.Status}"]));
        return await Xlsx.ExportAsync(
            new XlsxSheet(IndicatorValueSheet.SheetName, [.. IndicatorValueSheet.Columns.Select(c => c.Column)], rows) { Title = t["Indicators.Export.Values"] }, ct);
    }

    private async Task<List<int>> FilteredIdsAsync(IndicatorListQuery q, CancellationToken ct)
    {
        var all = q with { Page = 1, PageSize = Paging.MaxPageSize };
        var (first, _) = await IndicatorList.LoadAsync(db, all, clock, ct);
        var ids = first.Items.Select(r => r.Id).ToList();
        for (var page = 2; (page - 1) * first.PageSize < first.Total; page++)
        {
            ids.AddRange((await IndicatorList.LoadAsync(db, all with { Page = page }, clock, ct)).Page.Items.Select(r => r.Id));
        }

        return ids;
    }

    private ImportOutcome Refuse(string key) => new(null, null, TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status400BadRequest));
}

/// <summary>The Excel endpoints of indicators (multipart "file" uploads, as for the project sheets).</summary>
public static class IndicatorExcelApi
{
    public static IEndpointRouteBuilder MapIndicatorExcelApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/indicator-excel").WithTags("Indicators").RequireAuthorization(Policies.Business)
            .WithMetadata(new HeavyImportAttribute());
        group.MapGet("/indicators/template", Template(IndicatorImportKind.Indicators));
        group.MapGet("/values/template", Template(IndicatorImportKind.Values));
        group.MapPost("/indicators", Import(IndicatorImportKind.Indicators)).Accepts<IFormFile>("multipart/form-data")
            .RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));
        // ?submit=true files the imported values as submitted instead of drafts.
        group.MapPost("/values", Import(IndicatorImportKind.Values)).Accepts<IFormFile>("multipart/form-data")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProgressFillers)));
        group.MapGet("/indicators/export", async (HttpRequest request, BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
            TypedResults.File(await new IndicatorExcel(db, user, clock, t, options.Value).ExportIndicatorsAsync(IndicatorListQuery.From(request.Query), ct), Xlsx.ContentType, t["Indicators.Export.Indicators"] + ".xlsx"));
        group.MapGet("/values/export", async (HttpRequest request, BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
            TypedResults.File(await new IndicatorExcel(db, user, clock, t, options.Value).ExportValuesAsync(IndicatorListQuery.From(request.Query), ct), Xlsx.ContentType, t["Indicators.Export.Values"] + ".xlsx"));
        return app;
    }

    private static Delegate Template(IndicatorImportKind kind) => async (
        BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
        TypedResults.File(await new IndicatorExcel(db, user, clock, t, options.Value).TemplateAsync(kind, ct), Xlsx.ContentType, t[$"Indicators.Template.{kind}"] + ".xlsx");

    private static Delegate Import(IndicatorImportKind kind) => async Task<Results<Ok<ImportResult>, ProblemHttpResult, XlsxFileResult>> (
        HttpContext http, string? format, bool? submit, BlueprintDb db, CurrentUser user, TimeProvider clock,
        IStringLocalizer<SharedResource> t, IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
    {
        var upload = await XlsxUpload.ReadAsync(http.Request, options.Value, t, ct);
        if (upload.Refusal is { } refused)
        {
            return refused;
        }

        var outcome = await new IndicatorExcel(db, user, clock, t, options.Value).ImportAsync(kind, upload.Content!, submit == true, ct);
        if (outcome.Errors is { } errors)
        {
            return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                ? new XlsxFileResult(await errors.ToXlsxAsync(ct), t["Import.Report.FileName"] + ".xlsx", StatusCodes.Status400BadRequest)
                : errors.ToProblem();
        }

        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(outcome.Result!);
    };
}
