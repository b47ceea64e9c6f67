using DocumentFormat.OpenXml;

namespace Blueprint.Web.Features.Reports;

/// <summary>
/// The leader's brief as one A4 page of Word: title, headline figures as a one-row table, a
/// sentence per feature, then the three short attention lists. The text is
/// <see cref="LeaderBriefText"/>, the same the PDF print view shows.
/// </summary>
public static class LeaderBriefDocument
{
    /// <summary>The caption of the headline-figures table.</summary>
    public const string FiguresCaption = "figures";

    public static byte[] Write(LeaderBriefText b) => WordParts.Write(WordLayout.Brief, (w, body) =>
    {
        body.Append(
            w.Para(b.Title, size: 40, bold: true, font: WordParts.HeadingFont, center: true),
            w.Para(b.Period, size: 24, center: true),
            w.Para(b.DateLine, center: true),
            w.Table(FiguresCaption, [.. b.Figures.Select(f => f.Label)], [[.. b.Figures.Select(f => f.Value)], [.. b.Figures.Select(f => f.Note)]]));

        foreach (var paragraph in b.Paragraphs)
        {
            body.Append(w.Heading(paragraph.Heading), w.Para(paragraph.Text, indent: true));
        }

        foreach (var table in b.Tables)
        {
            body.Append(w.Heading(table.Heading));
            body.Append(table.Rows.Count == 0 ? (OpenXmlElement)w.Para(table.Empty, indent: true) : w.Table(table.Caption, table.Headers, table.Rows));
        }
    });
}
