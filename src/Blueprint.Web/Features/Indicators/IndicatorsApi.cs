using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

public sealed record IndicatorDto(
    int Id, int PlanYearId, int? GoalId, string Name, string Measure, IndicatorDirection Direction, decimal? Baseline,
    decimal AnnualTarget, ScheduleProfile Profile, string? DataSource, int UnitId, int Version,
    IndicatorValueKind ValueKind = IndicatorValueKind.YearToDate, IReadOnlyList<decimal>? ScheduleShares = null,
    string? TargetQualifier = null);

public sealed record IndicatorTargetDto(int Id, int IndicatorId, int UnitId, int Period, decimal Target, int Version);

/// <summary>One unit's line as the API gives it: status and forecast as of the asked moment.</summary>
public sealed record IndicatorUnitFigures(
    int UnitId, string UnitName, decimal Target, int UpToPeriod, IReadOnlyDictionary<int, decimal> Values,
    IndicatorJudgement? Status, IndicatorForecastResult Forecast);

public sealed record IndicatorFiguresDto(int IndicatorId, int AsOfYear, int AsOfMonth, DateTime KnownAtUtc, IReadOnlyList<IndicatorUnitFigures> Units);

/// <summary>
/// Indicators through the API: the filtered list with status lights (as of any past month),
/// one indicator's figures per unit, per-unit light shares, and create/edit for the office.
/// </summary>
public static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/indicators").WithTags("Indicators").RequireAuthorization(Policies.Business);

        group.MapGet("/", async (HttpRequest request, BlueprintDb db, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok((await IndicatorList.LoadAsync(db, IndicatorListQuery.From(request.Query), clock, ct)).Page));

        group.MapGet("/{id:int}", async Task<Results<Ok<IndicatorDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await IndicatorScope.Visible(db).AsNoTracking().Where(i => i.Id == id).SingleOrDefaultAsync(ct) is { } i
                ? TypedResults.Ok(ToDto(i))
                : Problems.NotFound(t));

        group.MapGet("/{id:int}/figures", async Task<Results<Ok<IndicatorFiguresDto>, ProblemHttpResult>> (
            int id, int? asOfYear, int? asOfMonth, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var asOf = new IndicatorListQuery { AsOfYear = asOfYear, AsOfMonth = asOfMonth is >= 1 and <= 12 ? asOfMonth : null }.AsOf(clock);
            var detail = await IndicatorDetail.LoadAsync(db, id, asOf, ct);
            return detail is null
                ? Problems.NotFound(t)
                : TypedResults.Ok(new IndicatorFiguresDto(id, asOf.Year, asOf.Month, asOf.KnownAtUtc, [.. detail.Lines.Select(l =>
                    new IndicatorUnitFigures(l.UnitId, l.UnitName, l.Target, l.Series.UpToPeriod, l.Series.Values, l.Series.Status, l.Series.Forecast))]));
        });

        group.MapGet("/unit-lights", async (int year, int? asOfYear, int? asOfMonth, BlueprintDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var asOf = new IndicatorListQuery { AsOfYear = asOfYear, AsOfMonth = asOfMonth is >= 1 and <= 12 ? asOfMonth : null }.AsOf(clock);
            return TypedResults.Ok(await IndicatorUnitLights.ComputeAsync(db, year, asOf, ct));
        });

        group.MapPost("/", async Task<Results<Created<IndicatorDto>, ValidationProblem>> (
            IndicatorInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var (indicator, errors) = await new IndicatorForm(db, t).SaveAsync(null, input, ct);
            return errors is null ? TypedResults.Created($"/api/indicators/{indicator!.Id}", ToDto(indicator)) : Problems.Invalid(errors);
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        group.MapPut("/{id:int}", async Task<Results<Ok<IndicatorDto>, ValidationProblem, ProblemHttpResult>> (
            int id, IndicatorInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (!await db.Set<Indicator>().AnyAsync(i => i.Id == id, ct))
            {
                return Problems.NotFound(t);
            }

            var (indicator, errors) = await new IndicatorForm(db, t).SaveAsync(id, input, ct);
            return errors is null ? TypedResults.Ok(ToDto(indicator!)) : Problems.Invalid(errors);
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        app.MapGroup("/api/indicator-targets").WithTags("Indicators").RequireAuthorization(Policies.Business)
            .MapListAndGet<IndicatorTarget, IndicatorTargetDto>(x => x.Id, x => new IndicatorTargetDto(
                x.Id, x.IndicatorId, x.UnitId, x.Period, x.Target, x.Version));
        return app;
    }

    public static IndicatorDto ToDto(Indicator i) => new(
        i.Id, i.PlanYearId, i.GoalId, i.Name, i.Measure, i.Direction, i.Baseline, i.AnnualTarget, i.Profile,
        i.DataSource, i.UnitId, i.Version, i.ValueKind, i.ScheduleShares, i.TargetQualifier);
}
