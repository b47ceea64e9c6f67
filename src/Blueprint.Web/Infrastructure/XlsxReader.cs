namespace Blueprint.Web.Infrastructure;

/// <summary>One data row of a sheet: its row number as Excel shows it, and its cells by column header.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, object?> Cells);

/// <summary>
/// A sheet read for import; <see cref="TooManyRows"/> when it was over the row limit (then no rows).
/// <see cref="HeaderRow"/> is the row number of the column headers (1, or lower below a title).
/// </summary>
public sealed record SheetData(IReadOnlyCollection<string> Headers, IReadOnlyList<SheetRow> Rows, bool TooManyRows, bool Unreadable = false, int HeaderRow = 1);

/// <summary>
/// Reads the data sheet of an uploaded workbook (already checked by <see cref="XlsxUpload"/>):
/// the header row is the first of the top <see cref="HeaderSearch"/> rows that names one of the
/// sheet's known columns — row 1 in a template, row 2 or 3 in an export below its title and
/// 金额单位 rows (decision 0030) — or row 1 when none does; every later non-blank row is data.
/// Reading streams, and stops as soon as the row limit is passed.
/// </summary>
public static class XlsxReader
{
    /// <summary>How far down the header row is looked for: a title, a unit row and a blank line fit with room to spare.</summary>
    public const int HeaderSearch = 10;

    public static SheetData Read(byte[] content, string preferredSheet, int maxRows, IEnumerable<string> knownHeaders)
    {
        var known = knownHeaders.ToHashSet(StringComparer.Ordinal);
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content, writable: false), System.IO.Compression.ZipArchiveMode.Read);
            // Rows are read by column letter and mapped to the headers here.
            Dictionary<string, string>? headers = null;
            var headerRow = 1;
            // The top rows, kept until the header row is known: when none names a known column, the first row is the header after all.
            var top = new List<(int Number, IReadOnlyDictionary<string, object?> Cells)>();
            var rows = new List<SheetRow>();
            SheetColumns? columns = null;
            foreach (var (number, cells) in XlsxSheetStream.Rows(zip, preferredSheet))
            {
                if (headers is null)
                {
                    top.Add((number, cells));
                    var found = cells.Values.Any(v => XlsxCells.Text(v) is { } text && known.Contains(text));
                    if (!found && number < HeaderSearch)
                    {
                        continue;
                    }

                    var header = found ? top[^1] : top[0];
                    headerRow = header.Number;
                    headers = HeadersOf(header.Cells);
                    foreach (var (n, data) in top.Where(r => r.Number > headerRow))
                    {
                        if (!Add(n, data))
                        {
                            return new SheetData(headers.Values, [], TooManyRows: true, HeaderRow: headerRow);
                        }
                    }

                    continue;
                }

                if (!Add(number, cells))
                {
                    return new SheetData(headers.Values, [], TooManyRows: true, HeaderRow: headerRow);
                }
            }

            if (headers is null && top.Count > 0)
            {
                // A sheet shorter than the search: its first row is the header.
                headers = HeadersOf(top[0].Cells);
                foreach (var (n, data) in top.Skip(1))
                {
                    if (!Add(n, data))
                    {
                        return new SheetData(headers.Values, [], TooManyRows: true);
                    }
                }
            }

            return new SheetData(headers is null ? [] : headers.Values, rows, TooManyRows: false, HeaderRow: headerRow);

            // False when the row is one too many.
            bool Add(int n, IReadOnlyDictionary<string, object?> cells)
            {
                if (cells.Values.All(v => XlsxCells.Text(v) is null))
                {
                    return true;
                }

                if (rows.Count == maxRows)
                {
                    return false;
                }

                columns ??= new SheetColumns(headers!);
                var values = new object?[columns.Letters.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = cells.TryGetValue(columns.Letters[i], out var value) ? value : null;
                }

                rows.Add(new SheetRow(n, new SheetCells(columns, values)));
                return true;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A zip that passed the checks but whose sheet XML is broken: not a workbook we can read.
            return new SheetData([], [], TooManyRows: false, Unreadable: true);
        }
    }

    private static Dictionary<string, string> HeadersOf(IReadOnlyDictionary<string, object?> cells) =>
        cells.Select(c => (c.Key, Header: XlsxCells.Text(c.Value)))
            .Where(c => c.Header is not null).ToDictionary(c => c.Key, c => c.Header!);
}

/// <summary>The columns of a sheet, shared by all its rows: letter and header by position, position by header.</summary>
internal sealed class SheetColumns
{
    public SheetColumns(Dictionary<string, string> headers)
    {
        Letters = [.. headers.Keys];
        Headers = [.. headers.Values];
        Index = new Dictionary<string, int>(Headers.Length, StringComparer.Ordinal);
        for (var i = 0; i < Headers.Length; i++)
        {
            // Two columns with the same header: the last one counts, as it did when each row was a dictionary by header.
            Index[Headers[i]] = i;
        }
    }

    public string[] Letters { get; }

    public string[] Headers { get; }

    public Dictionary<string, int> Index { get; }
}

/// <summary>
/// One row's cells by header, as compact as a row can be: its values in an array and the header
/// positions shared by every row of the sheet. A 200,000-row sheet held as one dictionary per row
/// cost about 0.5 KB a row more (issue 17, item 8).
/// </summary>
internal sealed class SheetCells(SheetColumns columns, object?[] values) : IReadOnlyDictionary<string, object?>
{
    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => columns.Index.Keys;

    public IEnumerable<object?> Values => columns.Index.Values.Select(i => values[i]);

    public int Count => columns.Index.Count;

    public bool ContainsKey(string key) => columns.Index.ContainsKey(key);

    public bool TryGetValue(string key, out object? value)
    {
        if (columns.Index.TryGetValue(key, out var i))
        {
            value = values[i];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        columns.Index.Select(c => KeyValuePair.Create(c.Key, values[c.Value])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
