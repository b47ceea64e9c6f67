using MiniExcelLibs;

namespace Blueprint.Web.Infrastructure;

/// <summary>One data row of a sheet: its row number as Excel shows it, and its cells by column header.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, object?> Cells);

/// <summary>A sheet read for import; <see cref="TooManyRows"/> when it was over the row limit (then no rows).</summary>
public sealed record SheetData(IReadOnlyCollection<string> Headers, IReadOnlyList<SheetRow> Rows, bool TooManyRows, bool Unreadable = false);

/// <summary>
/// Reads the data sheet of an uploaded workbook (already checked by <see cref="XlsxUpload"/>):
/// row 1 holds the column headers, every later non-blank row is data. Reading streams, and
/// stops as soon as the row limit is passed.
/// </summary>
public static class XlsxReader
{
    public static SheetData Read(byte[] content, string preferredSheet, int maxRows)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var names = stream.GetSheetNames();
            var sheet = names.Contains(preferredSheet) ? preferredSheet : names.FirstOrDefault();
            stream.Position = 0;
            // Rows are read by column letter and mapped to the headers here: MiniExcel's own
            // header mode reports no columns for a sheet that has only its header row.
            Dictionary<string, string>? headers = null;
            var rows = new List<SheetRow>();
            var number = 0;
            foreach (IDictionary<string, object?> cells in stream.Query(useHeaderRow: false, sheetName: sheet))
            {
                number++;
                if (headers is null)
                {
                    headers = cells.Select(c => (c.Key, Header: XlsxCells.Text(c.Value)))
                        .Where(c => c.Header is not null).ToDictionary(c => c.Key, c => c.Header!);
                    continue;
                }

                if (cells.Values.All(v => XlsxCells.Text(v) is null))
                {
                    continue;
                }

                if (rows.Count == maxRows)
                {
                    return new SheetData(headers.Values, [], TooManyRows: true);
                }

                var byHeader = new Dictionary<string, object?>(headers.Count);
                foreach (var (letter, header) in headers)
                {
                    byHeader[header] = cells.TryGetValue(letter, out var value) ? value : null;
                }

                rows.Add(new SheetRow(number, byHeader));
            }

            return new SheetData(headers is null ? [] : headers.Values, rows, TooManyRows: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A zip that passed the checks but whose sheet XML is broken: not a workbook we can read.
            return new SheetData([], [], TooManyRows: false, Unreadable: true);
        }
    }
}
