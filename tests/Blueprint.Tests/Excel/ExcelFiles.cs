using System.Net.Http.Headers;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Blueprint.Tests.Excel;

/// <summary>Workbooks built in the test with MiniExcel, uploads, and the row errors of a refused import.</summary>
internal static class ExcelFiles
{
    public sealed record RowError(int Row, string Column, string? Value, string Message);

    public static byte[] Workbook(string sheet, IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: sheet);
        return stream.ToArray();
    }

    /// <summary>
    /// The data rows of a sheet as a person reads them: headed by the row the frozen pane ends on
    /// (below a title and a 金额单位 row, decision 0030), without the 合计 row of SUM formulas at the end.
    /// </summary>
    public static List<Dictionary<string, object?>> Read(byte[] workbook, string? sheet = null)
    {
        var (headerRow, totals) = Layout(workbook, sheet);
        using var stream = new MemoryStream(workbook);
        List<Dictionary<string, object?>> rows = [.. stream.Query(useHeaderRow: true, sheetName: sheet, startCell: $"A{headerRow}")
            .Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r))];
        return totals && rows.Count > 0 ? rows[..^1] : rows;
    }

    /// <summary>The header row (where the frozen pane ends; 1 without a pane) and whether the last row is a totals row of formulas.</summary>
    public static (int HeaderRow, bool Totals) Layout(byte[] workbook, string? sheet = null)
    {
        using var stream = new MemoryStream(workbook);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        var book = document.WorkbookPart!;
        var entry = book.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First(s => sheet is null || s.Name == sheet);
        var worksheet = ((DocumentFormat.OpenXml.Packaging.WorksheetPart)book.GetPartById(entry.Id!)).Worksheet;
        var pane = worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Pane>().FirstOrDefault();
        var last = worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().LastOrDefault();
        var totals = last?.Descendants<DocumentFormat.OpenXml.Spreadsheet.CellFormula>().Any() == true;
        return ((int)(pane?.VerticalSplit?.Value ?? 1), totals);
    }

    /// <summary>The text of cell A1: an export's title row.</summary>
    public static string? Title(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        var first = (IDictionary<string, object?>)stream.Query(useHeaderRow: false).First();
        return first.TryGetValue("A", out var value) ? value?.ToString() : null;
    }

    public static List<string> SheetNames(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        return stream.GetSheetNames();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string fileName = "导入.xlsx")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(Xlsx.ContentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync(url, form, TestContext.Current.CancellationToken);
    }

    public static async Task<List<RowError>> RowErrorsAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. json.RootElement.GetProperty("rowErrors").EnumerateArray().Select(e => new RowError(
            e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!,
            e.GetProperty("value").GetString(), e.GetProperty("message").GetString()!))];
    }

    /// <summary>A good project row with every column present (MiniExcel takes the columns from the first row).</summary>
    public static Dictionary<string, object?> ProjectRow(string code, string unitCode = DemoUnits.Anyue) =>
        new(ProjectSheet.Columns.ToDictionary(c => c.Header, c => (object?)null).Concat(new Dictionary<string, object?>
        {
            [ProjectSheet.Code] = code,
            [ProjectSheet.Name] = $"导入测试项目{code}",
            [ProjectSheet.UnitCode] = unitCode,
            [ProjectSheet.Leader] = "副市长",
            [ProjectSheet.Category] = "产业",
            [ProjectSheet.Stage] = "在建",
            [ProjectSheet.Chain] = "汽车",
            [ProjectSheet.Link] = "强链",
            [ProjectSheet.Location] = "安岳县",
            [ProjectSheet.Total] = 12_345.6789m,
            [ProjectSheet.PlannedStart] = "2095-03-01",
            [ProjectSheet.PlannedCompletion] = "2097-12-31",
            [ProjectSheet.PlannedOutput] = 5000,
            [ProjectSheet.PlannedJobs] = 120,
        }).GroupBy(c => c.Key).Select(g => g.Last()));

    /// <summary>The header row of a sheet (MiniExcel's header mode sees no columns in a sheet without data rows).</summary>
    public static List<string> Headers(byte[] workbook, string sheet)
    {
        var (headerRow, _) = Layout(workbook, sheet);
        using var stream = new MemoryStream(workbook);
        var header = (IDictionary<string, object?>)stream.Query(useHeaderRow: false, sheetName: sheet).Skip(headerRow - 1).First();
        return [.. header.Values.OfType<string>()];
    }

    /// <summary>Projects on a far year's plan, arranged directly in the database (not what is under test).</summary>
    public static async Task<List<KeyProject>> ProjectsOnPlanAsync(TestApp app, string prefix, int count, int year)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var anyue = await db.Set<Unit>().SingleAsync(u => u.Code == DemoUnits.Anyue, TestContext.Current.CancellationToken);
        var projects = Enumerable.Range(1, count).Select(i => new KeyProject
        {
            Code = $"{prefix}{i:D5}",
            Name = $"调度导入测试{i}",
            UnitId = anyue.Id,
            Category = ProjectCategory.Industry,
            Stage = ProjectStage.UnderConstruction,
            TotalInvestment = 100_000_000,
        }).ToList();
        db.AddRange(projects);
        db.AddRange(projects.Select(p => new AnnualPlanEntry
        {
            Year = year,
            KeyProject = p,
            UnitId = anyue.Id,
            PlanType = PlanType.Continuing,
            AnnualPlannedInvestment = 50_000_000,
        }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return projects;
    }

    public static async Task<int> CountAsync<T>(TestApp app, Func<IQueryable<T>, IQueryable<T>> where) where T : class
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await where(db.Set<T>()).CountAsync(TestContext.Current.CancellationToken);
    }
}
