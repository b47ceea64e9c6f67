using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reports;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Units;

/// <summary>One project of the unit with its standard figures (exact values and the display text of the rate).</summary>
public sealed record UnitProjectDto(
    int KeyProjectId, string Code, string Name, int UnitId, PlanType PlanType, long AnnualPlan, long CompletedYearToDate,
    decimal? CompletionRate, string CompletionRateText, decimal? AheadOfSchedulePoints, StatusLight? Light);

public sealed record UnitIndicatorCounts(int Green, int Yellow, int Red, int NoData);

public sealed record UnitOverviewDto(
    UnitSummary Unit, int Year, int Month, DateTime KnownAtUtc, BulletinRowDto Projects, int ProjectCount, IReadOnlyList<UnitProjectDto> ProjectRows,
    UnitRank? CompletionRank, UnitIndicatorCounts IndicatorCounts, IReadOnlyList<UnitIndicatorLine> Indicators,
    UnitSupervision Supervision, UnitSupervisionRanks? SupervisionRanks, UnitProblems Problems, IReadOnlyList<UnitReviewSubmission> Reviews)
{
    public static UnitOverviewDto From(UnitOverview o) => new(
        o.Unit, o.Year, o.Month, o.KnownAtUtc, BulletinRowDto.From(o.Projects), o.ProjectCount,
        [.. o.ProjectRows.Select(p => new UnitProjectDto(p.KeyProjectId, p.Code, p.Name, p.UnitId, p.PlanType, p.Figures.Totals.AnnualPlan,
            p.Figures.Totals.CompletedYearToDate, p.Figures.InvestmentCompletionRate, Figure.Percent(p.Figures.InvestmentCompletionRate),
            p.Figures.AheadOfSchedulePoints, p.Figures.Light))],
        o.CompletionRank,
        new UnitIndicatorCounts(o.IndicatorCount(StatusLight.Green), o.IndicatorCount(StatusLight.Yellow), o.IndicatorCount(StatusLight.Red), o.IndicatorCount(null)),
        o.Indicators, o.Supervision, o.SupervisionRanks, o.Problems, o.Reviews);
}

public static class UnitOverviewApi
{
    /// <summary>
    /// GET /api/units/{id}/overview?year=&amp;month= — the unit page's figures; 403 outside the reader's scope.
    /// <c>projectRows</c> are the first 20 of <c>projectCount</c>, most behind schedule first; every project is in
    /// <c>/api/projects?unitId=</c>.
    /// </summary>
    public static RouteHandlerBuilder MapUnitOverviewApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/units/{id:int}/overview", async Task<Results<Ok<UnitOverviewDto>, ValidationProblem, ProblemHttpResult>> (
            int id, int? year, int? month, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t)
                .Require(year is null or (>= 2000 and <= 2100), "year", "Field.InvalidYear")
                .Require(month is null or (>= 1 and <= 12), "month", "Field.InvalidMonth");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            switch (await UnitOverviews.CheckAsync(db, id, ct))
            {
                case UnitAccess.NotFound:
                    return Problems.NotFound(t);
                case UnitAccess.Forbidden:
                    return Problems.Forbidden(t, "UnitPage.OutOfScope");
            }

            var (y, m) = await ReportMonth.ResolveAsync(db, clock, year, month, ct);
            return TypedResults.Ok(UnitOverviewDto.From(await UnitOverviews.LoadAsync(db, id, y, m, clock, ct)));
        }).WithTags("Units").RequireAuthorization(Policies.Business);
}
