using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reviews;

/// <summary>One accepted submission as the dossier prints it: the unit's heading, then each section.</summary>
public sealed record DossierUnit(string UnitName, IReadOnlyList<(string Title, string Html)> Sections);

/// <summary>
/// The collated review dossier (务虚会材料汇编) as a Word document: a cover page, a table of
/// contents (a TOC field over the heading styles, refreshed by Word when the file opens), and
/// every accepted submission in unit order, a unit per Heading 1 and a section per Heading 2.
/// </summary>
public static class ReviewDossier
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // Word needs an East Asian font named explicitly or it renders Chinese in a Latin fallback.
    private const string BodyFont = "仿宋", HeadingFont = "黑体", TitleFont = "方正小标宋简体", LatinFont = "Times New Roman";

    public static byte[] Write(ReviewCampaign campaign, IReadOnlyList<DossierUnit> units, DateOnly issuedOn, IStringLocalizer<SharedResource> t)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            // Ask Word to refresh the table of contents (page numbers) when the file is opened.
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
            var lists = new List<NumberingInstance>();
            var converter = new ReviewWordBody(ordered =>
            {
                var id = lists.Count + 1;
                var instance = new NumberingInstance(new AbstractNumId { Val = ordered ? 2 : 1 }) { NumberID = id };
                if (ordered)
                {
                    // Each numbered list starts again at 1.
                    instance.Append(new LevelOverride(new StartOverrideNumberingValue { Val = 1 }) { LevelIndex = 0 });
                }

                lists.Add(instance);
                return id;
            });

            var body = new Body();
            Cover(body, campaign, units.Count, issuedOn, t);
            Contents(body, t);
            for (var i = 0; i < units.Count; i++)
            {
                body.Append(Styled("Heading1", units[i].UnitName));
                foreach (var (title, html) in units[i].Sections)
                {
                    body.Append(Styled("Heading2", title));
                    body.Append(converter.Convert(html, headingLevel: 2));
                }

                if (i < units.Count - 1)
                {
                    body.Append(PageBreak());
                }
            }

            if (units.Count == 0)
            {
                body.Append(new Paragraph(new Run(new Text(t["Reviews.Dossier.Empty"]))));
            }

            // A4 portrait, official-document margins (3.7 cm top, 2.8 cm sides).
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = Numbering(lists);
        }

        return stream.ToArray();
    }

    private static void Cover(Body body, ReviewCampaign campaign, int unitCount, DateOnly issuedOn, IStringLocalizer<SharedResource> t)
    {
        for (var i = 0; i < 6; i++)
        {
            body.Append(new Paragraph());
        }

        body.Append(
            Centered(campaign.Title, 52, TitleFont),
            Centered(t["Reviews.Dossier.Subtitle"], 36, HeadingFont),
            new Paragraph(), new Paragraph(), new Paragraph(),
            Centered(string.Format(CultureInfo.CurrentCulture, t["Reviews.Dossier.UnitCount"], unitCount), 28, BodyFont),
            Centered(string.Format(CultureInfo.CurrentCulture, t["Reviews.Dossier.IssuedOn"], issuedOn), 28, BodyFont),
            PageBreak());
    }

    /// <summary>The table of contents: a TOC field over headings 1–2, with a hint until Word fills it.</summary>
    private static void Contents(Body body, IStringLocalizer<SharedResource> t)
    {
        body.Append(
            Centered(t["Reviews.Dossier.Contents"], 36, HeadingFont),
            new Paragraph(
                new Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
                new Run(new FieldCode(" TOC \\o \"1-2\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                new Run(new Text(t["Reviews.Dossier.ContentsHint"])),
                new Run(new FieldChar { FieldCharType = FieldCharValues.End })),
            PageBreak());
    }

    private static Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph Centered(string text, int size, string font) => new(
        new ParagraphProperties(new SpacingBetweenLines { After = "240" }, new Justification { Val = JustificationValues.Center }), // schema order: spacing before jc
        new Run(
            new RunProperties(new RunFonts { EastAsia = font, Hint = FontTypeHintValues.EastAsia }, new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) }),
            new Text(text)));

    private static Paragraph PageBreak() => new(new Run(new Break { Type = BreakValues.Page }));

    private static Styles Styles()
    {
        var styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = BodyFont },
                new FontSize { Val = "32" },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact }))));
        styles.Append(new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        // Official documents: 一级标题 黑体, 二级标题 楷体, both 三号 (16 pt).
        string[] fonts = [HeadingFont, "楷体", BodyFont, BodyFont];
        for (var level = 1; level <= 4; level++)
        {
            styles.Append(new Style(
                new StyleName { Val = $"heading {level}" },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new PrimaryStyle(),
                new StyleParagraphProperties(
                    new KeepNext(),
                    new SpacingBetweenLines { Before = "240", After = "120" },
                    new OutlineLevel { Val = level - 1 }),
                new StyleRunProperties(new RunFonts { EastAsia = fonts[level - 1] }, new Bold(), new FontSize { Val = level == 1 ? "36" : "32" }))
            { Type = StyleValues.Paragraph, StyleId = $"Heading{level}" });
        }

        styles.Append(new Style(
            new StyleName { Val = "List Paragraph" },
            new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(new Indentation { Left = "720" }))
        { Type = StyleValues.Paragraph, StyleId = "ListParagraph" });
        return styles;
    }

    private static Numbering Numbering(List<NumberingInstance> lists)
    {
        var numbering = new Numbering(List(1, ordered: false), List(2, ordered: true));
        numbering.Append(lists);
        return numbering;
    }

    private static AbstractNum List(int id, bool ordered)
    {
        var abstractNum = new AbstractNum(new MultiLevelType { Val = MultiLevelValues.HybridMultilevel }) { AbstractNumberId = id };
        for (var level = 0; level < 9; level++)
        {
            abstractNum.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = ordered ? NumberFormatValues.Decimal : NumberFormatValues.Bullet },
                new LevelText { Val = ordered ? $"%{level + 1}." : "•" },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = ((level + 1) * 420).ToString(CultureInfo.InvariantCulture), Hanging = "420" }))
            { LevelIndex = level });
        }

        return abstractNum;
    }
}
