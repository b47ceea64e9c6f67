using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

/// <summary>One refused cell: the row number as Excel shows it, the column header, the value and why.</summary>
public sealed record ImportError(int Row, string Column, string? Value, string Message);

/// <summary>What an all-or-nothing import answers when every row is good.</summary>
public sealed record ImportResult(int Imported, string Message);

/// <summary>
/// The row-by-row error report of an import. An import writes nothing unless this stays empty;
/// otherwise the report goes back, as ProblemDetails (extension "rowErrors", and "rowErrorsTotal")
/// or as xlsx. Every error is counted, and every row with one; the first <see cref="MaxListed"/>
/// are listed — a sheet of 200,000 wrong rows is a wrong sheet, and listing each of its errors
/// cost a node tens of megabytes for a report nobody reads to the end (issue 17, item 8).
/// </summary>
public sealed class ImportErrors(IStringLocalizer<SharedResource> t)
{
    /// <summary>How many errors the report lists.</summary>
    public const int MaxListed = 10_000;

    private readonly List<ImportError> _items = [];
    private readonly HashSet<int> _rows = [];

    /// <summary>The listed errors: the first <see cref="MaxListed"/> found.</summary>
    public IReadOnlyList<ImportError> Items => _items;

    /// <summary>Every error found, listed or not.</summary>
    public int Total { get; private set; }

    public bool Any => Total > 0;

    public int RowCount => _rows.Count;

    public IStringLocalizer<SharedResource> Text => t;

    public void Add(int row, string column, object? value, string key, params object[] args)
    {
        Total++;
        _rows.Add(row);
        if (_items.Count < MaxListed)
        {
            _items.Add(new ImportError(row, column, XlsxCells.Text(value), t[key, args]));
        }
    }

    public ProblemHttpResult ToProblem() =>
        TypedResults.Problem(
            title: t["Import.Failed", RowCount],
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["rowErrors"] = Ordered(), ["rowErrorsTotal"] = Total });

    /// <summary>The same report as a workbook, for people who fix the sheet in Excel.</summary>
    public Task<byte[]> ToXlsxAsync(CancellationToken ct)
    {
        var rows = Ordered().Select(e => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Import.Report.Row"]] = e.Row,
            [t["Import.Report.Column"]] = e.Column,
            [t["Import.Report.Value"]] = e.Value,
            [t["Import.Report.Message"]] = e.Message,
        });
        XlsxColumn[] columns =
        [
            new(t["Import.Report.Row"], XlsxKind.Integer), new(t["Import.Report.Column"]), new(t["Import.Report.Value"]), new(t["Import.Report.Message"], Width: 60),
        ];
        var title = Total > _items.Count ? t["Import.Report.Truncated", Total, _items.Count].Value : t["Import.Report.FileName"].Value;
        return Xlsx.ExportAsync(new XlsxSheet(t["Import.Report.Sheet"], columns, rows) { Title = title }, ct);
    }

    private List<ImportError> Ordered() => [.. _items.OrderBy(e => e.Row)];
}

/// <summary>Reads one sheet row's cells, adding an error for each cell that is missing or wrong.</summary>
public sealed class RowReader(SheetRow row, ImportErrors errors)
{
    public int Number => row.Number;

    public object? Raw(string column) => row.Cells.GetValueOrDefault(column);

    public void Error(string column, string key, params object[] args) => errors.Add(row.Number, column, Raw(column), key, args);

    public string? Text(string column, bool required = false, int maxLength = 4000)
    {
        var text = XlsxCells.Text(Raw(column));
        if (text is null)
        {
            Missing(column, required);
            return null;
        }

        if (text.Length > maxLength)
        {
            Error(column, "Import.TooLong", maxLength);
            return null;
        }

        return text;
    }

    /// <summary>An amount typed in 万元, returned in 元; never negative.</summary>
    public long? Wan(string column, bool required = false)
    {
        if (XlsxCells.Text(Raw(column)) is null)
        {
            Missing(column, required);
            return null;
        }

        if (!XlsxCells.TryNumber(Raw(column), out var wan))
        {
            Error(column, "Import.NotNumber");
            return null;
        }

        if (!XlsxCells.TryWanToYuan(wan, out var yuan))
        {
            Error(column, "Import.TooManyDecimals");
            return null;
        }

        if (yuan < 0)
        {
            Error(column, "Import.NotNegative");
            return null;
        }

        return yuan;
    }

    public int? Whole(string column, int min, int max, bool required = false)
    {
        if (XlsxCells.Text(Raw(column)) is null)
        {
            Missing(column, required);
            return null;
        }

        if (!XlsxCells.TryNumber(Raw(column), out var number) || number % 1 != 0)
        {
            Error(column, "Import.NotWholeNumber");
            return null;
        }

        if (number < min || number > max)
        {
            Error(column, "Import.OutOfRange", min, max);
            return null;
        }

        return (int)number;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        if (XlsxCells.Text(Raw(column)) is null)
        {
            Missing(column, required);
            return null;
        }

        if (!XlsxCells.TryDate(Raw(column), out var date))
        {
            Error(column, "Import.NotDate");
            return null;
        }

        return date;
    }

    /// <summary>A value chosen by its label (as listed on the template's allowed-values sheet).</summary>
    public T? Choice<T>(string column, IReadOnlyDictionary<string, T> choices, bool required = false) where T : struct
    {
        var text = XlsxCells.Text(Raw(column));
        if (text is null)
        {
            Missing(column, required);
            return null;
        }

        if (!choices.TryGetValue(text, out var value))
        {
            Error(column, "Import.NotChoice", string.Join("、", choices.Keys));
            return null;
        }

        return value;
    }

    private void Missing(string column, bool required)
    {
        if (required)
        {
            Error(column, "Import.Required");
        }
    }
}
