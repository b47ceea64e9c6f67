using System.Globalization;
using System.Text.Json.Serialization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Web.Features.Reports;

/// <summary>How the data cells of a table are aligned (header cells are always centred).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CellAlignment
{
    /// <summary>Every cell centred: short figures side by side (the brief).</summary>
    Centred,

    /// <summary>The first column (a name) left, the figures centred (the project bulletin).</summary>
    FirstColumnLeft,

    /// <summary>Every data cell left: titles and case numbers (the supervision bulletin).</summary>
    Left,
}

/// <summary>
/// The page and type of one kind of document. Sizes are Word's half-points, lengths twips.
/// </summary>
/// <param name="LineSpacing">Line spacing in 240ths of a line (360 = 1.5 lines); null leaves Word's single spacing.</param>
/// <param name="HeadingSpacing">Space before and after a heading.</param>
/// <param name="RepeatHeaderRow">Repeat a table's header row on every page it runs over.</param>
/// <param name="FitColumnsToText">Let Word size the columns to their text (wide tables of many columns).</param>
public sealed record WordLayout(
    bool Landscape, int TopBottomMargin, int BodySize, int? LineSpacing, int HeadingSize, (int Before, int After) HeadingSpacing,
    int CellSize, CellAlignment Cells, bool RepeatHeaderRow, bool FitColumnsToText)
{
    /// <summary>The leader's brief: A4 portrait, small type and narrow margins, so it fits one page.</summary>
    public static readonly WordLayout Brief = new(false, 1021, 21, 300, 28, (160, 80), 18, CellAlignment.Centred, false, false);

    /// <summary>The monthly project bulletin: A4 landscape for its fourteen-column table.</summary>
    public static readonly WordLayout ProjectBulletin = new(true, 1134, 24, 360, 32, (240, 120), 18, CellAlignment.FirstColumnLeft, true, true);

    /// <summary>The supervision bulletin: A4 portrait, a circular's margins.</summary>
    public static readonly WordLayout SupervisionBulletin = new(false, 1440, 24, null, 32, (240, 120), 20, CellAlignment.Left, true, false);
}

/// <summary>
/// The Word building blocks of every report (the project and supervision bulletins, the leader's
/// brief): a document on A4 with Chinese fonts, paragraphs, headings and bordered tables with a
/// caption, each document's page and type given by its <see cref="WordLayout"/>.
/// </summary>
public sealed class WordParts(WordLayout layout)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // Word needs an East Asian font named explicitly or it renders Chinese in a Latin fallback.
    public const string BodyFont = "宋体", HeadingFont = "黑体", LatinFont = "Times New Roman";

    private const int A4Short = 11906, A4Long = 16838, SideMargin = 1134;

    private int PrintableWidth => (layout.Landscape ? A4Long : A4Short) - (2 * SideMargin);

    /// <summary>A document of this layout, its body composed by the caller.</summary>
    public static byte[] Write(WordLayout layout, Action<WordParts, Body> compose)
    {
        var parts = new WordParts(layout);
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var defaults = new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = BodyFont },
                new FontSize { Val = Size(layout.BodySize) },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })));
            if (layout.LineSpacing is { } line)
            {
                defaults.Append(new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "0", Line = Size(line), LineRule = LineSpacingRuleValues.Auto })));
            }

            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(defaults);
            var body = new Body();
            compose(parts, body);
            body.Append(new SectionProperties(
                layout.Landscape
                    ? new PageSize { Width = (uint)A4Long, Height = (uint)A4Short, Orient = PageOrientationValues.Landscape }
                    : new PageSize { Width = (uint)A4Short, Height = (uint)A4Long },
                new PageMargin
                {
                    Top = layout.TopBottomMargin,
                    Bottom = layout.TopBottomMargin,
                    Left = (uint)SideMargin,
                    Right = (uint)SideMargin,
                    Header = 567U,
                    Footer = 567U,
                    Gutter = 0U,
                }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    public Paragraph Heading(string text) => Para(text, size: layout.HeadingSize, font: HeadingFont, spaceBefore: true);

    /// <summary>A paragraph in the body size unless given; <paramref name="indent"/> indents its first line by two characters.</summary>
    public Paragraph Para(string text, int? size = null, bool bold = false, string font = BodyFont, bool center = false, bool indent = false, bool spaceBefore = false)
    {
        var props = new ParagraphProperties();
        if (spaceBefore)
        {
            props.Append(new SpacingBetweenLines { Before = Size(layout.HeadingSpacing.Before), After = Size(layout.HeadingSpacing.After) });
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

        run.Append(new FontSize { Val = Size(size ?? layout.BodySize) });
        return new Paragraph(props, new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    /// <summary>A bordered table; the caption (w:tblCaption) lets screen readers and tests find it.</summary>
    public Table Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var properties = new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()));
        if (layout.FitColumnsToText)
        {
            properties.Append(new TableLayout { Type = TableLayoutValues.Autofit });
        }

        properties.Append(new TableCaption { Val = caption });
        var table = new Table(properties);

        // Even columns across the printable width (Word's autofit, when on, then sizes them to the text).
        table.Append(new TableGrid(headers.Select(_ => new GridColumn { Width = Size(PrintableWidth / headers.Count) })));
        table.Append(Row(headers, header: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, header: false));
        }

        return table;
    }

    private TableRow Row(IReadOnlyList<string> cells, bool header)
    {
        var row = new TableRow();
        if (header && layout.RepeatHeaderRow)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        for (var i = 0; i < cells.Count; i++)
        {
            var center = header || layout.Cells switch
            {
                CellAlignment.Centred => true,
                CellAlignment.FirstColumnLeft => i > 0,
                _ => false,
            };
            var paragraph = Para(cells[i], layout.CellSize, bold: header, font: header ? HeadingFont : BodyFont, center: center);
            row.Append(new TableCell(new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }), paragraph));
        }

        return row;
    }

    private static string Size(int value) => value.ToString(CultureInfo.InvariantCulture);
}
