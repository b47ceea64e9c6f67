using Blueprint.Web.Features.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Tests.Reports;

/// <summary>
/// The page setup of the official documents, GB/T 9704-2012, read back from real .docx files
/// written through <see cref="WordParts"/>: A4 with margins of 37/35/28/26 mm, body 仿宋_GB2312 三号
/// on a fixed 28-pt line, title 方正小标宋简体 二号, headings 黑体 and 楷体_GB2312 kept with what
/// follows, East Asian fallbacks in the font table, the red 版头, page numbers "— 1 —" on the
/// outside edge, the 版记, and tables that repeat their header, never split a row, right-align
/// figures and size their columns by content.
/// </summary>
public sealed class WordLayoutTests
{
    public static readonly TheoryData<string, bool> Layouts = new()
    {
        { nameof(WordLayout.ProjectBulletin), true },
        { nameof(WordLayout.SupervisionBulletin), false },
        { nameof(WordLayout.Brief), false },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Each_layout_is_an_official_document_page(string name, bool landscape)
    {
        var layout = name switch
        {
            nameof(WordLayout.ProjectBulletin) => WordLayout.ProjectBulletin,
            nameof(WordLayout.SupervisionBulletin) => WordLayout.SupervisionBulletin,
            _ => WordLayout.Brief,
        };
        var head = OfficialDocumentTests.SampleHead;
        var bytes = WordParts.Write(layout, (w, body) =>
        {
            body.Append(w.Masthead(head, "第{0}期", "{0:yyyy年M月d日}"));
            body.Append(w.Title("重点项目推进情况通报", "（2095年3月）"));
            body.Append(w.MainRecipients(head.MainRecipients)!);
            body.Append(
                w.Heading("一、总体情况"),
                w.SubHeading("（一）投资完成情况"),
                w.Para("全市重点项目推进情况。", indent: true),
                w.TableNote("金额单位：亿元"),
                w.Table("t", ["序号", "项目", "完成率"], [["1", "安岳柠檬产业园区基础设施建设项目（一期）", "52.3%"], ["按单位"], ["2", "乐至物流港", "48.0%"]]));
            body.Append(w.Imprint(head, "抄送：{0}。", "{0:yyyy年M月d日}印发"));
        });

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(doc, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var main = doc.MainDocumentPart!;
        var body = main.Document!.Body!;

        // A4, the margins of GB/T 9704 (twips: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right).
        var section = body.Elements<SectionProperties>().Single();
        var page = section.GetFirstChild<PageSize>()!;
        Assert.Equal(landscape ? (16838U, 11906U) : (11906U, 16838U), (page.Width!.Value, page.Height!.Value));
        Assert.Equal(landscape, page.Orient?.Value == PageOrientationValues.Landscape);
        var margin = section.GetFirstChild<PageMargin>()!;
        Assert.Equal((2098, 1984, 1587U, 1474U), (margin.Top!.Value, margin.Bottom!.Value, margin.Left!.Value, margin.Right!.Value));
        Assert.Equal(37.0, margin.Top.Value / 56.6929, 0);
        Assert.Equal(26.0, margin.Right.Value / 56.6929, 0);

        // Body: 仿宋_GB2312 三号 (16 pt = 32 half-points), Latin in Times New Roman, a fixed 28-pt line (560 twips).
        var defaults = main.StyleDefinitionsPart!.Styles!.GetFirstChild<DocDefaults>()!;
        var fonts = defaults.Descendants<RunFonts>().Single();
        Assert.Equal(("仿宋_GB2312", "Times New Roman", "Times New Roman"), (fonts.EastAsia?.Value, fonts.Ascii?.Value, fonts.HighAnsi?.Value));
        Assert.Equal("32", defaults.Descendants<FontSize>().Single().Val!.Value);
        var line = defaults.Descendants<SpacingBetweenLines>().Single();
        Assert.Equal(("560", LineSpacingRuleValues.Exact), (line.Line!.Value, line.LineRule!.Value));

        // The Windows fonts users have, each with an East Asian fallback.
        var table = main.FontTablePart!.Fonts!.Elements<Font>().ToDictionary(f => f.Name!.Value!, f => f.GetFirstChild<AltName>()?.Val?.Value);
        Assert.Equal("仿宋", table["仿宋_GB2312"]);
        Assert.Equal("宋体", table["方正小标宋简体"]);
        Assert.Equal("楷体", table["楷体_GB2312"]);

        var paragraphs = body.Elements<Paragraph>().ToList();
        Paragraph P(string text) => paragraphs.Single(p => p.InnerText == text);
        string? Font(Paragraph p) => p.Descendants<RunFonts>().First().EastAsia?.Value;
        string? Size(Paragraph p) => p.Descendants<FontSize>().First().Val?.Value;
        bool Centred(Paragraph p) => p.ParagraphProperties?.Justification?.Val?.Value == JustificationValues.Center;
        bool KeepNext(Paragraph p) => p.ParagraphProperties?.KeepNext is not null;

        // 版头: the authority in red 小标宋, the 期号 centred, the red rule under the date line.
        var authority = paragraphs[0];
        Assert.Equal(head.Authority, authority.InnerText);
        Assert.Equal(("方正小标宋简体", "FF0000", true), (Font(authority), authority.Descendants<Color>().Single().Val?.Value, Centred(authority)));
        Assert.True(Centred(P("第7期")));
        var rule = paragraphs[2].ParagraphProperties!.ParagraphBorders!.GetFirstChild<BottomBorder>()!;
        Assert.Equal("FF0000", rule.Color?.Value);
        Assert.StartsWith(head.Signature, paragraphs[2].InnerText, StringComparison.Ordinal);
        Assert.EndsWith("2095年4月15日", paragraphs[2].InnerText, StringComparison.Ordinal);

        // Title 小标宋 二号 centred; 主送 flush left with a colon; headings 黑体 / 楷体 kept with what follows.
        var title = P("重点项目推进情况通报");
        Assert.Equal(("方正小标宋简体", "44", true), (Font(title), Size(title), Centred(title)));
        Assert.Contains(paragraphs, p => p.InnerText == "各县（区）人民政府：");
        Assert.Equal(("黑体", "32", true), (Font(P("一、总体情况")), Size(P("一、总体情况")), KeepNext(P("一、总体情况"))));
        Assert.Equal(("楷体_GB2312", true), (Font(P("（一）投资完成情况")), KeepNext(P("（一）投资完成情况"))));
        Assert.True(KeepNext(P("金额单位：亿元")), "the table note stays with its table");

        // 版记: 抄送, then 印发机关 and 印发日期 on one line between rules.
        Assert.Contains(paragraphs, p => p.InnerText == "抄送：市委办公室，市政府办公室。");
        var imprint = paragraphs.Last();
        Assert.Equal(head.Signature + "2095年4月15日印发", imprint.InnerText);
        Assert.NotNull(imprint.ParagraphProperties!.ParagraphBorders!.GetFirstChild<BottomBorder>());

        // Page numbers "— 1 —": odd pages right, even pages left.
        Assert.NotNull(main.DocumentSettingsPart!.Settings!.GetFirstChild<EvenAndOddHeaders>());
        var footers = section.Elements<FooterReference>().ToDictionary(
            r => r.Type!.Value, r => ((FooterPart)main.GetPartById(r.Id!.Value!)).Footer!);
        Assert.Equal("— 1 —", footers[HeaderFooterValues.Default].InnerText);
        Assert.Contains(" PAGE ", footers[HeaderFooterValues.Default].Descendants<SimpleField>().Single().Instruction!.Value, StringComparison.Ordinal);
        Assert.Equal(JustificationValues.Right, footers[HeaderFooterValues.Default].Descendants<Justification>().Single().Val!.Value);
        Assert.Equal(JustificationValues.Left, footers[HeaderFooterValues.Even].Descendants<Justification>().Single().Val!.Value);

        // The table: header repeated, no row split across pages, figures right, names left, a group label across the table.
        var t = body.Elements<Table>().Single();
        var rows = t.Elements<TableRow>().ToList();
        Assert.NotNull(rows[0].TableRowProperties?.GetFirstChild<TableHeader>());
        Assert.All(rows, r => Assert.NotNull(r.TableRowProperties?.GetFirstChild<CantSplit>()));
        Assert.Equal(["序号", "项目", "完成率"], rows[0].Elements<TableCell>().Select(c => c.InnerText));
        JustificationValues? Align(TableRow r, int c) => r.Elements<TableCell>().ElementAt(c).Descendants<Justification>().Single().Val?.Value;
        Assert.Equal((JustificationValues.Right, JustificationValues.Left, JustificationValues.Right), (Align(rows[1], 0), Align(rows[1], 1), Align(rows[1], 2)));
        Assert.Equal(3, rows[2].Elements<TableCell>().Single().TableCellProperties!.GridSpan!.Val!.Value);

        // Column widths fitted to content: the name wide, the figures narrow, together the type area.
        var widths = t.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Select(g => int.Parse(g.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(widths[1] > 2 * widths[0] && widths[1] > 2 * widths[2], $"widths {string.Join(", ", widths)}");
        Assert.Equal((landscape ? 16838 : 11906) - 1587 - 1474, widths.Sum());
    }

    [Theory]
    [InlineData("12.34", true)]
    [InlineData("52.3%", true)]
    [InlineData("-3.3", true)]
    [InlineData("3/5", true)]
    [InlineData("—", true)]
    [InlineData("1,234", true)]
    [InlineData("2024-01-10", false)]
    [InlineData("安岳县", false)]
    [InlineData("10 亿元", false)]
    public void Figures_are_told_from_words(string text, bool figure) => Assert.Equal(figure, WordParts.IsFigure(text));
}
