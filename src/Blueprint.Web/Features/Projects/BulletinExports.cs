using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Reports.Issues;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>The bulletin as files: the Word bulletin and the summary table as xlsx, same figures as /api/bulletin.</summary>
public static class BulletinExports
{
    public static RouteGroupBuilder MapBulletinExportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bulletin").WithTags("Bulletin").RequireAuthorization(Policies.Business);

        group.MapGet("/docx", async Task<Results<FileContentHttpResult, ValidationProblem>> (
            int year, int month, DateTime? knownAtUtc, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (Check(year, month, t) is { } invalid)
            {
                return invalid;
            }

            var report = await BulletinReport.LoadAsync(db, new BulletinQuery(year, month, Utc(knownAtUtc)), clock, ct);
            var head = await DocumentIssues.ForMonthAsync(db, DocumentKind.ProjectBulletin, year, month, clock, t, ct);
            return TypedResults.File(BulletinDocument.Write(report, head, t), BulletinDocument.ContentType, DownloadName.Of(t, "Download.Bulletin", ".docx", year, month));
        });

        group.MapGet("/xlsx", async Task<Results<FileContentHttpResult, ValidationProblem>> (
            int year, int month, DateTime? knownAtUtc, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (Check(year, month, t) is { } invalid)
            {
                return invalid;
            }

            var table = await Bulletin.ComputeAsync(db, new BulletinQuery(year, month, Utc(knownAtUtc)), clock, ct);
            var sheet = new XlsxSheet(t["Reports.Title"], SummaryColumns(t), SummaryRows(table, t))
            {
                Title = DownloadName.Title(t, "Download.BulletinTable", year, month),
                UnitLine = Xlsx.MoneyUnit(t, "Money.Yi"),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.BulletinTable", ".xlsx", year, month));
        });
        return group;
    }

    /// <summary>The summary table's columns: 亿元 as money, rates as percentages (its first row is already the 合计).</summary>
    public static XlsxColumn[] SummaryColumns(IStringLocalizer<SharedResource> t)
    {
        var h = BulletinColumns.Headers(t);
        XlsxKind[] kinds =
        [
            XlsxKind.Text, XlsxKind.Integer, XlsxKind.Money, XlsxKind.Money, XlsxKind.Percent, XlsxKind.Percent, XlsxKind.Text,
            XlsxKind.Text, XlsxKind.Percent, XlsxKind.Text, XlsxKind.Percent, XlsxKind.Text, XlsxKind.Percent, XlsxKind.Text,
        ];
        return [.. h.Zip(kinds, (header, kind) => new XlsxColumn(header, kind))];
    }

    /// <summary>
    /// The summary table as spreadsheet rows: money and rates as numbers rounded for display
    /// (亿元 two decimals, percentages one: 0.936 shown as 93.6%), so they can be summed and charted in Excel.
    /// </summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> SummaryRows(BulletinTable table, IStringLocalizer<SharedResource> t)
    {
        var h = BulletinColumns.Headers(t);
        static decimal Yi(long yuan) => Figure.RoundForDisplay((decimal)yuan / Figure.YuanPerYi, 2);
        return BulletinColumns.Rows(table).Select(row =>
        {
            var f = row.Figures;
            var n = f.Totals;
            return (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                [h[0]] = BulletinLabels.Row(row, t),
                [h[1]] = n.KeyListCount,
                [h[2]] = Yi(n.AnnualPlan),
                [h[3]] = Yi(n.CompletedYearToDate),
                [h[4]] = Figure.RatioForDisplay(f.InvestmentCompletionRate),
                [h[5]] = Figure.RatioForDisplay(f.ElapsedSchedule),
                [h[6]] = f.AheadOfSchedulePoints is { } p ? Figure.RoundForDisplay(p, 1) : null,
                [h[7]] = $"{n.PlannedStartsStarted}/{n.PlannedStarts}",
                [h[8]] = Figure.RatioForDisplay(f.StartRate),
                [h[9]] = $"{n.PlannedCompletionsCompleted}/{n.PlannedCompletions}",
                [h[10]] = Figure.RatioForDisplay(f.FinishRate),
                [h[11]] = $"{n.ReserveStarted}/{n.Reserve}",
                [h[12]] = Figure.RatioForDisplay(f.ConversionRate),
                [h[13]] = BulletinLabels.Light(f.Light, t),
            };
        });
    }

    private static ValidationProblem? Check(int year, int month, IStringLocalizer<SharedResource> t)
    {
        var check = new Validation(t)
            .Require(year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(month is >= 1 and <= 12, "month", "Field.InvalidMonth");
        return check.IsValid ? null : Problems.Invalid(check.Errors);
    }

    /// <summary>
    /// "knownAtUtc" is UTC: a value without an offset is taken as UTC, not as the server's
    /// local time (which would shift an as-of bulletin by eight hours on a server set to CST).
    /// </summary>
    internal static DateTime? Utc(DateTime? t) => t switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } k => DateTime.SpecifyKind(k, DateTimeKind.Utc),
        { } k => k.ToUniversalTime(),
    };
}
