using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

public sealed record AnnualPlanEntryDto(
    int Id, int Year, int KeyProjectId, int UnitId, PlanType PlanType, bool PlannedCompletion,
    long AnnualPlannedInvestment, int? PlannedStartMonth, int? PlannedCompletionMonth, int Version);

/// <summary>One revision of a plan entry: what it said from RecordedAtUtc on.</summary>
public sealed record PlanRevisionDto(
    long Id, int Year, int KeyProjectId, int UnitId, PlanType PlanType, bool PlannedCompletion, long AnnualPlannedInvestment,
    int? PlannedStartMonth, int? PlannedCompletionMonth, bool Removed, string? Reason, string? RecordedBy, DateTime RecordedAtUtc);

public sealed record ProjectStageChangeDto(int Id, int KeyProjectId, int UnitId, ProjectStage Stage, DateOnly OnDate);

public static class PlanEntriesApi
{
    public static IEndpointRouteBuilder MapPlanEntriesApi(this IEndpointRouteBuilder app)
    {
        var plan = app.MapGroup("/api/annual-plan").WithTags("Annual plan").RequireAuthorization(Policies.Business);
        plan.MapListAndGet<AnnualPlanEntry, AnnualPlanEntryDto>(e => e.Id, e => AsDto(e));

        plan.MapPut("/{id:int}", async (int id, PlanEntryInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new AnnualPlanEditing(db, t).UpdateAsync(id, input, ct)).ToResult(AsDto, t))
            .WithSummary("Adjusts a plan entry mid-year (reason required; the previous figures stay in its history).")
            .RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        plan.MapDelete("/{id:int}", async (int id, int version, string? reason, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new AnnualPlanEditing(db, t).RemoveAsync(id, version, reason, ct)).ToResult(AsDto, t))
            .WithSummary("Takes a project off the year's plan (reason required); earlier bulletins still count it.")
            .RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        plan.MapGet("/history", async Task<Ok<List<PlanRevisionDto>>> (int year, int keyProjectId, BlueprintDb db, CancellationToken ct) =>
            TypedResults.Ok(await PlanRevisions.OfAsync(db, year, keyProjectId, ct)))
            .WithSummary("The revisions of one project's plan entry in a year, oldest first.");

        app.MapGroup("/api/stage-changes").WithTags("Projects").RequireAuthorization(Policies.Business)
            .MapListAndGet<ProjectStageChange, ProjectStageChangeDto>(s => s.Id, s => new ProjectStageChangeDto(
                s.Id, s.KeyProjectId, s.UnitId, s.Stage, s.OnDate));
        return app;
    }

    private static AnnualPlanEntryDto AsDto(AnnualPlanEntry e) => new(
        e.Id, e.Year, e.KeyProjectId, e.UnitId, e.PlanType, e.PlannedCompletion, e.AnnualPlannedInvestment,
        e.PlannedStartMonth, e.PlannedCompletionMonth, e.Version);
}

public static class PlanRevisions
{
    public static Task<List<PlanRevisionDto>> OfAsync(BlueprintDb db, int year, int keyProjectId, CancellationToken ct) =>
        db.Set<AnnualPlanRevision>().AsNoTracking().Where(r => r.Year == year && r.KeyProjectId == keyProjectId)
            .OrderBy(r => r.RecordedAtUtc).ThenBy(r => r.Id)
            .Select(r => new PlanRevisionDto(r.Id, r.Year, r.KeyProjectId, r.UnitId, r.PlanType, r.PlannedCompletion, r.AnnualPlannedInvestment,
                r.PlannedStartMonth, r.PlannedCompletionMonth, r.Removed, r.Reason, r.RecordedBy, r.RecordedAtUtc))
            .ToListAsync(ct);
}
