using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

/// <summary>
/// The xlsx files as a person opens them (decision 0030), read back with the Open XML SDK: a
/// title row, a 金额单位 row where money is shown, a frozen header, fitted column widths, real
/// number formats (money, percentages, dates), a 合计 row of formulas where the page shows totals,
/// the header of an empty export, and templates with their drop-down lists. And the import still
/// reads what the export wrote: it finds the header row below the title. Demo data (read only);
/// projects of its own tagged XS{provider}- (no year); the empty year 2059 (read only).
/// </summary>
public sealed class XlsxStyleTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_bulletin_table_has_its_title_its_unit_a_frozen_header_and_real_percentages(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var file = await office.GetByteArrayAsync("/api/bulletin/xlsx?year=2023&month=12", ct);
        var api = (await office.GetFromJsonAsync<Blueprint.Web.Features.Projects.BulletinDto>("/api/bulletin?year=2023&month=12", ct))!;

        using var book = Sheet.Open(file);
        Assert.Equal("重点项目推进情况汇总表（2023年12月）", book.Text("A1"));
        Assert.Equal("金额单位：亿元", book.Text("A2"));
        Assert.Equal("项目", book.Text("A3"));
        Assert.Equal(3, book.FrozenRows);
        Assert.Contains(book.Worksheet.Descendants<MergeCell>(), m => m.Reference!.Value!.StartsWith("A1:", StringComparison.Ordinal));

        // Row 4 is the 合计 row; E is 年度投资完成率, C 年度计划投资（亿元）.
        Assert.Equal("合计", book.Text("A4"));
        Assert.Equal("0.0%", book.Format("E4"));
        var rate = book.Number("E4");
        Assert.InRange(rate, 0m, 1.5m);
        Assert.Equal(Math.Round(api.All.CompletionRate!.Value * 100m, 1, MidpointRounding.AwayFromZero) / 100m, rate);
        Assert.Equal("#,##0.00", book.Format("C4"));
        Assert.Equal(Math.Round(api.All.AnnualPlan / 100_000_000m, 2, MidpointRounding.AwayFromZero), book.Number("C4"));

        // Widths fitted: the label column is wider than the count column, and none is Excel's default.
        var widths = book.Widths();
        Assert.Equal(14, widths.Count);
        Assert.True(widths[1] > widths[2], $"项目 {widths[1]} vs 项目个数 {widths[2]}");
        Assert.All(widths.Values, w => Assert.InRange(w, 6, 60));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Dates_are_dates_and_the_plan_ends_with_a_totals_row_of_formulas(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");

        // 办理时限 (E) of the first item: a number (Excel's day serial) shown as yyyy-mm-dd.
        using (var items = Sheet.Open(await office.GetByteArrayAsync("/api/supervision-items/xlsx", ct)))
        {
            Assert.Equal(2, items.FrozenRows);
            Assert.Equal("办理时限", items.Text("E2"));
            Assert.Equal("yyyy-mm-dd", items.Format("E3"));
            Assert.Null(items.Cell("E3").DataType);
            var deadline = DateTime.FromOADate((double)items.Number("E3"));
            Assert.InRange(deadline.Year, 2020, 2030);
        }

        // A filtered list says its filter in the title.
        using (var red = Sheet.Open(await office.GetByteArrayAsync("/api/supervision-items/xlsx?light=Red", ct)))
        {
            Assert.StartsWith("督查督办事项（", red.Text("A1"), StringComparison.Ordinal);
            Assert.EndsWith("）（逾期）", red.Text("A1"), StringComparison.Ordinal);
        }

        var projects = await app.LoginAsync("project.office");

        // So do the lists whose filters are a year and a search text (大事记, meetings), and the to-do list's kind.
        using (var meetings = Sheet.Open(await projects.GetByteArrayAsync("/api/meetings/xlsx?year=2023&q=%E9%A1%B9%E7%9B%AE", ct)))
        {
            Assert.Equal("会议清单（2023年，含“项目”）", meetings.Text("A1"));
        }

        using (var milestones = Sheet.Open(await projects.GetByteArrayAsync("/api/milestones/xlsx", ct)))
        {
            Assert.DoesNotContain("（", milestones.Text("A1"), StringComparison.Ordinal);
        }

        using (var todo = Sheet.Open(await projects.GetByteArrayAsync("/api/todo/xlsx?kind=Progress", ct)))
        {
            Assert.EndsWith("）（月度进度）", todo.Text("A1"), StringComparison.Ordinal);
        }

        var plan = await projects.GetByteArrayAsync("/plans/export?year=2023", ct);
        using var book = Sheet.Open(plan);
        Assert.Equal("2023年重点项目计划（续建+计划开工）", book.Text("A1"));
        Assert.Equal("金额单位：万元", book.Text("A2"));
        var rows = Read(plan);
        Assert.NotEmpty(rows);
        // The totals row follows the data: 年度计划投资（万元） (I) summed by a formula whose cached value is the sum.
        var last = 3 + rows.Count + 1;
        Assert.Equal("合计", book.Text($"A{last}"));
        var total = book.Cell($"I{last}");
        Assert.Equal($"SUM(I4:I{last - 1})", total.CellFormula?.Text);
        var sum = rows.Sum(r => Convert.ToDecimal(r["年度计划投资（万元）"] ?? 0m, CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round(sum, 2), Math.Round(book.Number($"I{last}"), 2));
        Assert.Equal("#,##0.00", book.Format($"I{last}"));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_empty_period_still_has_its_title_and_header(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("supervision.office");
        var file = await office.GetByteArrayAsync("/api/supervision/rankings/xlsx?from=2059-03-01&to=2059-03-31", TestContext.Current.CancellationToken);

        using var book = Sheet.Open(file);
        Assert.Equal("督办排名（2059年3月1日至2059年3月31日）", book.Text("A1"));
        Assert.Equal(2, book.FrozenRows);
        Assert.Equal(["排名", "牵头单位"], new[] { book.Text("A2"), book.Text("B2") });
        Assert.Equal(10, book.Widths().Count);
        Assert.Equal(2, book.Worksheet.Descendants<Row>().Count());
    }

    [Fact]
    public async Task Templates_keep_the_header_in_row_one_and_offer_the_allowed_values_as_lists()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var reporter = await app.LoginAsync("anyue.reporter");
        var file = await reporter.GetByteArrayAsync("/api/imports/projects/template", TestContext.Current.CancellationToken);

        Assert.Equal([ProjectSheet.SheetName, "说明", "可选值"], SheetNames(file));
        using var book = Sheet.Open(file, ProjectSheet.SheetName);
        Assert.Equal(ProjectSheet.Code, book.Text("A1"));
        Assert.Equal(1, book.FrozenRows);
        var lists = book.Worksheet.Descendants<DataValidation>().ToDictionary(v => v.SequenceOfReferences!.InnerText!, v => v);
        // 项目类别 (F) takes column A of 可选值, 责任单位编码 (C) its unit codes (F), 项目阶段 (G) column B.
        Assert.Equal(DataValidationValues.List, lists["F2:F1048576"].Type!.Value);
        Assert.Equal("'可选值'!$A$2:$A$5", lists["F2:F1048576"].Formula1!.Text);
        Assert.Equal("'可选值'!$B$2:$B$7", lists["G2:G1048576"].Formula1!.Text);
        Assert.StartsWith("'可选值'!$F$2:$F$", lists["C2:C1048576"].Formula1!.Text, StringComparison.Ordinal);
        Assert.Equal(4, lists.Count);
        Assert.Contains(Read(file, "说明"), r => r["列名"] as string == ProjectSheet.Total);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_project_export_goes_back_to_the_import_as_it_is(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var prefix = $"XS{(int)provider}-{Guid.NewGuid():N}"[..12];
        var rows = Enumerable.Range(1, 2).Select(i => ProjectRow($"{prefix}{i}")).ToList();
        rows[1][ProjectSheet.PlannedStart] = new DateTime(2101, 3, 1);
        rows[1][ProjectSheet.PlannedCompletion] = new DateTime(2102, 12, 31);
        rows[1][ProjectSheet.Total] = 1234.5678m;
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(office, "/api/imports/projects", Workbook(ProjectSheet.SheetName, rows))).StatusCode);

        var export = await office.GetByteArrayAsync($"/api/projects/export?q={prefix}", ct);
        using (var book = Sheet.Open(export))
        {
            Assert.Equal("金额单位：万元", book.Text("A2"));
            Assert.Equal(ProjectSheet.Code, book.Text("A3"));
            Assert.Equal("yyyy-mm-dd", book.Format("M5"));
            Assert.Equal(new DateTime(2101, 3, 1), DateTime.FromOADate((double)book.Number("M5")));
            Assert.Equal(1234.5678m, book.Number("L5"));
        }

        // The file as downloaded, title and unit rows included: the import finds the header in row 3,
        // reads every cell, and refuses the two codes (taken) in rows 4 and 5 as Excel numbers them.
        var again = await RowErrorsAsync(await UploadAsync(office, "/api/imports/projects", export));
        Assert.Equal([(4, ProjectSheet.Code), (5, ProjectSheet.Code)], again.Select(e => (e.Row, e.Column)));

        // And read as the importers read it: the same values, exactly.
        var sheet = XlsxReader.Read(export, ProjectSheet.SheetName, 10, ProjectSheet.Columns.Select(c => c.Header));
        Assert.Equal(3, sheet.HeaderRow);
        Assert.Equal([4, 5], sheet.Rows.Select(r => r.Number));
        Assert.True(XlsxCells.TryDate(sheet.Rows[1].Cells[ProjectSheet.PlannedStart], out var start));
        Assert.Equal(new DateOnly(2101, 3, 1), start);
        Assert.True(XlsxCells.TryNumber(sheet.Rows[1].Cells[ProjectSheet.Total], out var total));
        Assert.Equal(1234.5678m, total);
    }

    [Fact]
    public void The_reader_takes_row_one_when_no_row_names_a_known_column()
    {
        var plain = Workbook("表", [new() { ["甲"] = "a", ["乙"] = 1 }, new() { ["甲"] = "b", ["乙"] = 2 }]);
        var sheet = XlsxReader.Read(plain, "表", 10, ["项目编码"]);
        Assert.Equal(1, sheet.HeaderRow);
        Assert.Equal(["甲", "乙"], sheet.Headers);
        Assert.Equal([2, 3], sheet.Rows.Select(r => r.Number));
    }

    [Fact]
    public void Widths_count_a_Chinese_character_as_two()
    {
        Assert.Equal(8, XlsxWidths.Of("项目名称"));
        Assert.Equal(9, XlsxWidths.Of("ZY-AY项目"));
        Assert.Equal("A", XlsxWidths.ColumnName(1));
        Assert.Equal("AB", XlsxWidths.ColumnName(28));
    }

    /// <summary>One worksheet of a downloaded workbook, and its cells by reference.</summary>
    private sealed class Sheet : IDisposable
    {
        private readonly SpreadsheetDocument _document;
        private readonly Stylesheet _styles;
        private readonly SharedStringTable? _strings;

        private Sheet(SpreadsheetDocument document, string? name)
        {
            _document = document;
            var book = document.WorkbookPart!;
            var entry = book.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First(s => name is null || s.Name == name);
            Worksheet = ((WorksheetPart)book.GetPartById(entry.Id!)).Worksheet;
            _styles = book.WorkbookStylesPart!.Stylesheet;
            _strings = book.SharedStringTablePart?.SharedStringTable;
        }

        public Worksheet Worksheet { get; }

        public int FrozenRows => (int)(Worksheet.Descendants<Pane>().Single().VerticalSplit?.Value ?? 0);

        public static Sheet Open(byte[] file, string? name = null) => new(SpreadsheetDocument.Open(new MemoryStream(file), false), name);

        public Cell Cell(string reference) => Worksheet.Descendants<Cell>().Single(c => c.CellReference?.Value == reference);

        public string? Text(string reference)
        {
            var cell = Cell(reference);
            if (cell.DataType?.Value == CellValues.SharedString)
            {
                return _strings!.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText;
            }

            return cell.InlineString?.InnerText ?? cell.CellValue?.Text;
        }

        public decimal Number(string reference) => decimal.Parse(Cell(reference).CellValue!.Text, NumberStyles.Float, CultureInfo.InvariantCulture);

        /// <summary>The number format code of a cell's style.</summary>
        public string? Format(string reference)
        {
            var index = (int)(Cell(reference).StyleIndex?.Value ?? 0);
            var id = _styles.CellFormats!.Elements<CellFormat>().ElementAt(index).NumberFormatId?.Value ?? 0;
            return _styles.NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value;
        }

        /// <summary>Column number → width.</summary>
        public Dictionary<int, double> Widths() =>
            Worksheet.Descendants<Column>().ToDictionary(c => (int)c.Min!.Value, c => c.Width!.Value);

        public void Dispose() => _document.Dispose();
    }
}
