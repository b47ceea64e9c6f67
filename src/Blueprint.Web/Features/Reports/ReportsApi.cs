using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reports.Issues;
using Blueprint.Web.Features.Reports.Print;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reports;

/// <summary>
/// The reports as files: the leader's brief (Word and PDF) and the PDF of the monthly bulletin
/// and of the 督查通报 (their Word documents stay with their features). A PDF is the report's
/// print view printed by Chromium; without Chromium the answer is 503 with a message that
/// sends the reader to the Word version.
/// </summary>
public static class ReportsApi
{
    public const string PdfContentType = "application/pdf";

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Business);

        group.MapGet("/brief", async Task<Results<Ok<LeaderBriefText>, ValidationProblem>> (
            int year, int month, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            Check(year, month, t) is { } invalid ? invalid
                : TypedResults.Ok(LeaderBriefText.From(await LeaderBrief.LoadAsync(db, year, month, clock, ct), t)));

        group.MapGet("/brief/docx", async Task<Results<FileContentHttpResult, ValidationProblem>> (
            int year, int month, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (Check(year, month, t) is { } invalid)
            {
                return invalid;
            }

            var brief = LeaderBriefText.From(await LeaderBrief.LoadAsync(db, year, month, clock, ct), t);
            var head = await DocumentIssues.ForMonthAsync(db, DocumentKind.LeaderBrief, year, month, clock, t, ct);
            return TypedResults.File(LeaderBriefDocument.Write(brief, head, t), WordParts.ContentType, DownloadName.Of(t, "Download.Brief", ".docx", year, month));
        });

        group.MapGet("/brief/pdf", async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> (
            int year, int month, HttpContext http, BlueprintDb db, TimeProvider clock, IConfiguration config, IStringLocalizer<SharedResource> t, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (Check(year, month, t) is { } invalid)
            {
                return invalid;
            }

            if (ChromiumPdf.Locate(config) is not { } chromium)
            {
                return NoChromium(t);
            }

            var brief = LeaderBriefText.From(await LeaderBrief.LoadAsync(db, year, month, clock, ct), t);
            var head = await DocumentIssues.ForMonthAsync(db, DocumentKind.LeaderBrief, year, month, clock, t, ct);
            var html = await ReportHtml.RenderAsync<BriefPrint>(http, new Dictionary<string, object?>
            {
                [nameof(BriefPrint.Brief)] = brief,
                [nameof(BriefPrint.Head)] = head,
            });
            return await PdfAsync(chromium, html, DownloadName.Of(t, "Download.Brief", ".pdf", year, month), config, t, logs, ct);
        });

        group.MapGet("/bulletin/pdf", async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> (
            int year, int month, DateTime? knownAtUtc, bool? photos, HttpContext http, BlueprintDb db, TimeProvider clock, IConfiguration config,
            IStringLocalizer<SharedResource> t, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (Check(year, month, t) is { } invalid)
            {
                return invalid;
            }

            if (ChromiumPdf.Locate(config) is not { } chromium)
            {
                return NoChromium(t);
            }

            var report = await BulletinReport.LoadAsync(db, new BulletinQuery(year, month, BulletinExports.Utc(knownAtUtc)), clock, ct);
            var photoList = photos == true ? await BulletinPhotos.ForLaggingAsync(db, report, ct) : null;
            var head = await DocumentIssues.ForMonthAsync(db, DocumentKind.ProjectBulletin, year, month, clock, t, ct);
            var html = await ReportHtml.RenderAsync<BulletinPrint>(http, new Dictionary<string, object?>
            {
                [nameof(BulletinPrint.Report)] = report,
                [nameof(BulletinPrint.Head)] = head,
                [nameof(BulletinPrint.Photos)] = photoList,
            });
            return await PdfAsync(chromium, html, DownloadName.Of(t, "Download.Bulletin", ".pdf", year, month), config, t, logs, ct);
        });

        group.MapGet("/supervision-bulletin/pdf", async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> (
            DateOnly? from, DateOnly? to, HttpContext http, BlueprintDb db, TimeProvider clock, IConfiguration config,
            IStringLocalizer<SharedResource> t, ILoggerFactory logs, CancellationToken ct) =>
        {
            var check = SupervisionBulletin.Validate(from, to, t);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            if (ChromiumPdf.Locate(config) is not { } chromium)
            {
                return NoChromium(t);
            }

            var report = await SupervisionBulletin.ComputeAsync(db, from!.Value, to!.Value, SupervisionBulletin.Today(clock), ct);
            var head = await DocumentIssues.ForSpanAsync(db, from!.Value, to!.Value, clock, t, ct);
            var html = await ReportHtml.RenderAsync<SupervisionBulletinPrint>(http, new Dictionary<string, object?>
            {
                [nameof(SupervisionBulletinPrint.Report)] = report,
                [nameof(SupervisionBulletinPrint.Head)] = head,
            });
            return await PdfAsync(chromium, html, DownloadName.Of(t, "Download.SupervisionBulletin", ".pdf", from!.Value, to!.Value), config, t, logs, ct);
        });
        return group;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PdfAsync(
        string chromium, string html, string fileName, IConfiguration config, IStringLocalizer<SharedResource> t, ILoggerFactory logs, CancellationToken ct)
    {
        var outcome = await ChromiumPdf.PrintAsync(chromium, html, ChromiumPdf.Timeout(config), ct);
        if (outcome.Pdf is { } pdf)
        {
            return TypedResults.File(pdf, PdfContentType, fileName);
        }

        logs.CreateLogger(typeof(ReportsApi)).LogError("PDF {File} failed: {Failure}", fileName, outcome.Failure);
        return TypedResults.Problem(title: t["Reports.Pdf.Failed"], statusCode: StatusCodes.Status500InternalServerError);
    }

    /// <summary>503: the service (PDF) is unavailable on this server, the Word version is not.</summary>
    private static ProblemHttpResult NoChromium(IStringLocalizer<SharedResource> t) =>
        TypedResults.Problem(title: t["Reports.Pdf.NoChromium"], statusCode: StatusCodes.Status503ServiceUnavailable);

    private static ValidationProblem? Check(int year, int month, IStringLocalizer<SharedResource> t)
    {
        var check = new Validation(t)
            .Require(year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(month is >= 1 and <= 12, "month", "Field.InvalidMonth");
        return check.IsValid ? null : Problems.Invalid(check.Errors);
    }
}
