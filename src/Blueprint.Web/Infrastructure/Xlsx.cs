using System.Data;
using Microsoft.Net.Http.Headers;
using MiniExcelLibs;

namespace Blueprint.Web.Infrastructure;

/// <summary>One sheet of a workbook: its column headers (in order) and its rows (header → value).</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>
/// Every list exports through here, so every export gets the same protection: text that a
/// spreadsheet would read as a formula (=, +, -, @, tab, carriage return) is prefixed with an
/// apostrophe (CSV/formula injection, OWASP).
/// <para>Written with MiniExcel's synchronous writer on purpose: its asynchronous one (1.46.0 and
/// 1.47.1) puts the sheet's &lt;drawing&gt; element inside &lt;sheetData&gt;, which the Open XML
/// schema forbids and Excel "repairs" (decision 0028). The workbook is built in memory, so
/// nothing waits on I/O either way.</para>
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string? EscapeText(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Writes the rows (column header → value, in column order) to one sheet.</summary>
    public static Task<byte[]> ExportAsync(IEnumerable<IReadOnlyDictionary<string, object?>> rows, string sheetName, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(Escape), sheetName: sheetName);
        return Task.FromResult(stream.ToArray());
    }

    /// <summary>
    /// Writes several sheets (templates: data, instructions, allowed values). A sheet without
    /// rows still gets its header row, which is what an empty template needs.
    /// </summary>
    public static Task<byte[]> ExportAsync(IReadOnlyList<XlsxSheet> sheets, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var book = new Dictionary<string, object>();
        foreach (var sheet in sheets)
        {
            var rows = sheet.Rows.Select(Escape).ToList();
            book[sheet.Name] = rows.Count > 0 ? rows : HeaderOnly(sheet.Headers);
        }

        using var stream = new MemoryStream();
        stream.SaveAs(book);
        return Task.FromResult(stream.ToArray());
    }

    private static Dictionary<string, object?> Escape(IReadOnlyDictionary<string, object?> row) =>
        row.ToDictionary(c => c.Key, c => c.Value is string s ? EscapeText(s) : c.Value);

    private static DataTable HeaderOnly(IReadOnlyList<string> headers)
    {
        var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
        foreach (var header in headers)
        {
            table.Columns.Add(header, typeof(string));
        }

        return table;
    }
}

/// <summary>An xlsx download with a chosen status (an import's error report is a 400, not a 200).</summary>
public sealed class XlsxFileResult(byte[] content, string fileName, int statusCode = StatusCodes.Status200OK)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => statusCode;

    public string? ContentType => Xlsx.ContentType;

    public byte[] Content => content;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = Xlsx.ContentType;
        httpContext.Response.Headers.ContentDisposition = disposition.ToString();
        httpContext.Response.ContentLength = content.Length;
        await httpContext.Response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}
