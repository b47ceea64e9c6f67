using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Plans;

public sealed record GoalDto(int Id, int PlanYearId, int? PriorityId, string Title, string? Description, int UnitId, int Version);

public sealed record GoalInput(string Title, string? Description, int UnitId, int? PriorityId, int Version = 0);

public static class GoalsApi
{
    public static RouteGroupBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/goals").WithTags("Goals").RequireAuthorization();
        group.MapListAndGet<Goal, GoalDto>(g => g.Id, g => new GoalDto(g.Id, g.PlanYearId, g.PriorityId, g.Title, g.Description, g.UnitId, g.Version));

        group.MapPut("/{id:int}", async Task<Results<Ok<GoalDto>, ValidationProblem, ProblemHttpResult>> (
            int id, GoalInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var goal = await db.Set<Goal>().SingleOrDefaultAsync(g => g.Id == id, ct);
            if (goal is null)
            {
                return Problems.NotFound(t);
            }

            var check = new Validation(t).Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Length <= 300, "title", "Goal.TitleRequired");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            db.ExpectVersion(goal, input.Version);
            goal.Title = input.Title.Trim();
            goal.Description = input.Description;
            goal.UnitId = input.UnitId;
            goal.PriorityId = input.PriorityId;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(new GoalDto(goal.Id, goal.PlanYearId, goal.PriorityId, goal.Title, goal.Description, goal.UnitId, goal.Version));
        });
        return group;
    }
}
