using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using SpreadCheetah;

namespace Blueprint.Web.Infrastructure;

/// <summary>What a column holds, which decides its number format (decision 0030).</summary>
public enum XlsxKind
{
    /// <summary>Text, or a number shown as it is (codes, years, indicator values): no number format.</summary>
    Text = 0,

    /// <summary>A whole number (counts, days, people): "0".</summary>
    Integer = 1,

    /// <summary>An amount in the unit the header names (万元, 亿元): "#,##0.00".</summary>
    Money = 2,

    /// <summary>A ratio, written as 0.936 and shown as 93.6%: "0.0%".</summary>
    Percent = 3,

    /// <summary>A day (DateOnly or DateTime), written as a real date: "yyyy-mm-dd".</summary>
    Date = 4,

    /// <summary>An instant in the city's time, written as a real date and time: "yyyy-mm-dd hh:mm".</summary>
    DateTime = 5,
}

/// <summary>A column of a sheet: its header, what it holds, and a fixed width in characters (null: fitted to the content).</summary>
public sealed record XlsxColumn(string Header, XlsxKind Kind = XlsxKind.Text, double? Width = null)
{
    /// <summary>Text columns, one per header.</summary>
    public static XlsxColumn[] Texts(params IEnumerable<string> headers) => [.. headers.Select(h => new XlsxColumn(h))];
}

/// <summary>A list of allowed values for a column: the cells of <paramref name="Range"/> (A1 style) on sheet <paramref name="Sheet"/>.</summary>
public sealed record XlsxList(string Column, string Sheet, string Range);

/// <summary>
/// One sheet of a workbook: its columns (in order) and its rows (header → value). A report adds
/// a title row above the header, a 金额单位 row when it shows money, and a 合计 row summing its
/// money columns when the page it comes from shows totals. A template's data sheet has neither
/// title nor unit row (its header stays in row 1) but carries the lists of allowed values.
/// </summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<XlsxColumn> Columns, IEnumerable<IReadOnlyDictionary<string, object?>> Rows)
{
    /// <summary>The title row, e.g. 重点项目推进情况汇总表（2023年12月）; none when null.</summary>
    public string? Title { get; init; }

    /// <summary>The unit row under the title, "金额单位：万元" (<see cref="Xlsx.MoneyUnit"/>); none when null.</summary>
    public string? UnitLine { get; init; }

    /// <summary>The label of a last row of SUM formulas over the money columns (合计), for pages that show those totals; none when null.</summary>
    public string? TotalsLabel { get; init; }

    /// <summary>Lists of allowed values (data validation), for a template's data sheet.</summary>
    public IReadOnlyList<XlsxList> Lists { get; init; } = [];
}

