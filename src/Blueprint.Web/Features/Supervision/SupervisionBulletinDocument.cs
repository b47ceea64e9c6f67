using System.Globalization;
using Blueprint.Web.Features.Reports;
using Blueprint.Web.Features.Reports.Issues;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// The 督查通报 as a Word document: 版头, title, period, headline counts, the per-unit table and the
/// red list. Every number comes from <see cref="SupervisionBulletinReport"/>, so the document and
/// the API agree. Laid out like the project bulletin (Projects/BulletinDocument.cs), on A4 portrait.
/// </summary>
public static class SupervisionBulletinDocument
{
    public const string ContentType = WordParts.ContentType;

    /// <summary>Table captions (w:tblCaption), so screen readers and tests can find each table.</summary>
    public const string UnitsCaption = "units", RedCaption = "red";

    public static byte[] Write(SupervisionBulletinReport r, Masthead head, IStringLocalizer<SharedResource> t) =>
        WordParts.Write(WordLayout.SupervisionBulletin, (w, body) =>
        {
            body.Append(w.Masthead(head, t["Issues.Number"], t["Issues.Date"]));
            body.Append(w.Title(t["Supervision.Bulletin.DocTitle"], Format(t["Supervision.Bulletin.Period"], Day(r.From), Day(r.To))));
            if (w.MainRecipients(head.MainRecipients) is { } recipients)
            {
                body.Append(recipients);
            }

            body.Append(
                w.Heading(t["Supervision.Bulletin.Overall"]),
                w.Para(Format(t["Supervision.Bulletin.Summary"], r.Total, r.New, r.Closed, r.Red, r.Yellow, Day(r.AsOf)), indent: true),
                w.Heading(t["Supervision.Bulletin.ByUnit"]));
            body.Append(r.Units.Count == 0
                ? w.Para(t["Supervision.Bulletin.None"], indent: true)
                : w.Table(UnitsCaption, [t["Supervision.Bulletin.Col.No"], t["Supervision.Col.Unit"], t["Supervision.Bulletin.Col.Items"], t["Supervision.Bulletin.Col.Closed"], t["Supervision.Bulletin.Col.Overdue"]],
                    r.Units.Select((u, i) => (IReadOnlyList<string>)[Num(i + 1), u.UnitName, Num(u.Items), Num(u.Closed), Num(u.Overdue)])));
            body.Append(w.Heading(t["Supervision.Bulletin.RedList"]));
            body.Append(r.RedItems.Count == 0
                ? w.Para(t["Supervision.Bulletin.NoRed"], indent: true)
                : w.Table(RedCaption, [t["Supervision.Bulletin.Col.No"], t["Supervision.Col.CaseNumber"], t["Supervision.Col.Title"], t["Supervision.Col.Unit"], t["Supervision.Col.Deadline"]],
                    r.RedItems.Select((x, i) => (IReadOnlyList<string>)[Num(i + 1), x.CaseNumber, x.Title, x.UnitName, Day(x.Deadline)])));
            body.Append(w.Imprint(head, t["Issues.CopyTo"], t["Issues.IssuedOn"]));
        });

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}
