using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>The annual plan's actions: drafting next year's plan, and the xlsx export of the plan page.</summary>
public static class AnnualPlanApi
{
    public static IEndpointRouteBuilder MapAnnualPlanApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/annual-plan/{year:int}/carry-forward", async Task<Results<Ok<CarryForwardResult>, ValidationProblem>> (
            int year, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t).Require(year is >= 2000 and < 2100, "year", "Field.InvalidYear");
            return check.IsValid ? TypedResults.Ok(await AnnualPlanCarryForward.RunAsync(db, year, ct)) : Problems.Invalid(check.Errors);
        }).WithTags("Annual plan").RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        app.MapGet("/plans/export", async (HttpRequest request, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var query = AnnualPlanQuery.From(request.Query);
            var result = await AnnualPlanList.LoadAsync(db, query, clock, allRows: true, ct);
            var rows = result.Page.Items.Select(r => new Dictionary<string, object?>
            {
                [t["Library.Code"]] = r.Code,
                [t["Library.Name"]] = r.Name,
                [t["Library.Unit"]] = r.UnitName,
                [t["Library.Category"]] = t[$"Library.Category.{r.Category}"].Value,
                [t["Library.Stage"]] = t[$"Library.Stage.{r.Stage}"].Value,
                [t["Library.PlanType"]] = t[$"Library.PlanType.{r.PlanType}"].Value,
                [t["Library.PlannedCompletion"]] = r.PlannedCompletion ? t["Library.Yes"].Value : null,
                [t["Library.TotalWan"]] = (decimal)r.TotalInvestment / Figure.YuanPerWan,
                [t["Library.AnnualPlanWan"]] = r.PlanType == PlanType.Reserve ? null : (decimal)r.AnnualPlannedInvestment / Figure.YuanPerWan,
                [t["PlanList.StartMonth"]] = r.PlannedStartMonth,
                [t["PlanList.CompletionMonth"]] = r.PlannedCompletionMonth,
            });
            string title = t[query.Reserve ? "PlanList.ReserveList" : "PlanList.KeyList"];
            XlsxColumn[] columns =
            [
                new(t["Library.Code"]), new(t["Library.Name"]), new(t["Library.Unit"]), new(t["Library.Category"]), new(t["Library.Stage"]),
                new(t["Library.PlanType"]), new(t["Library.PlannedCompletion"]), new(t["Library.TotalWan"], XlsxKind.Money),
                new(t["Library.AnnualPlanWan"], XlsxKind.Money), new(t["PlanList.StartMonth"], XlsxKind.Integer), new(t["PlanList.CompletionMonth"], XlsxKind.Integer),
            ];
            var sheet = new XlsxSheet(title, columns, rows)
            {
                Title = DownloadName.Title(t, "Download.AnnualPlan", result.Year, title),
                UnitLine = Xlsx.MoneyUnit(t, "Money.Wan"),
                TotalsLabel = t["Xlsx.Total"],
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.AnnualPlan", ".xlsx", result.Year, title));
        }).RequireAuthorization(Policies.Business).ExcludeFromDescription();
        return app;
    }
}