/// <summary>
/// Every list, report and template writes its workbook here (decisions 0028 and 0030): SpreadCheetah
/// writes it with the title and unit rows, a frozen header, fitted column widths and real number
/// formats (money, percentages, dates). Text that a spreadsheet would read as a formula (=, +, -,
/// @, tab, carriage return) is prefixed with an apostrophe (CSV/formula injection, OWASP).
/// Imports find the header row below a title (<see cref="XlsxReader"/>), so exports re-import.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Widths are fitted between these (in characters of the standard font).</summary>
    private const double MinWidth = 6, MaxWidth = 60;

    /// <summary>Width fitting looks at this many rows at most: enough to be right, cheap on a 100,000-row export.</summary>
    private const int RowsMeasured = 2_000;

    public static string? EscapeText(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Writes one sheet.</summary>
    public static Task<byte[]> ExportAsync(XlsxSheet sheet, CancellationToken ct = default) => ExportAsync([sheet], ct);

    /// <summary>Writes several sheets (templates: data, instructions, allowed values). A sheet without rows still gets its header row.</summary>
    public static async Task<byte[]> ExportAsync(IReadOnlyList<XlsxSheet> sheets, CancellationToken ct = default)
    {
        using var stream = new MemoryStream();
        // Cell references (r="B4") cost a little size, but some readers of the files users pass on need them.
        var options = new SpreadCheetahOptions { BufferSize = 64 * 1024, WriteCellReferenceAttributes = true };
        await using (var book = await Spreadsheet.CreateNewAsync(stream, options, ct))
        {
            var styles = new XlsxStyles(book);
            foreach (var sheet in sheets)
            {
                await WriteSheetAsync(book, styles, sheet, ct);
            }

            await book.FinishAsync(ct);
        }

        return stream.ToArray();
    }

    private static async Task WriteSheetAsync(Spreadsheet book, XlsxStyles styles, XlsxSheet sheet, CancellationToken ct)
    {
        var rows = sheet.Rows as IReadOnlyList<IReadOnlyDictionary<string, object?>> ?? [.. sheet.Rows];
        var columns = sheet.Columns;
        var unitRow = sheet.UnitLine is not null;
        var headerRow = (sheet.Title is null ? 0 : 1) + (unitRow ? 1 : 0) + 1;
        var last = XlsxWidths.ColumnName(columns.Count);

        var options = new SpreadCheetah.Worksheets.WorksheetOptions { FrozenRows = headerRow };
        if (columns.Count > 0)
        {
            options.AutoFilter = new SpreadCheetah.Worksheets.AutoFilterOptions($"A{headerRow}:{last}{headerRow + rows.Count}");
        }

        for (var i = 0; i < columns.Count; i++)
        {
            options.Column(i + 1).Width = columns[i].Width ?? XlsxWidths.Fit(columns[i], rows.Take(RowsMeasured), MinWidth, MaxWidth);
        }

        await book.StartWorksheetAsync(sheet.Name, options, ct);
        if (sheet.Title is { } title)
        {
            await book.AddRowAsync([new Cell(title, styles.Title)], new SpreadCheetah.Worksheets.RowOptions { Height = 24 }, ct);
            if (columns.Count > 1)
            {
                book.MergeCells($"A1:{last}1");
            }
        }

        if (unitRow)
        {
            await book.AddRowAsync([new Cell(sheet.UnitLine)], ct);
        }

        await book.AddRowAsync(columns.Select(c => new Cell(c.Header, styles.Header)).ToArray(), ct);

        var cells = new Cell[columns.Count];
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Count; i++)
            {
                cells[i] = CellOf(row.GetValueOrDefault(columns[i].Header), columns[i].Kind, styles);
            }

            await book.AddRowAsync(cells, ct);
        }

        if (sheet.TotalsLabel is { } label && columns.Count > 0)
        {
            await book.AddRowAsync(TotalsRow(label, columns, rows, headerRow, styles), ct);
        }

        foreach (var list in sheet.Lists)
        {
            var index = columns.ToList().FindIndex(c => c.Header == list.Column);
            if (index >= 0)
            {
                var letter = XlsxWidths.ColumnName(index + 1);
                var validation = SpreadCheetah.Validations.DataValidation.ListValuesFromCells(list.Sheet, list.Range);
                book.AddDataValidation($"{letter}{headerRow + 1}:{letter}1048576", validation);
            }
        }
    }

    /// <summary>A list's title with its filter, e.g. 问题协调清单（2024年1月31日）（安岳县，未解决）; the title alone when nothing is filtered.</summary>
    public static string Filtered(string title, params IEnumerable<string?> filters)
    {
        var shown = filters.Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        return shown.Count == 0 ? title : $"{title}（{string.Join("，", shown)}）";
    }

    /// <summary>A year filter as a title shows it ("2023年"); null when not filtered.</summary>
    public static string? YearFilter(IStringLocalizer t, int? year) => year is { } y ? t["Xlsx.Filter.Year", y].Value : null;

    /// <summary>A search text as a title shows it (含“…”); null when not searched.</summary>
    public static string? SearchFilter(IStringLocalizer t, string? q) => string.IsNullOrWhiteSpace(q) ? null : t["Xlsx.Filter.Search", q.Trim()].Value;

    /// <summary>"金额单位：万元" — <paramref name="unitKey"/> is Money.Wan or Money.Yi, as the money columns' headers say.</summary>
    public static string MoneyUnit(IStringLocalizer t, string unitKey) => t["Xlsx.MoneyUnit", t[unitKey]];

    private static Cell[] TotalsRow(string label, IReadOnlyList<XlsxColumn> columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, int headerRow, XlsxStyles styles)
    {
        var cells = new Cell[columns.Count];
        cells[0] = new Cell(label, styles.Header);
        for (var i = 1; i < columns.Count; i++)
        {
            if (columns[i].Kind != XlsxKind.Money)
            {
                cells[i] = new Cell(null as string, styles.Header);
                continue;
            }

            // A formula, so an edited sheet still adds up; its cached value is what readers without a calculation engine see.
            var letter = XlsxWidths.ColumnName(i + 1);
            var sum = rows.Sum(r => r.GetValueOrDefault(columns[i].Header) is { } v && XlsxCells.TryNumber(v, out var n) ? n : 0m);
            var formula = rows.Count == 0 ? new Formula("0") : new Formula($"SUM({letter}{headerRow + 1}:{letter}{headerRow + rows.Count})");
            cells[i] = new Cell(formula, sum, styles.MoneyTotal);
        }

        return cells;
    }

    private static Cell CellOf(object? value, XlsxKind kind, XlsxStyles styles)
    {
        var style = styles.Of(kind);
        return value switch
        {
            null => new Cell(null as string, style),
            string s => new Cell(EscapeText(s), style),
            int i => new Cell(i, style),
            long l => new Cell(l, style),
            decimal d => new Cell(d, style),
            double d => new Cell(d, style),
            float f => new Cell(f, style),
            DateOnly day => new Cell(day.ToDateTime(TimeOnly.MinValue), style),
            DateTime instant => new Cell(instant, style),
            bool b => new Cell(b, style),
            _ => new Cell(EscapeText(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)), style),
        };
    }
}

