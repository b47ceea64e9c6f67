using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Plans;

/// <summary>Validation and saving of plan years, priorities and goals, shared by the API and the pages.</summary>
public static class PlanForms
{
    public static async Task<(PlanYear? Plan, Dictionary<string, string[]>? Errors)> SaveYearAsync(
        BlueprintDb db, IStringLocalizer<SharedResource> t, PlanYear? existing, PlanYearInput input, CancellationToken ct)
    {
        var check = new Validation(t)
            .Require(input.Year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Trim().Length <= 200, "title", "Plans.TitleRequired")
            .Require((input.Positioning?.Trim().Length ?? 0) <= 2000, "positioning", "Plans.TooLong", 2000);
        if (existing is null)
        {
            check.Require(!await db.Set<PlanYear>().AnyAsync(y => y.Year == input.Year, ct), "year", "Plans.YearExists", input.Year);
        }

        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        var plan = existing ?? db.Add(new PlanYear { Year = input.Year, Title = "" }).Entity;
        if (existing is not null)
        {
            db.ExpectVersion(plan, input.Version);
            await db.Entry(plan).Collection(y => y.Priorities).LoadAsync(ct);
        }

        plan.Title = input.Title!.Trim();
        plan.Positioning = string.IsNullOrWhiteSpace(input.Positioning) ? null : input.Positioning.Trim();
        await db.SaveChangesAsync(ct);
        return (plan, null);
    }

    public static async Task<(Priority? Priority, Dictionary<string, string[]>? Errors)> SavePriorityAsync(
        BlueprintDb db, IStringLocalizer<SharedResource> t, Priority priority, PriorityInput input, CancellationToken ct)
    {
        var check = new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Trim().Length <= 200, "title", "Plans.PriorityTitleRequired")
            .Require(input.SortOrder is >= 0 and <= 999, "sortOrder", "Plans.SortOrderRange");
        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        if (priority.Id == 0)
        {
            db.Add(priority);
        }
        else
        {
            db.ExpectVersion(priority, input.Version);
        }

        priority.Title = input.Title!.Trim();
        priority.SortOrder = input.SortOrder;
        await db.SaveChangesAsync(ct);
        return (priority, null);
    }

    public static async Task<(Goal? Goal, Dictionary<string, string[]>? Errors)> SaveGoalAsync(
        BlueprintDb db, IStringLocalizer<SharedResource> t, Goal goal, GoalInput input, CancellationToken ct)
    {
        var check = new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Trim().Length <= 300, "title", "Goal.TitleRequired")
            .Require((input.Description?.Trim().Length ?? 0) <= 4000, "description", "Plans.TooLong", 4000)
            .Require(await db.Set<Unit>().AnyAsync(u => u.Id == input.UnitId, ct), "unitId", "Indicators.UnitUnknown")
            .Require(input.PriorityId is null || await db.Set<Priority>().AnyAsync(p => p.Id == input.PriorityId && p.PlanYearId == goal.PlanYearId, ct),
                "priorityId", "Plans.PriorityNotInYear");
        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        if (goal.Id == 0)
        {
            db.Add(goal);
        }
        else
        {
            db.ExpectVersion(goal, input.Version);
        }

        goal.Title = input.Title.Trim();
        goal.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        goal.UnitId = input.UnitId;
        goal.PriorityId = input.PriorityId;
        await db.SaveChangesAsync(ct);
        return (goal, null);
    }
}
