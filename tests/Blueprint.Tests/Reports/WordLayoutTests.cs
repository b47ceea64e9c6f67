using Blueprint.Web.Features.Reports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Tests.Reports;

/// <summary>
/// The three reports share one set of Word building blocks and differ only by layout: the
/// project bulletin on A4 landscape for its fourteen columns, the supervision bulletin and the
/// brief on portrait, long tables repeating their header row on every page, the brief packed
/// tighter. Read back from real .docx files written through <see cref="WordParts"/>.
/// </summary>
public sealed class WordLayoutTests
{
    public static readonly TheoryData<string, bool, int, bool, string> Layouts = new()
    {
        { nameof(WordLayout.ProjectBulletin), true, 1134, true, "24" },
        { nameof(WordLayout.SupervisionBulletin), false, 1440, true, "24" },
        { nameof(WordLayout.Brief), false, 1021, false, "21" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Each_layout_sets_its_page_and_tables(string name, bool landscape, int topMargin, bool repeatsHeader, string bodySize)
    {
        var layout = name switch
        {
            nameof(WordLayout.ProjectBulletin) => WordLayout.ProjectBulletin,
            nameof(WordLayout.SupervisionBulletin) => WordLayout.SupervisionBulletin,
            _ => WordLayout.Brief,
        };
        var bytes = WordParts.Write(layout, (w, body) => body.Append(
            w.Heading("总体情况"),
            w.Para("全市重点项目推进情况。", indent: true),
            w.Table("t", ["序号", "项目", "完成率"], [["1", "安岳柠檬产业园", "52.3%"], ["2", "乐至物流港", "48.0%"]])));

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var section = body.Elements<SectionProperties>().Single();
        var page = section.GetFirstChild<PageSize>()!;
        Assert.Equal(landscape, page.Orient?.Value == PageOrientationValues.Landscape);
        Assert.Equal(landscape, page.Width!.Value > page.Height!.Value);
        Assert.Equal(topMargin, section.GetFirstChild<PageMargin>()!.Top!.Value);
        Assert.Equal(bodySize, doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<FontSize>().First().Val!.Value);

        var table = body.Elements<Table>().Single();
        Assert.Equal("t", table.GetFirstChild<TableProperties>()!.GetFirstChild<TableCaption>()!.Val!.Value);
        var rows = table.Elements<TableRow>().ToList();
        Assert.Equal(repeatsHeader, rows[0].TableRowProperties?.GetFirstChild<TableHeader>() is not null);
        Assert.Equal(["序号", "项目", "完成率"], rows[0].Elements<TableCell>().Select(c => c.InnerText));
        Assert.Equal("安岳柠檬产业园", rows[1].Elements<TableCell>().ElementAt(1).InnerText);

        // Data cells: the brief centres its figures; the project bulletin puts its first column (a name) left; the supervision bulletin all left.
        bool Centred(int column) => rows[1].Elements<TableCell>().ElementAt(column).Descendants<Justification>().Any(j => j.Val?.Value == JustificationValues.Center);
        var expected = name switch
        {
            nameof(WordLayout.ProjectBulletin) => (false, true),
            nameof(WordLayout.SupervisionBulletin) => (false, false),
            _ => (true, true),
        };
        Assert.Equal(expected, (Centred(0), Centred(1)));
        Assert.True(rows[0].Elements<TableCell>().All(c => c.Descendants<Justification>().Any(j => j.Val?.Value == JustificationValues.Center)), "header cells are centred");
    }
}
