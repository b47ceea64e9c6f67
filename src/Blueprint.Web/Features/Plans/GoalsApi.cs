using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Plans;

public sealed record GoalDto(int Id, int PlanYearId, int? PriorityId, string Title, string? Description, int UnitId, int Version);

public sealed record GoalInput(string Title, string? Description, int UnitId, int? PriorityId, int Version = 0, int PlanYearId = 0);

public static class GoalsApi
{
    public static RouteGroupBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/goals").WithTags("Goals").RequireAuthorization(Policies.Business);
        group.MapListAndGet<Goal, GoalDto>(g => g.Id, g => new GoalDto(g.Id, g.PlanYearId, g.PriorityId, g.Title, g.Description, g.UnitId, g.Version));

        group.MapPost("/", async Task<Results<Created<GoalDto>, ValidationProblem, ProblemHttpResult>> (
            GoalInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (!await db.Set<PlanYear>().AnyAsync(y => y.Id == input.PlanYearId, ct))
            {
                return Problems.Invalid(new Validation(t).Require(false, "planYearId", "Indicators.PlanYearUnknown").Errors);
            }

            var (goal, errors) = await PlanForms.SaveGoalAsync(db, t, new Goal { PlanYearId = input.PlanYearId, Title = "" }, input, ct);
            return errors is null ? TypedResults.Created($"/api/goals/{goal!.Id}", ToDto(goal)) : Problems.Invalid(errors);
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        group.MapPut("/{id:int}", async Task<Results<Ok<GoalDto>, ValidationProblem, ProblemHttpResult>> (
            int id, GoalInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var goal = await db.Set<Goal>().SingleOrDefaultAsync(g => g.Id == id, ct);
            if (goal is null)
            {
                return Problems.NotFound(t);
            }

            var (saved, errors) = await PlanForms.SaveGoalAsync(db, t, goal, input, ct);
            return errors is null ? TypedResults.Ok(ToDto(saved!)) : Problems.Invalid(errors);
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));
        return group;
    }

    public static GoalDto ToDto(Goal g) => new(g.Id, g.PlanYearId, g.PriorityId, g.Title, g.Description, g.UnitId, g.Version);
}
