using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects.Excel;

/// <summary>
/// What every sheet import does before and around its own rows: read the data sheet, refuse an
/// unreadable, over-long or empty one, report missing required columns; and the template with
/// its instructions (说明) and allowed values (可选值). The administration imports (units,
/// accounts) use it; the older imports spell the same steps out.
/// </summary>
public static class SheetImport
{
    /// <summary>The sheet's rows, or what to answer instead (a refusal, or the missing columns as row-1 errors).</summary>
    public static (SheetData? Sheet, ImportOutcome? Early) Open(
        byte[] content, string sheetName, IReadOnlyList<SheetColumn> columns, int maxRows, IStringLocalizer<SharedResource> t)
    {
        var sheet = XlsxReader.Read(content, sheetName, maxRows, columns.Select(c => c.Header));
        if (sheet.Unreadable)
        {
            return (null, Refuse(t, "Import.NotXlsx"));
        }

        if (sheet.TooManyRows)
        {
            return (null, new(null, null, XlsxUpload.TooManyRows(t, new XlsxUploadOptions { MaxRows = maxRows })));
        }

        var errors = new ImportErrors(t);
        foreach (var column in columns.Where(c => c.Required && !sheet.Headers.Contains(c.Header)))
        {
            errors.Add(sheet.HeaderRow, column.Header, null, "Import.MissingColumn", column.Header);
        }

        if (errors.Any)
        {
            return (null, new(null, errors, null));
        }

        return sheet.Rows.Count == 0 ? (null, Refuse(t, "Import.Empty")) : (sheet, null);
    }

    /// <summary>The header of the unit-code list on most 可选值 sheets.</summary>
    public const string UnitCodes = "单位编码";

    /// <summary>
    /// The empty data sheet, the instructions (general lines, then one line per column) and the
    /// allowed values, column by column. The data sheet keeps its header in row 1 (it is the file
    /// format people and scripts fill), its columns carry their number formats, and every column
    /// with allowed values gets them as a drop-down list (data validation) from the 可选值 sheet.
    /// </summary>
    public static Task<byte[]> TemplateAsync(
        string sheetName, IReadOnlyList<SheetColumn> columns, IEnumerable<string> guideLines,
        IReadOnlyList<(string Header, IReadOnlyList<string> Values)> choices, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        string[] guideHeaders = [t["Import.Guide.Column"], t["Import.Guide.Required"], t["Import.Guide.Note"]];
        var guide = guideLines.Select(line => Row(guideHeaders, "", "", line))
            .Concat(columns.Select(c => Row(guideHeaders, c.Header, c.Required ? t["Import.Guide.Yes"].Value : "", c.Note)));
        string[] choiceHeaders = [.. choices.Select(c => c.Header)];
        var longest = choices.Count == 0 ? 0 : choices.Max(c => c.Values.Count);
        var choiceRows = Enumerable.Range(0, longest)
            .Select(i => Row(choiceHeaders, [.. choices.Select(c => i < c.Values.Count ? c.Values[i] : null)]));
        var choiceSheet = t["Import.Choices.Sheet"].Value;
        var lists = new List<XlsxList>();
        foreach (var column in columns)
        {
            var index = column.ListOf is { } name ? Array.IndexOf(choiceHeaders, name) : -1;
            if (index >= 0 && choices[index].Values.Count > 0)
            {
                var letter = XlsxWidths.ColumnName(index + 1);
                lists.Add(new XlsxList(column.Header, choiceSheet, $"${letter}$2:${letter}${choices[index].Values.Count + 1}"));
            }
        }

        return Xlsx.ExportAsync(
        [
            new XlsxSheet(sheetName, [.. columns.Select(c => c.Column)], []) { Lists = lists },
            new XlsxSheet(t["Import.Guide.Sheet"], [new(guideHeaders[0]), new(guideHeaders[1]), new(guideHeaders[2], Width: 80)], guide),
            new XlsxSheet(choiceSheet, XlsxColumn.Texts(choiceHeaders), choiceRows),
        ], ct);
    }

    /// <summary>The API's answer: the result, the refusal, or the row errors (as ProblemDetails, or as a workbook with ?format=xlsx; a 400 either way).</summary>
    public static async Task<Results<Ok<ImportResult>, ProblemHttpResult, XlsxFileResult>> AnswerAsync(
        ImportOutcome outcome, string? format, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (outcome.Errors is { } errors)
        {
            return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                ? new XlsxFileResult(await errors.ToXlsxAsync(ct), t["Import.Report.FileName"] + ".xlsx", StatusCodes.Status400BadRequest)
                : errors.ToProblem();
        }

        return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(outcome.Result!);
    }

    public static ImportOutcome Refuse(IStringLocalizer<SharedResource> t, string key, int status = StatusCodes.Status400BadRequest) =>
        new(null, null, TypedResults.Problem(title: t[key], statusCode: status));

    private static Dictionary<string, object?> Row(string[] headers, params string?[] values) =>
        headers.Zip(values).ToDictionary(p => p.First, p => (object?)p.Second);
}
