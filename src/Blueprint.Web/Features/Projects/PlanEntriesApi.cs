using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Projects;

public sealed record AnnualPlanEntryDto(
    int Id, int Year, int KeyProjectId, int UnitId, PlanType PlanType, bool PlannedCompletion,
    long AnnualPlannedInvestment, int? PlannedStartMonth, int? PlannedCompletionMonth, int Version);

public sealed record ProjectStageChangeDto(int Id, int KeyProjectId, int UnitId, ProjectStage Stage, DateOnly OnDate);

public static class PlanEntriesApi
{
    public static IEndpointRouteBuilder MapPlanEntriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/annual-plan").WithTags("Annual plan").RequireAuthorization()
            .MapListAndGet<AnnualPlanEntry, AnnualPlanEntryDto>(e => e.Id, e => new AnnualPlanEntryDto(
                e.Id, e.Year, e.KeyProjectId, e.UnitId, e.PlanType, e.PlannedCompletion, e.AnnualPlannedInvestment,
                e.PlannedStartMonth, e.PlannedCompletionMonth, e.Version));

        app.MapGroup("/api/stage-changes").WithTags("Projects").RequireAuthorization()
            .MapListAndGet<ProjectStageChange, ProjectStageChangeDto>(s => s.Id, s => new ProjectStageChangeDto(
                s.Id, s.KeyProjectId, s.UnitId, s.Stage, s.OnDate));
        return app;
    }
}
