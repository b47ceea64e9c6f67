using System.IO.Compression;
using System.Text;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Excel;

/// <summary>
/// The streaming sheet reader (decision 0035) on a workbook written by hand, part by part, the way
/// Excel and WPS write them: shared strings with rich-text and phonetic runs, inline strings,
/// booleans, formula results, numbers in built-in and custom date formats, rows with gaps, and
/// cells without a reference.
/// </summary>
public sealed class XlsxSheetStreamTests
{
    [Fact]
    public void Every_kind_of_cell_comes_back_as_the_value_the_imports_take()
    {
        var workbook = Workbook(
            """
            <sheetData>
              <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c></row>
              <row r="4"><c r="A4" s="1"><v>45292</v></c><c r="B4" s="2"><v>45292.5</v></c><c r="C4" s="3"><v>1234.5</v></c><c r="AB4" t="b"><v>1</v></c></row>
              <row r="5"><c t="str"><f>A1&amp;"x"</f><v>年度x</v></c><c><v>-1.5E3</v></c><c t="e"><v>#N/A</v></c><c r="E5" s="4"><v>45300</v></c></row>
              <row r="6"><c r="A6" t="inlineStr"><is><r><t>主体</t></r><r><t xml:space="preserve"> 施工 </t></r></is></c><c r="B6"/></row>
              <row r="7"/>
            </sheetData>
            """);
        using var zip = new ZipArchive(new MemoryStream(workbook));

        Assert.Equal(["其他", "数据"], XlsxSheetStream.SheetNames(zip));
        var rows = XlsxSheetStream.Rows(zip, "数据").ToList();

        // Empty rows are left out; the numbers are those Excel shows.
        Assert.Equal([1, 4, 5, 6], rows.Select(r => r.Number));
        Assert.Equal(("年度", "项目名称", "备注"), (rows[0].Cells["A"], rows[0].Cells["B"], rows[0].Cells["C"]));
        Assert.Equal(new DateTime(2024, 1, 1), rows[1].Cells["A"]);
        Assert.Equal(new DateTime(2024, 1, 1, 12, 0, 0), rows[1].Cells["B"]);
        Assert.Equal(1234.5, rows[1].Cells["C"]);
        Assert.Equal(true, rows[1].Cells["AB"]);
        // Cells without a reference follow the one before them.
        Assert.Equal("年度x", rows[2].Cells["A"]);
        Assert.Equal(-1500d, rows[2].Cells["B"]);
        Assert.Equal("#N/A", rows[2].Cells["C"]);
        Assert.Equal(new DateTime(2024, 1, 9), rows[2].Cells["E"]);
        Assert.Equal("主体 施工 ", rows[3].Cells["A"]);
        Assert.False(rows[3].Cells.ContainsKey("B"));

        // The preferred sheet is found by name; an unknown name reads the first sheet.
        Assert.Equal("别的表", Assert.Single(XlsxSheetStream.Rows(zip, "没有这张表")).Cells["A"]);
    }

    [Theory]
    [InlineData(14, null, true)]
    [InlineData(22, null, true)]
    [InlineData(31, null, true)]
    [InlineData(57, null, true)]
    [InlineData(0, null, false)]
    [InlineData(4, "#,##0.00", false)]
    [InlineData(164, "yyyy\"年\"m\"月\"d\"日\"", true)]
    [InlineData(165, "0.00\"万元\"", false)]
    [InlineData(166, "[Red]0.00", false)]
    [InlineData(167, "[$-804]yyyy/mm/dd", true)]
    [InlineData(168, "0.0\\m", false)]
    public void Date_formats_are_told_from_number_formats(int id, string? code, bool date) =>
        Assert.Equal(date, XlsxSheetStream.IsDateFormat(id, code));

    [Fact]
    public void A_sheet_that_declares_a_DTD_is_unreadable()
    {
        var workbook = Workbook("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData>",
            doctype: "<!DOCTYPE worksheet [<!ENTITY x \"expanded\">]>");
        var sheet = XlsxReader.Read(workbook, "数据", 10, ["年度"]);
        Assert.True(sheet.Unreadable);
    }

    private static byte[] Workbook(string sheetData, string doctype = "")
    {
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
            ["xl/workbook.xml"] = $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"其他\" sheetId=\"1\" r:id=\"rId2\"/><sheet name=\"数据\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/_rels/workbook.xml.rels"] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"ws\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"ws\" Target=\"/xl/worksheets/other.xml\"/></Relationships>",
            ["xl/sharedStrings.xml"] = $"<sst xmlns=\"{Main}\"><si><t>年度</t></si><si><r><t>项目</t></r><r><rPr><b/></rPr><t>名称</t></r><rPh sb=\"0\" eb=\"2\"><t>xiangmu</t></rPh></si></sst>",
            ["xl/styles.xml"] = $"<styleSheet xmlns=\"{Main}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                + "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"4\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>",
            ["xl/worksheets/sheet1.xml"] = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>{doctype}<worksheet xmlns=\"{Main}\">{sheetData}</worksheet>",
            ["xl/worksheets/other.xml"] = $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>别的表</t></is></c></row></sheetData></worksheet>",
        };
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, xml) in parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
        }

        return stream.ToArray();
    }
}
