using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>The month's list as the page filters it, as xlsx (money in 万元, as the units read it).</summary>
public static class ProgressExport
{
    public static RouteHandlerBuilder MapProgressExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/progress/export", async (int year, int month, int? unitId, SubmissionStatus? status,
            BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            // One month holds one row per key project: a few thousand at most, fine in memory.
            var rows = await ProgressQueries.List(db, new ProgressListQuery(year, month, unitId, status)).ToListAsync(ct);
            var sheet = rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                [t["Progress.Code"]] = r.ProjectCode,
                [t["Progress.Project"]] = r.ProjectName,
                [t["Progress.Unit"]] = r.UnitName,
                [t["Progress.Month"]] = $"{r.Year}-{r.Month:00}",
                [t["Progress.ThisMonthWan"]] = (decimal)r.InvestmentThisMonth / Figures.Figure.YuanPerWan,
                [t["Progress.YearToDateWan"]] = (decimal)r.InvestmentYearToDate / Figures.Figure.YuanPerWan,
                [t["Progress.SinceStartWan"]] = (decimal)r.InvestmentSinceStart / Figures.Figure.YuanPerWan,
                [t["Progress.Physical"]] = r.PhysicalProgress,
                [t["Progress.Status"]] = t[$"Progress.Status.{r.Status}"].Value + (r.IsCorrection ? " " + t["Progress.CorrectionTag"] : "") + (r.IsLate ? " " + t["Progress.LateTag"] : ""),
            });
            XlsxColumn[] columns =
            [
                new(t["Progress.Code"]), new(t["Progress.Project"]), new(t["Progress.Unit"]), new(t["Progress.Month"]),
                new(t["Progress.ThisMonthWan"], XlsxKind.Money), new(t["Progress.YearToDateWan"], XlsxKind.Money),
                new(t["Progress.SinceStartWan"], XlsxKind.Money), new(t["Progress.Physical"], Width: 40), new(t["Progress.Status"]),
            ];
            var bytes = await Xlsx.ExportAsync(
                new XlsxSheet(t["Nav.Progress"], columns, sheet)
                {
                    Title = Xlsx.Filtered(DownloadName.Title(t, "Download.Progress", year, month),
                        unitId is { } u ? await db.Set<Units.Unit>().Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
                        status is { } s ? t[$"Progress.Status.{s}"].Value : null),
                    UnitLine = Xlsx.MoneyUnit(t, "Money.Wan"),
                    TotalsLabel = t["Xlsx.Total"],
                }, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.Progress", ".xlsx", year, month));
        }).RequireAuthorization(Policies.Business).ExcludeFromDescription();
}
