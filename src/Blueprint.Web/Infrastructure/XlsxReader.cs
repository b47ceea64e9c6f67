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
        var scan = new SheetScan(content, preferredSheet, knownHeaders);
        try
        {
            var rows = new List<SheetRow>();
            foreach (var row in scan.Rows())
            {
                if (rows.Count == maxRows)
                {
                    return new SheetData(scan.HeaderNames, [], TooManyRows: true, HeaderRow: scan.HeaderRow);
                }

                rows.Add(row);
            }

            return new SheetData(scan.HeaderNames, rows, TooManyRows: false, HeaderRow: scan.HeaderRow);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A zip that passed the checks but whose sheet XML is broken: not a workbook we can read.
            return new SheetData([], [], TooManyRows: false, Unreadable: true);
        }
    }

    /// <summary>
    /// The same sheet without holding its rows: one pass now checks it (readable, row limit, the
    /// count), and every enumeration of <see cref="SheetData.Rows"/> reads the sheet again, row by
    /// row. For the imports that may be given the maximum size (progress): a 200,000-row sheet is
    /// then never in memory at once (issue 17, item 8).
    /// </summary>
    public static SheetData Stream(byte[] content, string preferredSheet, int maxRows, IEnumerable<string> knownHeaders)
    {
        var known = knownHeaders.ToList();
        var scan = new SheetScan(content, preferredSheet, known);
        try
        {
            var count = 0;
            foreach (var _ in scan.Rows())
            {
                if (count == maxRows)
                {
                    return new SheetData(scan.HeaderNames, [], TooManyRows: true, HeaderRow: scan.HeaderRow);
                }

                count++;
            }

            return new SheetData(scan.HeaderNames, new StreamedRows(() => new SheetScan(content, preferredSheet, known).Rows(), count),
                TooManyRows: false, HeaderRow: scan.HeaderRow);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new SheetData([], [], TooManyRows: false, Unreadable: true);
        }
    }

    /// <summary>
    /// One reading of a sheet: the header row is found among the top rows, then every later
    /// non-blank row is a <see cref="SheetRow"/> (its cells by header). <see cref="HeaderNames"/>
    /// and <see cref="HeaderRow"/> are known once the rows have been read to the end.
    /// </summary>
    private sealed class SheetScan(byte[] content, string preferredSheet, IEnumerable<string> knownHeaders)
    {
        public IReadOnlyCollection<string> HeaderNames { get; private set; } = [];

        public int HeaderRow { get; private set; } = 1;

        public IEnumerable<SheetRow> Rows()
        {
            var known = knownHeaders.ToHashSet(StringComparer.Ordinal);
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content, writable: false), System.IO.Compression.ZipArchiveMode.Read);
            // Rows are read by column letter and mapped to the headers here.
            Dictionary<string, string>? headers = null;
            SheetColumns? columns = null;
            // The top rows, kept until the header row is known: when none names a known column, the first row is the header after all.
            var top = new List<(int Number, IReadOnlyDictionary<string, object?> Cells)>();
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
                    headers = Headers(header);
                    foreach (var (n, data) in top.Where(r => r.Number > HeaderRow))
                    {
                        if (Row(n, data) is { } early)
                        {
                            yield return early;
                        }
                    }

                    continue;
                }

                if (Row(number, cells) is { } row)
                {
                    yield return row;
                }
            }

            if (headers is null && top.Count > 0)
            {
                // A sheet shorter than the search: its first row is the header.
                headers = Headers(top[0]);
                foreach (var (n, data) in top.Skip(1))
                {
                    if (Row(n, data) is { } row)
                    {
                        yield return row;
                    }
                }
            }

            Dictionary<string, string> Headers((int Number, IReadOnlyDictionary<string, object?> Cells) header)
            {
                HeaderRow = header.Number;
                var found = HeadersOf(header.Cells);
                HeaderNames = found.Values;
                return found;
            }

            // Null for a blank row.
            SheetRow? Row(int n, IReadOnlyDictionary<string, object?> cells)
            {
                if (cells.Values.All(v => XlsxCells.Text(v) is null))
                {
                    return null;
                }

                columns ??= new SheetColumns(headers!);
                var values = new object?[columns.Letters.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = cells.TryGetValue(columns.Letters[i], out var value) ? value : null;
                }

                return new SheetRow(n, new SheetCells(columns, values));
            }
        }
    }

    /// <summary>Rows read again from the sheet at each enumeration; their number is known from the checking pass.</summary>
    private sealed class StreamedRows(Func<IEnumerable<SheetRow>> read, int count) : IReadOnlyList<SheetRow>
    {
        public int Count => count;

        public SheetRow this[int index] => read().ElementAt(index);

        public IEnumerator<SheetRow> GetEnumerator() => read().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
