using MiniExcelLibs;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// Every list exports through here, so every export gets the same protection: text that a
/// spreadsheet would read as a formula (=, +, -, @, tab, carriage return) is prefixed with an
/// apostrophe (CSV/formula injection, OWASP).
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string? EscapeText(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Writes the rows (column header → value, in column order) to one sheet.</summary>
    public static async Task<byte[]> ExportAsync(IEnumerable<IReadOnlyDictionary<string, object?>> rows, string sheetName, CancellationToken ct = default)
    {
        var escaped = rows.Select(r => r.ToDictionary(c => c.Key, c => c.Value is string s ? EscapeText(s) : c.Value));
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(escaped, sheetName: sheetName, cancellationToken: ct);
        return stream.ToArray();
    }
}
