using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Indicators;

public sealed record IndicatorDto(
    int Id, int PlanYearId, int? GoalId, string Name, string Measure, IndicatorDirection Direction, decimal? Baseline,
    decimal AnnualTarget, ScheduleProfile Profile, string? DataSource, int UnitId, int Version);

public sealed record IndicatorTargetDto(int Id, int IndicatorId, int UnitId, int Period, decimal Target, int Version);

public sealed record IndicatorValueDto(
    long Id, int IndicatorId, int UnitId, int Year, int Period, decimal Value, SubmissionStatus Status, bool IsCurrent, int Version);

public static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/indicators").WithTags("Indicators").RequireAuthorization()
            .MapListAndGet<Indicator, IndicatorDto>(i => i.Id, i => new IndicatorDto(
                i.Id, i.PlanYearId, i.GoalId, i.Name, i.Measure, i.Direction, i.Baseline, i.AnnualTarget, i.Profile,
                i.DataSource, i.UnitId, i.Version));

        app.MapGroup("/api/indicator-targets").WithTags("Indicators").RequireAuthorization()
            .MapListAndGet<IndicatorTarget, IndicatorTargetDto>(x => x.Id, x => new IndicatorTargetDto(
                x.Id, x.IndicatorId, x.UnitId, x.Period, x.Target, x.Version));

        app.MapGroup("/api/indicator-values").WithTags("Indicators").RequireAuthorization()
            .MapListAndGet<IndicatorValue, IndicatorValueDto>(v => v.Id, v => new IndicatorValueDto(
                v.Id, v.IndicatorId, v.UnitId, v.Year, v.Period, v.Value, v.Status, v.IsCurrent, v.Version));
        return app;
    }
}
