using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>One row of the summary table as the API returns it: exact values plus display text.</summary>
public sealed record BulletinRowDto(
    string Key, string Label, int Count, long AnnualPlan, long CompletedYearToDate, decimal? CompletionRate, string CompletionRateText,
    decimal ElapsedSchedule, string ElapsedScheduleText, decimal? AheadOfSchedulePoints, string? AheadOfScheduleText,
    int PlannedStarts, int Started, decimal? StartRate, int PlannedCompletions, int Completed, decimal? FinishRate,
    int Reserve, int ReserveStarted, decimal? ConversionRate, StatusLight? Light)
{
    public static BulletinRowDto From(BulletinRow row)
    {
        var f = row.Figures;
        var t = f.Totals;
        return new(row.Key, row.Label, t.KeyListCount, t.AnnualPlan, t.CompletedYearToDate, f.InvestmentCompletionRate, Figure.Percent(f.InvestmentCompletionRate),
            f.ElapsedSchedule, Figure.Percent(f.ElapsedSchedule), f.AheadOfSchedulePoints,
            f.AheadOfSchedulePoints is { } p ? Figure.SignedPoints(p) : null,
            t.PlannedStarts, t.PlannedStartsStarted, f.StartRate, t.PlannedCompletions, t.PlannedCompletionsCompleted, f.FinishRate,
            t.Reserve, t.ReserveStarted, f.ConversionRate, f.Light);
    }
}

public sealed record BulletinDto(int Year, int Month, DateTime KnownAtUtc, BulletinRowDto All, IReadOnlyList<BulletinRowDto> ByCategory, IReadOnlyList<BulletinRowDto> ByPlanType, IReadOnlyList<BulletinRowDto> ByUnit);

public static class BulletinApi
{
    public static RouteHandlerBuilder MapBulletinApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/bulletin", async Task<Results<Ok<BulletinDto>, ValidationProblem>> (
            int year, int month, DateTime? knownAtUtc, int? unitId, ProjectCategory? category, PlanType? planType,
            BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t)
                .Require(year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
                .Require(month is >= 1 and <= 12, "month", "Field.InvalidMonth");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var known = BulletinExports.Utc(knownAtUtc);
            var table = await Bulletin.ComputeAsync(db, new BulletinQuery(year, month, known, unitId, category, planType), clock, ct);
            return TypedResults.Ok(new BulletinDto(year, month, table.KnownAtUtc, BulletinRowDto.From(table.All),
                [.. table.ByCategory.Select(BulletinRowDto.From)], [.. table.ByPlanType.Select(BulletinRowDto.From)], [.. table.ByUnit.Select(BulletinRowDto.From)]));
        }).WithTags("Bulletin").RequireAuthorization(Policies.Business);
}
