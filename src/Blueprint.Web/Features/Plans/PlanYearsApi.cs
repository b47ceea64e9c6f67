using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Plans;

public sealed record PriorityDto(int Id, string Title, int SortOrder, int Version);

public sealed record PlanYearDto(int Id, int Year, string Title, string? Positioning, IReadOnlyList<PriorityDto> Priorities, int Version);

public sealed record PlanYearInput(int Year, string? Title, string? Positioning, int Version = 0);

public sealed record PriorityInput(string? Title, int SortOrder, int Version = 0);

/// <summary>
/// Plan years through the API: the year's positioning and priorities (everyone reads; the
/// office writes), and "copy year forward".
/// </summary>
public static class PlanYearsApi
{
    public static RouteGroupBuilder MapPlanYearsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plan-years").WithTags("Plan years").RequireAuthorization(Policies.Business);

        group.MapGet("/", async (BlueprintDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.Set<PlanYear>().AsNoTracking().Include(y => y.Priorities).OrderByDescending(y => y.Year).ToListAsync(ct)).Select(ToDto).ToList()));

        group.MapGet("/{year:int}", async Task<Results<Ok<PlanYearDto>, ProblemHttpResult>> (int year, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<PlanYear>().AsNoTracking().Include(y => y.Priorities).SingleOrDefaultAsync(y => y.Year == year, ct) is { } py
                ? TypedResults.Ok(ToDto(py))
                : Problems.NotFound(t));

        var office = group.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        office.MapPost("/", async Task<Results<Created<PlanYearDto>, ValidationProblem>> (PlanYearInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var (plan, errors) = await PlanForms.SaveYearAsync(db, t, null, input, ct);
            return errors is null ? TypedResults.Created($"/api/plan-years/{plan!.Year}", ToDto(plan)) : Problems.Invalid(errors);
        });

        office.MapPut("/{year:int}", async Task<Results<Ok<PlanYearDto>, ValidationProblem, ProblemHttpResult>> (int year, PlanYearInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (await db.Set<PlanYear>().SingleOrDefaultAsync(y => y.Year == year, ct) is not { } existing)
            {
                return Problems.NotFound(t);
            }

            var (plan, errors) = await PlanForms.SaveYearAsync(db, t, existing, input with { Year = year }, ct);
            return errors is null ? TypedResults.Ok(ToDto(plan!)) : Problems.Invalid(errors);
        });

        office.MapPost("/{year:int}/priorities", async Task<Results<Created<PriorityDto>, ValidationProblem, ProblemHttpResult>> (int year, PriorityInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (await db.Set<PlanYear>().SingleOrDefaultAsync(y => y.Year == year, ct) is not { } plan)
            {
                return Problems.NotFound(t);
            }

            var (priority, errors) = await PlanForms.SavePriorityAsync(db, t, new Priority { PlanYearId = plan.Id, Title = "" }, input, ct);
            return errors is null ? TypedResults.Created($"/api/plan-years/{year}", ToDto(priority!)) : Problems.Invalid(errors);
        });

        office.MapPut("/priorities/{id:int}", async Task<Results<Ok<PriorityDto>, ValidationProblem, ProblemHttpResult>> (int id, PriorityInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (await db.Set<Priority>().SingleOrDefaultAsync(p => p.Id == id, ct) is not { } existing)
            {
                return Problems.NotFound(t);
            }

            var (priority, errors) = await PlanForms.SavePriorityAsync(db, t, existing, input, ct);
            return errors is null ? TypedResults.Ok(ToDto(priority!)) : Problems.Invalid(errors);
        });

        office.MapPost("/{year:int}/copy-forward", async Task<Results<Ok<PlanCopyResult>, ProblemHttpResult>> (int year, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var (result, refusal) = await PlanCopyForward.RunAsync(db, year, ct);
            return result is not null
                ? TypedResults.Ok(result)
                : TypedResults.Problem(title: t[refusal!, year, year + 1], statusCode: refusal == "Plans.CopySourceMissing" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict);
        });

        return group;
    }

    public static PlanYearDto ToDto(PlanYear y) =>
        new(y.Id, y.Year, y.Title, y.Positioning, [.. y.Priorities.OrderBy(p => p.SortOrder).ThenBy(p => p.Id).Select(ToDto)], y.Version);

    public static PriorityDto ToDto(Priority p) => new(p.Id, p.Title, p.SortOrder, p.Version);
}
