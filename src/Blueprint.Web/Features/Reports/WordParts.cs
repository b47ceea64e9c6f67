using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Web.Features.Reports;

/// <summary>
/// The few Word building blocks the reports of this folder use: a document on A4 portrait with
/// Chinese fonts, paragraphs, headings and bordered tables with a caption, laid out like the
/// bulletins of Projects/BulletinDocument.cs and Supervision/SupervisionBulletinDocument.cs.
/// </summary>
public static class WordParts
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // Word needs an East Asian font named explicitly or it renders Chinese in a Latin fallback.
    public const string BodyFont = "宋体", HeadingFont = "黑体", LatinFont = "Times New Roman";

    // A4 portrait (11,906 twips wide) less two 2 cm margins.
    private const int PrintableWidth = 11906 - (2 * 1134);

    /// <summary>A4 portrait with narrow top and bottom margins, so a brief fits on one page.</summary>
    public static byte[] Write(Action<Body> compose)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = BodyFont },
                    new FontSize { Val = "21" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "0", Line = "300", LineRule = LineSpacingRuleValues.Auto }))));
            var body = new Body();
            compose(body);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1021, Bottom = 1021, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    public static Paragraph Heading(string text) => Para(text, size: 28, font: HeadingFont, spaceBefore: true);

    public static Paragraph Para(string text, int size = 21, bool bold = false, string font = BodyFont, bool center = false, bool indent = false, bool spaceBefore = false)
    {
        var props = new ParagraphProperties();
        if (spaceBefore)
        {
            props.Append(new SpacingBetweenLines { Before = "160", After = "80" });
        }

        if (indent)
        {
            props.Append(new Indentation { FirstLineChars = 200 });
        }

        if (center)
        {
            props.Append(new Justification { Val = JustificationValues.Center });
        }

        var run = new RunProperties(new RunFonts { EastAsia = font, Hint = FontTypeHintValues.EastAsia });
        if (bold)
        {
            run.Append(new Bold());
        }

        run.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        return new Paragraph(props, new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    /// <summary>A bordered table; the caption (w:tblCaption) lets screen readers and tests find it.</summary>
    public static Table Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableCaption { Val = caption }));
        table.Append(new TableGrid(headers.Select(_ => new GridColumn { Width = (PrintableWidth / headers.Count).ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, header: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, header: false));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, bool header)
    {
        var row = new TableRow();
        foreach (var text in cells)
        {
            row.Append(new TableCell(Para(text, 18, bold: header, font: header ? HeadingFont : BodyFont, center: true)));
        }

        return row;
    }
}
