using Blueprint.Web.Features.Reports.Issues;
using DocumentFormat.OpenXml;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reports;

/// <summary>
/// The leader's brief in Word, as an official document (GB/T 9704): the project office's 版头,
/// title, headline figures as a one-row table, a paragraph per feature, the three short
/// attention lists and the 版记. The text is <see cref="LeaderBriefText"/>, the same the PDF
/// print view shows.
/// </summary>
public static class LeaderBriefDocument
{
    /// <summary>The caption of the headline-figures table.</summary>
    public const string FiguresCaption = "figures";

    public static byte[] Write(LeaderBriefText b, Masthead head, IStringLocalizer<SharedResource> t) => WordParts.Write(WordLayout.Brief, (w, body) =>
    {
        body.Append(w.Masthead(head, t["Issues.Number"], t["Issues.Date"]));
        body.Append(w.Title(b.Title, b.Period));
        if (w.MainRecipients(head.MainRecipients) is { } recipients)
        {
            body.Append(recipients);
        }

        body.Append(w.Table(FiguresCaption, [.. b.Figures.Select(f => f.Label)], [[.. b.Figures.Select(f => f.Value)], [.. b.Figures.Select(f => f.Note)]]));
        foreach (var paragraph in b.Paragraphs)
        {
            body.Append(w.Heading(paragraph.Heading), w.Para(paragraph.Text, indent: true));
        }

        foreach (var table in b.Tables)
        {
            body.Append(w.Heading(table.Heading));
            body.Append(table.Rows.Count == 0 ? (OpenXmlElement)w.Para(table.Empty, indent: true) : w.Table(table.Caption, table.Headers, table.Rows));
        }

        body.Append(w.Imprint(head, t["Issues.CopyTo"], t["Issues.IssuedOn"]));
    });
}
