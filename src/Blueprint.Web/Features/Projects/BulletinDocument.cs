using System.Globalization;
using Blueprint.Web.Features.Figures;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The monthly bulletin (重点项目推进情况通报) as a Word document: title, date line, summary
/// paragraph, the summary table, the most-lagging projects, the problems awaiting coordination
/// and the unit ranking. Every number is the display text of a figure from
/// <see cref="BulletinReport"/>, so the document and the API cannot disagree.
/// </summary>
public static class BulletinDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Table captions (w:tblCaption, Word 2010 and later), so screen readers and tests can find each table.</summary>
    public const string SummaryCaption = "summary", LaggingCaption = "lagging", ProblemsCaption = "problems", RankingCaption = "ranking";

    // Word needs an East Asian font named explicitly or it renders Chinese in a Latin fallback.
    private const string BodyFont = "宋体", HeadingFont = "黑体", LatinFont = "Times New Roman";

    // A4 landscape (16,838 twips) less two 2 cm margins.
    private const int PageWidth = 16838, Margin = 1134, PrintableWidth = PageWidth - (2 * Margin);

    public static byte[] Write(BulletinReport report, DateOnly issuedOn, IStringLocalizer<SharedResource> t)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = DefaultStyles();
            var body = new Body();
            Compose(body, report, issuedOn, t);
            // A4 landscape: the summary table has fourteen columns.
            body.Append(new SectionProperties(
                new PageSize { Width = (uint)PageWidth, Height = 11906U, Orient = PageOrientationValues.Landscape },
                new PageMargin { Top = Margin, Bottom = Margin, Left = (uint)Margin, Right = (uint)Margin, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static void Compose(Body body, BulletinReport r, DateOnly issuedOn, IStringLocalizer<SharedResource> t)
    {
        var q = r.Table.Query;
        body.Append(
            Para(t["Reports.Doc.Title"], size: 44, bold: true, font: HeadingFont, center: true),
            Para(Format(t["Reports.Doc.Period"], q.Year, q.Month), size: 28, center: true),
            Para(Format(t["Reports.Doc.DateLine"], r.CityName ?? "", issuedOn), center: true),
            Heading(t["Reports.Doc.Overall"]),
            Para(Summary(r, t), indentFirstLine: true),
            Heading(t["Reports.Doc.SummaryTable"]),
            Para(t["Reports.Doc.Units"], size: 20),
            Table(SummaryCaption, BulletinColumns.Headers(t), BulletinColumns.Rows(r.Table).Select(row => BulletinColumns.Cells(row, t))));

        body.Append(Heading(Format(t["Reports.Doc.Lagging"], BulletinReport.LaggingShown)));
        body.Append(r.Lagging.Count == 0
            ? Para(t["Reports.Doc.NoLagging"], indentFirstLine: true)
            : Table(LaggingCaption,
                [t["Reports.Col.No"], t["Reports.Col.Project"], t["Reports.Col.Unit"], t["Reports.Col.AnnualPlan"], t["Reports.Col.Completed"], t["Reports.Col.Rate"], t["Reports.Col.Schedule"], t["Reports.Col.Ahead"]],
                r.Lagging.Select((p, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), $"{p.Name}（{p.Code}）", p.UnitName, Figure.Yi(p.Figures.Totals.AnnualPlan, 2),
                    Figure.Yi(p.Figures.Totals.CompletedYearToDate, 2), Figure.Percent(p.Figures.InvestmentCompletionRate),
                    Figure.Percent(p.Figures.ElapsedSchedule), Figure.SignedPoints(p.Figures.AheadOfSchedulePoints!.Value),
                ])));

        body.Append(Heading(t["Reports.Doc.Problems"]));
        body.Append(r.OpenProblems.Count == 0
            ? Para(t["Reports.Doc.NoProblems"], indentFirstLine: true)
            : Table(ProblemsCaption,
                [t["Reports.Col.No"], t["Problems.Col.Title"], t["Reports.Col.Project"], t["Problems.Col.Unit"], t["Problems.Col.Leader"], t["Problems.Col.Deadline"]],
                r.OpenProblems.Select((p, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), p.Title, p.ProjectName ?? "", p.UnitName ?? "", p.CoordinatingLeader ?? "",
                    (p.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—") + (p.IsOverdue ? $"（{t["Problems.Overdue"]}）" : ""),
                ])));

        body.Append(Heading(t["Reports.Doc.Ranking"]));
        body.Append(r.UnitRanking.Count == 0
            ? Para(t["Reports.Empty"], indentFirstLine: true)
            : Table(RankingCaption,
                [t["Reports.Col.Rank"], t["Reports.Col.Unit"], t["Reports.Col.AnnualPlan"], t["Reports.Col.Completed"], t["Reports.Col.Rate"], t["Reports.Col.Ahead"], t["Reports.Col.Light"]],
                r.UnitRanking.Select((u, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), u.Label, Figure.Yi(u.Figures.Totals.AnnualPlan, 2), Figure.Yi(u.Figures.Totals.CompletedYearToDate, 2),
                    Figure.Percent(u.Figures.InvestmentCompletionRate), u.Figures.AheadOfSchedulePoints is { } p ? Figure.SignedPoints(p) : "—",
                    BulletinLabels.Light(u.Figures.Light, t),
                ])));
    }

    /// <summary>The opening paragraph: completion rate against 序时进度, then 开工率, 竣工率 and 转化率.</summary>
    public static string Summary(BulletinReport r, IStringLocalizer<SharedResource> t)
    {
        var f = r.Table.All.Figures;
        var n = f.Totals;
        var position = f.AheadOfSchedulePoints is not { } points ? ""
            : Figure.RoundForDisplay(points, 1) switch
            {
                > 0 => Format(t["Reports.Doc.Ahead"], Figure.RoundForDisplay(points, 1).ToString("0.0", CultureInfo.InvariantCulture)),
                < 0 => Format(t["Reports.Doc.Behind"], Figure.RoundForDisplay(-points, 1).ToString("0.0", CultureInfo.InvariantCulture)),
                _ => t["Reports.Doc.OnSchedule"].Value,
            };
        return Format(t["Reports.Doc.Summary"], r.Table.Query.Year, r.Table.Query.Month, n.KeyListCount, Figure.Yi(n.AnnualPlan, 2), Figure.Yi(n.CompletedYearToDate, 2),
            Figure.Percent(f.InvestmentCompletionRate), Figure.Percent(f.ElapsedSchedule), position,
            n.PlannedStarts, n.PlannedStartsStarted, Figure.Percent(f.StartRate), n.PlannedCompletions, n.PlannedCompletionsCompleted, Figure.Percent(f.FinishRate),
            n.Reserve, n.ReserveStarted, Figure.Percent(f.ConversionRate));
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

    private static Styles DefaultStyles() => new(new DocDefaults(
        new RunPropertiesDefault(new RunPropertiesBaseStyle(
            new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = BodyFont },
            new FontSize { Val = "24" },
            new Languages { Val = "en-US", EastAsia = "zh-CN" })),
        new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
            new SpacingBetweenLines { After = "0", Line = "360", LineRule = LineSpacingRuleValues.Auto }))));

    private static Paragraph Heading(string text) => Para(text, size: 32, font: HeadingFont, spaceBefore: true);

    private static Paragraph Para(string text, int size = 24, bool bold = false, string font = BodyFont, bool center = false, bool indentFirstLine = false, bool spaceBefore = false)
    {
        var props = new ParagraphProperties();
        if (spaceBefore)
        {
            props.Append(new SpacingBetweenLines { Before = "240", After = "120" });
        }

        if (indentFirstLine)
        {
            props.Append(new Indentation { FirstLineChars = 200 });
        }

        if (center)
        {
            props.Append(new Justification { Val = JustificationValues.Center });
        }

        return new Paragraph(props, TextRun(text, size, bold, font));
    }

    private static Run TextRun(string text, int size, bool bold, string font)
    {
        var props = new RunProperties(new RunFonts { EastAsia = font, Hint = FontTypeHintValues.EastAsia });
        if (bold)
        {
            props.Append(new Bold());
        }

        props.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Table Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Autofit },
            new TableCaption { Val = caption }));
        // Even columns across the printable width; Word's autofit then sizes them to the text.
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
        if (header)
        {
            // Repeat the header row on every page of a long table.
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var (text, i) in cells.Select((c, i) => (c, i)))
        {
            var paragraph = Para(text, size: 18, bold: header, font: header ? HeadingFont : BodyFont, center: header || i > 0);
            row.Append(new TableCell(new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }), paragraph));
        }

        return row;
    }
}
