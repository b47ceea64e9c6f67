using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects.Excel;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ImportKind
{
    Projects = 0,
    AnnualPlan = 1,
    Progress = 2,
}

/// <summary>Either the import happened, or the row errors, or a refusal of the whole file.</summary>
public sealed record ImportOutcome(ImportResult? Result, ImportErrors? Errors, ProblemHttpResult? Refusal);

/// <summary>
/// All-or-nothing import of a checked workbook: every row is parsed and validated first; only
/// when no row fails is everything inserted, with one SaveChanges in one transaction (the audit
/// records of every inserted row are written in that same transaction).
/// </summary>
public sealed class ExcelImporter(BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, XlsxUploadOptions options)
{
    public static (string Sheet, IReadOnlyList<SheetColumn> Columns) Layout(ImportKind kind) => kind switch
    {
        ImportKind.Projects => (ProjectSheet.SheetName, ProjectSheet.Columns),
        ImportKind.AnnualPlan => (AnnualPlanSheet.SheetName, AnnualPlanSheet.Columns),
        _ => (ProgressSheet.SheetName, ProgressSheet.Columns),
    };

    public Task<ImportOutcome> ImportAsync(ImportKind kind, byte[] content, bool submit, CancellationToken ct) =>
        Telemetry.MeasureImportAsync(kind switch
        {
            ImportKind.Projects => "projects",
            ImportKind.AnnualPlan => "annual-plan",
            _ => "progress",
        }, () => ReadAndSaveAsync(kind, content, submit, ct), o => o.Result?.Imported);

    private async Task<ImportOutcome> ReadAndSaveAsync(ImportKind kind, byte[] content, bool submit, CancellationToken ct)
    {
        var (sheetName, columns) = Layout(kind);
        // Progress sheets are the ones given the maximum size: read row by row, not held (issue 17).
        var sheet = kind == ImportKind.Progress
            ? XlsxReader.Stream(content, sheetName, options.MaxRows, columns.Select(c => c.Header))
            : XlsxReader.Read(content, sheetName, options.MaxRows, columns.Select(c => c.Header));
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

        var now = clock.GetUtcNow().UtcDateTime;
        var records = kind switch
        {
            ImportKind.Projects => await ProjectSheet.ParseAsync(sheet, db, user, clock, t, errors, ct),
            ImportKind.AnnualPlan => await AnnualPlanSheet.ParseAsync(sheet, db, errors, ct),
            _ => await ProgressSheet.ParseAsync(sheet, db, user, now, submit, errors, ct),
        };
        if (errors.Any)
        {
            return new(null, errors, null);
        }

        var saved = kind == ImportKind.Progress
            ? await BulkSaveAsync([.. records.Cast<ProgressReport>()], ct)
            : await SaveAllAsync(records, ct);
        if (!saved)
        {
            return new(null, null, TypedResults.Problem(title: t["Import.Conflict"], statusCode: StatusCodes.Status409Conflict));
        }

        // A county's projects went in as proposals: say where they are now.
        var done = kind == ImportKind.Projects && Proposals.ProjectProposals.ActorOf(user) != Proposals.ProposalActor.Office ? "Import.DoneProposed" : "Import.Done";
        return new(new ImportResult(sheet.Rows.Count, t[done, sheet.Rows.Count]), null, null);
    }

    /// <summary>The template: the empty data sheet, the instructions (说明) and the allowed values.</summary>
    public async Task<byte[]> TemplateAsync(ImportKind kind, CancellationToken ct)
    {
        var (sheetName, columns) = Layout(kind);
        var units = await ExcelLabels.WritableUnitsAsync(db, user, ct);
        string[] general =
        [
            t["Import.Guide.Rows", sheetName].Value, t["Import.Guide.Money"].Value, t["Import.Guide.Choices"].Value,
            t["Import.Guide.AllOrNothing"].Value, t["Import.Guide.Limits", options.MaxBytes / (1024 * 1024), options.MaxRows].Value,
        ];
        (string, IReadOnlyList<string>)[] choices =
        [
            (ProjectSheet.Category, [.. ExcelLabels.Categories.Keys]), (ProjectSheet.Stage, [.. ExcelLabels.Stages.Keys]),
            (ProjectSheet.Link, [.. ExcelLabels.ChainLinks.Keys]), (AnnualPlanSheet.PlanType, [.. ExcelLabels.PlanTypes.Keys]),
            (AnnualPlanSheet.PlannedCompletion, [.. ExcelLabels.YesNo.Keys]),
            (SheetImport.UnitCodes, [.. units.Select(u => u.Code)]), ("单位名称", [.. units.Select(u => u.Name)]),
        ];
        return await SheetImport.TemplateAsync(sheetName, columns, general, choices, t, ct);
    }

    /// <summary>
    /// Progress rows, the large imports (100,000 rows): one multi-row INSERT per few thousand rows
    /// and their audit records appended the same way, all in one transaction — all or nothing.
    /// Bypassing SaveChanges, it checks write scope itself, as SaveChanges would.
    /// </summary>
    internal async Task<bool> BulkSaveAsync(List<ProgressReport> reports, CancellationToken ct)
    {
        await db.EnsureCanWriteAsync(nameof(ProgressReport), reports.Select(r => r.UnitId), ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await BulkInsert.InsertAsync(db, reports, [nameof(ProgressReport.KeyProjectId), nameof(ProgressReport.Year), nameof(ProgressReport.Month)], ct);
            await Audit.AuditAppender.AppendInsertsAsync(db, reports, ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (System.Data.Common.DbException e) when (e.IsUniqueViolation())
        {
            // Someone reported one of these project-months between our checks and our insert.
            return false;
        }
    }

    /// <summary>Projects and plan entries: one SaveChanges in one transaction (their stage changes reach projects by navigation).</summary>
    private async Task<bool> SaveAllAsync(List<object> records, CancellationToken ct)
    {
        // Change detection on every Add is what makes 10,000 inserts slow; SaveChanges still
        // detects changes once (BlueprintDb calls DetectChanges itself).
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.AddRange(records);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Someone inserted the same code or project-month between our checks and our insert.
            return false;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private ImportOutcome Refuse(string key) =>
        new(null, null, TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status400BadRequest));
}
