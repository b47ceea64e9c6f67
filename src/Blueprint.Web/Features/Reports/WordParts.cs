using System.Globalization;
using System.Text.RegularExpressions;
using Blueprint.Web.Features.Reports.Issues;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Web.Features.Reports;

/// <summary>
/// The page of one kind of document. Every kind follows GB/T 9704-2012 (margins, type, line
/// pitch); they differ only by orientation and the type size of their tables. Sizes are Word's
/// half-points.
/// </summary>
/// <param name="Landscape">A4 landscape (the project bulletin, for its fourteen-column table).</param>
/// <param name="CellSize">The type of table cells.</param>
public sealed record WordLayout(bool Landscape, int CellSize)
{
    /// <summary>The leader's brief: A4 portrait, tables in 五号.</summary>
    public static readonly WordLayout Brief = new(false, 21);

    /// <summary>The monthly project bulletin: A4 landscape for its fourteen-column table, tables in 小五.</summary>
    public static readonly WordLayout ProjectBulletin = new(true, 18);

    /// <summary>The supervision bulletin: A4 portrait, tables in 五号.</summary>
    public static readonly WordLayout SupervisionBulletin = new(false, 21);
}

/// <summary>
/// The Word building blocks of every official document (the project and supervision bulletins,
/// the leader's brief), laid out as GB/T 9704-2012 asks: A4 with margins of 37/35/28/26 mm, the
/// red 版头 (issuing authority, 期号, red rule), the title in 小标宋 二号, the body in 仿宋 三号 on a
/// fixed 28-pt line, headings 黑体 (一、) and 楷体 (（一）), page numbers "— 1 —" at the outside
/// edge, the 版记 (抄送, 印发) at the end; tables repeat their header, never split a row, keep
/// their heading with them, size their columns by content and right-align figures.
/// </summary>
public sealed partial class WordParts(WordLayout layout)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The Windows names users have; each has an East Asian fallback in the font table (w:altName).</summary>
    public const string TitleFont = "方正小标宋简体", BodyFont = "仿宋_GB2312", HeadingFont = "黑体", SubHeadingFont = "楷体_GB2312", LatinFont = "Times New Roman";

    /// <summary>Type sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt; the 版头's authority in 一号.</summary>
    public const int TitleSize = 44, BodySize = 32, NoteSize = 28, AuthoritySize = 52;

    /// <summary>A fixed line pitch of 28 pt (560 twips): 22 lines on the type area, as GB/T 9704 7.1 asks.</summary>
    public const int LinePitch = 560;

    /// <summary>Margins in twips (1 mm = 56.7 twips): top 37 mm, bottom 35 mm, left (binding side) 28 mm, right 26 mm.</summary>
    public const int TopMargin = 2098, BottomMargin = 1984, LeftMargin = 1587, RightMargin = 1474;

    public const string Red = "FF0000";

    private const int A4Short = 11906, A4Long = 16838;

    private static readonly (string Name, string Fallback)[] Fallbacks =
        [(TitleFont, "宋体"), (BodyFont, "仿宋"), (HeadingFont, "SimHei"), (SubHeadingFont, "楷体"), ("宋体", "SimSun")];

    public int PrintableWidth => (layout.Landscape ? A4Long : A4Short) - LeftMargin - RightMargin;

    /// <summary>A document of this layout, its body composed by the caller.</summary>
    public static byte[] Write(WordLayout layout, Action<WordParts, Body> compose)
    {
        var parts = new WordParts(layout);
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    Fonts(BodyFont), new FontSize { Val = Size(BodySize) }, new FontSizeComplexScript { Val = Size(BodySize) },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Before = "0", After = "0", Line = Size(LinePitch), LineRule = LineSpacingRuleValues.Exact }))));
            main.AddNewPart<FontTablePart>().Fonts = new Fonts(Fallbacks.Select(f => new Font(
                new AltName { Val = f.Fallback }, new FontCharSet { Val = "86" }, new FontFamily { Val = FontFamilyValues.Auto })
            { Name = f.Name }));

            // Page numbers on the outside edge: odd pages right, even pages left (GB/T 9704 7.5).
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new EvenAndOddHeaders());
            var odd = main.AddNewPart<FooterPart>();
            odd.Footer = PageNumber(JustificationValues.Right);
            var even = main.AddNewPart<FooterPart>();
            even.Footer = PageNumber(JustificationValues.Left);

            var body = new Body();
            compose(parts, body);
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(odd) },
                new FooterReference { Type = HeaderFooterValues.Even, Id = main.GetIdOfPart(even) },
                layout.Landscape
                    ? new PageSize { Width = (uint)A4Long, Height = (uint)A4Short, Orient = PageOrientationValues.Landscape }
                    : new PageSize { Width = (uint)A4Short, Height = (uint)A4Long },
                new PageMargin
                {
                    Top = TopMargin,
                    Bottom = BottomMargin,
                    Left = (uint)LeftMargin,
                    Right = (uint)RightMargin,
                    Header = 851U,
                    Footer = 992U,
                    Gutter = 0U,
                }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    /// <summary>"— 1 —" in 宋体 四号, one character in from the edge.</summary>
    private static Footer PageNumber(JustificationValues side)
    {
        var props = new ParagraphProperties
        {
            SpacingBetweenLines = new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto },
            Indentation = side == JustificationValues.Right ? new Indentation { Right = "280" } : new Indentation { Left = "280" },
            Justification = new Justification { Val = side },
        };
        RunProperties Type() => new(Fonts("宋体"), new FontSize { Val = Size(NoteSize) });
        return new Footer(new Paragraph(
            props,
            new Run(Type(), new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
            new SimpleField(new Run(Type(), new Text("1"))) { Instruction = " PAGE " },
            new Run(Type(), new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
    }

    /// <summary>Latin text in Times New Roman, Chinese in <paramref name="eastAsia"/>; Word needs the East Asian font named or it renders Chinese in a Latin fallback.</summary>
    private static RunFonts Fonts(string eastAsia) =>
        new() { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = eastAsia, Hint = FontTypeHintValues.EastAsia };

    /// <summary>
    /// The 版头: the issuing authority in red 小标宋, the 期号 centred, then the signature (编印
    /// unit) and the date on one line over the red rule. A draft (not issued) shows the next number.
    /// </summary>
    public IEnumerable<Paragraph> Masthead(Masthead m, string numberFormat, string dateFormat)
    {
        yield return Para(m.Authority, size: AuthoritySize, font: TitleFont, center: true, color: Red, characterSpacing: 40);
        yield return Para(string.Format(CultureInfo.CurrentCulture, numberFormat, m.Number, m.Year), center: true, spaceBefore: 280);
        var line = SplitLine(m.Signature, string.Format(CultureInfo.CurrentCulture, dateFormat, m.Date), NoteSize);
        line.ParagraphProperties!.ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 18U, Space = 1U, Color = Red });
        yield return line;
    }

    /// <summary>The title in 小标宋 二号, centred, a blank line above; an optional second line (the period) in 楷体.</summary>
    public IEnumerable<Paragraph> Title(string title, string? subtitle = null)
    {
        yield return Para(title, size: TitleSize, font: TitleFont, center: true, spaceBefore: LinePitch, lineSpacing: 700);
        if (subtitle is not null)
        {
            yield return Para(subtitle, font: SubHeadingFont, center: true);
        }
    }

    /// <summary>主送机关: flush left under the title, ending in a full-width colon.</summary>
    public Paragraph? MainRecipients(string? recipients) =>
        string.IsNullOrWhiteSpace(recipients) ? null : Para(recipients.TrimEnd('：', ':') + "：", spaceBefore: LinePitch);

    /// <summary>
    /// The 版记: 抄送 between a thick and a thin rule, then 印发机关 left and 印发日期 right over
    /// a thick rule (GB/T 9704 7.4). Without a 抄送 list only the 印发 line is printed. One line's
    /// space sets it off from the text: as spacing, not an empty paragraph, which would take a
    /// second line and push the 版记 to a page of its own when the text ends low on the page.
    /// </summary>
    public IEnumerable<Paragraph> Imprint(Masthead m, string copyToFormat, string issuedFormat)
    {
        BorderType Rule<TBorder>(uint size) where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = size, Space = 1U, Color = "000000" };
        if (!string.IsNullOrWhiteSpace(m.CopyTo))
        {
            var copy = Para(string.Format(CultureInfo.CurrentCulture, copyToFormat, m.CopyTo.TrimEnd('。')), size: NoteSize, keepNext: true, spaceBefore: LinePitch);
            copy.ParagraphProperties!.ParagraphBorders = new ParagraphBorders((TopBorder)Rule<TopBorder>(8U));
            copy.ParagraphProperties.Indentation = new Indentation { Left = "280", Right = "280" };
            yield return copy;
        }

        var issued = SplitLine(m.Signature, string.Format(CultureInfo.CurrentCulture, issuedFormat, m.Date), NoteSize);
        issued.ParagraphProperties!.ParagraphBorders = new ParagraphBorders((TopBorder)Rule<TopBorder>(string.IsNullOrWhiteSpace(m.CopyTo) ? 8U : 4U), (BottomBorder)Rule<BottomBorder>(8U));
        issued.ParagraphProperties.Indentation = new Indentation { Left = "280", Right = "280" };
        if (string.IsNullOrWhiteSpace(m.CopyTo))
        {
            issued.ParagraphProperties.SpacingBetweenLines!.Before = LinePitch.ToString(CultureInfo.InvariantCulture);
        }

        yield return issued;
    }

    /// <summary>A level-1 heading: 黑体 三号, numbered 一、 by its text, kept with what follows.</summary>
    public Paragraph Heading(string text) => Para(text, font: HeadingFont, indent: true, keepNext: true);

    /// <summary>A level-2 heading: 楷体 三号, numbered （一） by its text, kept with what follows.</summary>
    public Paragraph SubHeading(string text) => Para(text, font: SubHeadingFont, indent: true, keepNext: true);

    /// <summary>A note over a table (金额单位), right-aligned and kept with the table.</summary>
    public Paragraph TableNote(string text) => Para(text, size: NoteSize, right: true, keepNext: true);

    /// <summary>A paragraph in 仿宋 三号 unless given; <paramref name="indent"/> indents its first line by two characters.</summary>
    public Paragraph Para(
        string text, int? size = null, bool bold = false, string font = BodyFont, bool center = false, bool right = false, bool indent = false,
        bool keepNext = false, int spaceBefore = 0, string? color = null, int characterSpacing = 0, int? lineSpacing = null)
    {
        var props = new ParagraphProperties();
        if (keepNext)
        {
            props.KeepNext = new KeepNext();
        }

        // Attributes only when given: an empty w:line is invalid, and LibreOffice then draws the paragraph zero high.
        if (spaceBefore > 0 || lineSpacing is not null)
        {
            var spacing = new SpacingBetweenLines();
            if (spaceBefore > 0)
            {
                spacing.Before = Size(spaceBefore);
            }

            if (lineSpacing is { } l)
            {
                (spacing.Line, spacing.LineRule) = (Size(l), LineSpacingRuleValues.Exact);
            }

            props.SpacingBetweenLines = spacing;
        }

        if (indent)
        {
            // Two characters of 三号 (640 twips) for readers that ignore firstLineChars (LibreOffice).
            props.Indentation = new Indentation { FirstLine = "640", FirstLineChars = 200 };
        }

        if (center || right)
        {
            props.Justification = new Justification { Val = center ? JustificationValues.Center : JustificationValues.Right };
        }

        return new Paragraph(props, Run(text, size ?? BodySize, font, bold, color, characterSpacing));
    }

    private static Run Run(string text, int size, string font, bool bold = false, string? color = null, int characterSpacing = 0)
    {
        var run = new RunProperties { RunFonts = Fonts(font) };
        if (bold)
        {
            run.Bold = new Bold();
        }

        if (color is not null)
        {
            run.Color = new Color { Val = color };
        }

        if (characterSpacing != 0)
        {
            run.Spacing = new Spacing { Val = characterSpacing };
        }

        run.FontSize = new FontSize { Val = Size(size) };
        run.FontSizeComplexScript = new FontSizeComplexScript { Val = Size(size) };
        return new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>One line with <paramref name="left"/> flush left and <paramref name="right"/> flush right (a right tab at the type area's edge).</summary>
    private Paragraph SplitLine(string left, string right, int size)
    {
        var props = new ParagraphProperties
        {
            Tabs = new Tabs(new TabStop { Val = TabStopValues.Right, Position = PrintableWidth - 280 }),
            SpacingBetweenLines = new SpacingBetweenLines { Before = "120", After = "120" },
        };
        var run = Run(left, size, BodyFont);
        run.Append(new TabChar(), new Text(right));
        return new Paragraph(props, run);
    }

    /// <summary>
    /// A bordered table across the type area. A row of one cell is a group label (合计, 按类别 ...)
    /// spanning every column. The caption (w:tblCaption) lets screen readers and tests find it.
    /// </summary>
    public Table Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var data = rows.ToList();
        BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var widths = ColumnWidths(headers, data, PrintableWidth);
        var table = new Table(new TableProperties
        {
            TableWidth = new TableWidth { Type = TableWidthUnitValues.Dxa, Width = Size(widths.Sum()) },
            TableJustification = new TableJustification { Val = TableRowAlignmentValues.Center },
            TableBorders = new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
            TableCaption = new TableCaption { Val = caption },
        });
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = Size(w) })));
        table.Append(Row(headers, widths, header: true));
        foreach (var row in data)
        {
            table.Append(row.Count == 1 && headers.Count > 1 ? GroupRow(row[0], widths) : Row(row, widths, header: false));
        }

        return table;
    }

    /// <summary>
    /// Column widths fitted to content: each column gets the width of its longest cell (a
    /// Chinese character counts two, a header at most four characters a line, as it may wrap),
    /// then all are scaled to the type area, so names are wide and figures narrow.
    /// </summary>
    public static int[] ColumnWidths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int total)
    {
        var need = headers.Select((h, c) => Math.Max(
            Math.Min(Units(h), 8),
            rows.Where(r => r.Count == headers.Count).Select(r => Units(r[c])).DefaultIfEmpty(0).Max())).ToArray();
        var weights = need.Select(n => Math.Max(n, 4) + 2.0).ToArray();
        var sum = weights.Sum();
        var widths = weights.Select(w => (int)Math.Floor(total * w / sum)).ToArray();
        widths[Array.IndexOf(weights, weights.Max())] += total - widths.Sum();
        return widths;
    }

    /// <summary>Display width in half-characters: a CJK character is two, a Latin one.</summary>
    private static int Units(string text) => text.Sum(ch => ch > 0x2E80 ? 2 : 1);

    private TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        // Never split a row across pages; the header row repeats on every page the table runs over.
        var props = new TableRowProperties(new CantSplit());
        if (header)
        {
            props.Append(new TableHeader());
        }

        var row = new TableRow(props);
        for (var i = 0; i < cells.Count; i++)
        {
            var align = header ? JustificationValues.Center : IsFigure(cells[i]) ? JustificationValues.Right : JustificationValues.Left;
            row.Append(Cell(cells[i], widths[i], align, header ? HeadingFont : BodyFont, span: 1));
        }

        return row;
    }

    private TableRow GroupRow(string label, int[] widths) =>
        new(new TableRowProperties(new CantSplit()), Cell(label, widths.Sum(), JustificationValues.Left, HeadingFont, span: widths.Length));

    private TableCell Cell(string text, int width, JustificationValues align, string font, int span)
    {
        var props = new TableCellProperties { TableCellWidth = new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = Size(width) } };
        if (span > 1)
        {
            props.GridSpan = new GridSpan { Val = span };
        }

        props.TableCellVerticalAlignment = new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center };
        var paragraph = new Paragraph(
            new ParagraphProperties
            {
                SpacingBetweenLines = new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto },
                Justification = new Justification { Val = align },
            },
            Run(text, layout.CellSize, font));
        return new TableCell(props, paragraph);
    }

    /// <summary>A figure (12.34, 52.3%, -3.3, 3/5, —) is right-aligned; names, dates and words are left.</summary>
    public static bool IsFigure(string text) => FigurePattern().IsMatch(text);

    [GeneratedRegex(@"^(—|[-+]?[\d,]+(\.\d+)?%?|\d+/\d+)$")]
    private static partial Regex FigurePattern();

    private static string Size(int value) => value.ToString(CultureInfo.InvariantCulture);
}
