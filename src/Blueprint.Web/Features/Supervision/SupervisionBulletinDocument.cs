using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// The 督查通报 as a Word document: title, period, headline counts, the per-unit table and the
/// red list. Every number comes from <see cref="SupervisionBulletinReport"/>, so the document and
/// the API agree. Laid out like the project bulletin (Projects/BulletinDocument.cs), on A4 portrait.
/// </summary>
public static class SupervisionBulletinDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Table captions (w:tblCaption), so screen readers and tests can find each table.</summary>
    public const string UnitsCaption = "units", RedCaption = "red";

    // Word needs an East Asian font named explicitly or it renders Chinese in a Latin fallback.
    private const string BodyFont = "宋体", HeadingFont = "黑体", LatinFont = "Times New Roman";

    public static byte[] Write(SupervisionBulletinReport r, DateOnly issuedOn, IStringLocalizer<SharedResource> t)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = BodyFont },
                    new FontSize { Val = "24" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" }))));
            var body = new Body(
                Para(t["Supervision.Bulletin.DocTitle"], 44, bold: true, font: HeadingFont, center: true),
                Para(Format(t["Supervision.Bulletin.Period"], Day(r.From), Day(r.To)), 28, center: true),
                Para(Format(t["Supervision.Bulletin.Issued"], Day(issuedOn)), center: true),
                Heading(t["Supervision.Bulletin.Overall"]),
                Para(Format(t["Supervision.Bulletin.Summary"], r.Total, r.New, r.Closed, r.Red, r.Yellow, Day(r.AsOf)), indent: true),
                Heading(t["Supervision.Bulletin.ByUnit"]));
            body.Append(r.Units.Count == 0
                ? Para(t["Supervision.Bulletin.None"], indent: true)
                : Table(UnitsCaption, [t["Supervision.Bulletin.Col.No"], t["Supervision.Col.Unit"], t["Supervision.Bulletin.Col.Items"], t["Supervision.Bulletin.Col.Closed"], t["Supervision.Bulletin.Col.Overdue"]],
                    r.Units.Select((u, i) => (IReadOnlyList<string>)[Num(i + 1), u.UnitName, Num(u.Items), Num(u.Closed), Num(u.Overdue)])));
            body.Append(Heading(t["Supervision.Bulletin.RedList"]));
            body.Append(r.RedItems.Count == 0
                ? Para(t["Supervision.Bulletin.NoRed"], indent: true)
                : Table(RedCaption, [t["Supervision.Bulletin.Col.No"], t["Supervision.Col.CaseNumber"], t["Supervision.Col.Title"], t["Supervision.Col.Unit"], t["Supervision.Col.Deadline"]],
                    r.RedItems.Select((x, i) => (IReadOnlyList<string>)[Num(i + 1), x.CaseNumber, x.Title, x.UnitName, Day(x.Deadline)])));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

    private static Paragraph Heading(string text) => Para(text, 32, font: HeadingFont, spaceBefore: true);

    private static Paragraph Para(string text, int size = 24, bool bold = false, string font = BodyFont, bool center = false, bool indent = false, bool spaceBefore = false)
    {
        var props = new ParagraphProperties();
        if (spaceBefore)
        {
            props.Append(new SpacingBetweenLines { Before = "240", After = "120" });
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

    private static Table Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableCaption { Val = caption }));
        table.Append(new TableGrid(headers.Select(_ => new GridColumn { Width = (9638 / headers.Count).ToString(CultureInfo.InvariantCulture) })));
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
        if (header)
        {
            // Repeat the header row on every page of a long table.
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var text in cells)
        {
            row.Append(new TableCell(Para(text, 20, bold: header, font: header ? HeadingFont : BodyFont, center: header)));
        }

        return row;
    }
}