/// <summary>The styles of one workbook, registered once.</summary>
internal sealed class XlsxStyles
{
    private readonly SpreadCheetah.Styling.StyleId?[] _byKind = new SpreadCheetah.Styling.StyleId?[6];

    public XlsxStyles(Spreadsheet book)
    {
        Title = book.AddStyle(new SpreadCheetah.Styling.Style
        {
            Font = { Bold = true, Size = 14 },
            Alignment = { Horizontal = SpreadCheetah.Styling.HorizontalAlignment.Center, Vertical = SpreadCheetah.Styling.VerticalAlignment.Center },
        });
        Header = book.AddStyle(new SpreadCheetah.Styling.Style
        {
            Font = { Bold = true },
            Fill = { Color = System.Drawing.Color.FromArgb(0xF2, 0xF2, 0xF2) },
            Alignment = { WrapText = true, Vertical = SpreadCheetah.Styling.VerticalAlignment.Center },
        });
        MoneyTotal = book.AddStyle(new SpreadCheetah.Styling.Style
        {
            Font = { Bold = true },
            Fill = { Color = System.Drawing.Color.FromArgb(0xF2, 0xF2, 0xF2) },
            Format = SpreadCheetah.Styling.NumberFormat.Custom(MoneyFormat),
        });
        _byKind[(int)XlsxKind.Integer] = Number(book, "0");
        _byKind[(int)XlsxKind.Money] = Number(book, MoneyFormat);
        _byKind[(int)XlsxKind.Percent] = Number(book, PercentFormat);
        _byKind[(int)XlsxKind.Date] = Number(book, DateFormat);
        _byKind[(int)XlsxKind.DateTime] = Number(book, "yyyy-mm-dd hh:mm");
    }

    public const string MoneyFormat = "#,##0.00";
    public const string PercentFormat = "0.0%";
    public const string DateFormat = "yyyy-mm-dd";

    public SpreadCheetah.Styling.StyleId Title { get; }

    public SpreadCheetah.Styling.StyleId Header { get; }

    public SpreadCheetah.Styling.StyleId MoneyTotal { get; }

    public SpreadCheetah.Styling.StyleId? Of(XlsxKind kind) => _byKind[(int)kind];

    private static SpreadCheetah.Styling.StyleId Number(Spreadsheet book, string format) =>
        book.AddStyle(new SpreadCheetah.Styling.Style { Format = SpreadCheetah.Styling.NumberFormat.Custom(format) });
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
