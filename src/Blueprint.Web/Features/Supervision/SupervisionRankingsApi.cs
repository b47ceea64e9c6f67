using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>The period and order of a ranking; the period defaults to this year up to today.</summary>
public sealed record RankingQuery(DateOnly? From, DateOnly? To, RankingSort? Sort, bool? Desc)
{
    public (DateOnly From, DateOnly To) Period(DateOnly today) => (From ?? new DateOnly(today.Year, 1, 1), To ?? today);

    /// <summary>Rates best-first (high), overdue best-first (few), names A→Z, unless asked otherwise.</summary>
    public bool Descending => Desc ?? Sort is null or RankingSort.OnTime or RankingSort.Closure;
}

public static class SupervisionRankingsApi
{
    public static IEndpointRouteBuilder MapSupervisionRankingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervision").WithTags("Supervision").RequireAuthorization(Policies.Business);

        group.MapGet("/rankings", async Task<Results<Ok<RankingReport>, ValidationProblem>> (
            BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, [AsParameters] RankingQuery q, CancellationToken ct) =>
        {
            var report = await ReportAsync(db, clock, q, ct);
            return report is null ? Invalid(t) : TypedResults.Ok(report);
        });

        group.MapGet("/rankings/xlsx", async Task<Results<FileContentHttpResult, ValidationProblem>> (
            BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, [AsParameters] RankingQuery q, CancellationToken ct) =>
        {
            if (await ReportAsync(db, clock, q, ct) is not { } report)
            {
                return Invalid(t);
            }

            var sheet = new XlsxSheet(t["SupRank.Title"], SupervisionRedList.RankingColumns(t), SupervisionRedList.ExportRows(report, t))
            {
                Title = DownloadName.Title(t, "Download.Rankings", report.From, report.To),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.Rankings", ".xlsx", report.From, report.To));
        });

        group.MapGet("/red", async (BlueprintDb db, TimeProvider clock, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await SupervisionRedList.PageAsync(db, SupervisionLights.Today(clock), page, pageSize, ct)));

        group.MapGet("/red/xlsx", async (BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var today = SupervisionLights.Today(clock);
            var all = (await SupervisionRedList.Query(db).ToListAsync(ct)).Select(i => SupervisionRedList.WithDays(i, today));
            var sheet = new XlsxSheet(t["SupRed.Title"], SupervisionRedList.RedColumns(t), SupervisionRedList.ExportRows(all, t))
            {
                Title = DownloadName.Title(t, "Download.RedList", today),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.RedList", ".xlsx", today));
        });
        return app;
    }

    /// <summary>The report of a query, or null when the period is backwards.</summary>
    public static async Task<RankingReport?> ReportAsync(BlueprintDb db, TimeProvider clock, RankingQuery q, CancellationToken ct)
    {
        var today = SupervisionLights.Today(clock);
        var (from, to) = q.Period(today);
        if (from > to)
        {
            return null;
        }

        var report = await SupervisionRankings.ReadAsync(db, from, to, today, clock, ct);
        return report with { Units = SupervisionRankings.Sorted(report.Units, q.Sort ?? RankingSort.OnTime, q.Descending) };
    }

    private static ValidationProblem Invalid(IStringLocalizer<SharedResource> t) =>
        Problems.Invalid(new Validation(t).Require(false, "to", "SupRank.PeriodInvalid").Errors);
}
