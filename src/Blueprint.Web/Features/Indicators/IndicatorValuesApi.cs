using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

public sealed record IndicatorValueDto(
    long Id, int IndicatorId, int UnitId, int Year, int Period, decimal Value, SubmissionStatus Status, bool IsCurrent, int Version,
    int? SubmittedById, int? ApprovedById, int? AcceptedById, DateTime? AcceptedAtUtc,
    string? ReviewComment, long? SupersedesId, string? CorrectionReason, DateTime RecordedAtUtc);

/// <summary>
/// Indicator values through the API: the unit fills and submits, its leader approves, the
/// office accepts or returns; accepted values change only by corrections (see <see cref="IndicatorValueWorkflow"/>).
/// </summary>
public static class IndicatorValuesApi
{
    public static RouteGroupBuilder MapIndicatorValuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/indicator-values").WithTags("Indicators").RequireAuthorization(Policies.Business);

        group.MapGet("/", async (BlueprintDb db, int? indicatorId, int? unitId, int? year, int? period, SubmissionStatus? status,
            bool? all, int? page, int? pageSize, CancellationToken ct) =>
        {
            var query = db.Set<IndicatorValue>().AsNoTracking();
            query = all == true ? query : query.Where(v => v.IsCurrent);
            query = indicatorId is null ? query : query.Where(v => v.IndicatorId == indicatorId);
            query = unitId is null ? query : query.Where(v => v.UnitId == unitId);
            query = year is null ? query : query.Where(v => v.Year == year);
            query = period is null ? query : query.Where(v => v.Period == period);
            query = status is null ? query : query.Where(v => v.Status == status);
            return TypedResults.Ok(await query.OrderBy(v => v.IndicatorId).ThenBy(v => v.UnitId).ThenBy(v => v.Period).ThenBy(v => v.Id)
                .Select(AsDto).ToPageAsync(page, pageSize, ct));
        });

        group.MapGet("/{id:long}", async Task<Results<Ok<IndicatorValueDto>, ProblemHttpResult>> (
            long id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<IndicatorValue>().AsNoTracking().Where(v => v.Id == id).Select(AsDto).SingleOrDefaultAsync(ct) is { } dto
                ? TypedResults.Ok(dto)
                : Problems.NotFound(t));

        // Every version of one indicator-unit-period, newest first: each submission (a returned
        // one with its reason) and each correction, with what changed since the version before.
        group.MapGet("/history", async (int indicatorId, int unitId, int period, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            TypedResults.Ok(await HistoryAsync(db, t, indicatorId, unitId, period, ct)));

        group.MapPost("/", async Task<Results<Created<IndicatorValueDto>, ValidationProblem, ProblemHttpResult>> (
            IndicatorValueInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new IndicatorValueWorkflow(db, t, clock).CreateAsync(input, ct)).ToCreated(ToDto, v => $"/api/indicator-values/{v.Id}", t))
            .RequireAuthorization(p => p.RequireRole(SubmissionKind.IndicatorValue.Fillers));

        group.MapPut("/{id:long}", async Task<Results<Ok<IndicatorValueDto>, ValidationProblem, ProblemHttpResult>> (
            long id, IndicatorValueEdit input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new IndicatorValueWorkflow(db, t, clock).UpdateAsync(id, input, ct)).ToResult(ToDto, t))
            .RequireAuthorization(p => p.RequireRole(SubmissionKind.IndicatorValue.Fillers));

        group.MapSubmissionSteps(SubmissionKind.IndicatorValue, (db, t, clock) => new IndicatorValueWorkflow(db, t, clock), ToDto);

        group.MapPost("/{id:long}/corrections", async Task<Results<Created<IndicatorValueDto>, ValidationProblem, ProblemHttpResult>> (
            long id, IndicatorCorrectionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new IndicatorValueWorkflow(db, t, clock).CorrectAsync(id, input, ct)).ToCreated(ToDto, v => $"/api/indicator-values/{v.Id}", t))
            .RequireAuthorization(p => p.RequireRole(SubmissionKind.IndicatorValue.Fillers));

        return group;
    }

    /// <summary>Every version of one indicator value (the unit's value of one period and its corrections), newest first (decision 0025).</summary>
    public static async Task<List<SubmissionVersionDto>> HistoryAsync(BlueprintDb db, IStringLocalizer<SharedResource> t, int indicatorId, int unitId, int period, CancellationToken ct)
    {
        var rows = await db.Set<IndicatorValue>().AsNoTracking()
            .Where(v => v.IndicatorId == indicatorId && v.UnitId == unitId && v.Period == period)
            .OrderBy(v => v.Id).ToListAsync(ct);
        static string? Number(string? value) =>
            decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) ? IndicatorText.Number(d) : value;
        return await SubmissionHistory.ReadAsync(db, SubmissionKind.IndicatorValue,
            [.. rows.Select(v => new HistoryRecord(v, v.RecordedAtUtc, v.ReviewComment, v.CorrectionReason, v.SupersedesId is not null))],
            [new(nameof(IndicatorValue.Value), t["Indicators.Value"], Number)], ct);
    }

    internal static readonly System.Linq.Expressions.Expression<Func<IndicatorValue, IndicatorValueDto>> AsDto = v => new IndicatorValueDto(
        v.Id, v.IndicatorId, v.UnitId, v.Year, v.Period, v.Value, v.Status, v.IsCurrent, v.Version, v.SubmittedById, v.ApprovedById,
        v.AcceptedById, v.AcceptedAtUtc, v.ReviewComment, v.SupersedesId, v.CorrectionReason, v.RecordedAtUtc);

    internal static readonly Func<IndicatorValue, IndicatorValueDto> ToDto = AsDto.Compile();
}
