using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

public sealed record ProgressReportDto(
    long Id, int KeyProjectId, int UnitId, int Year, int Month, long InvestmentThisMonth, long InvestmentYearToDate,
    long InvestmentSinceStart, string? PhysicalProgress, string? NodesReached, string? ProblemsRaised,
    SubmissionStatus Status, int? SubmittedById, int? ApprovedById, bool IsCurrent, int Version,
    int? AcceptedById, DateTime? AcceptedAtUtc, string? ReviewComment, long? SupersedesId,
    string? CorrectionReason, DateTime RecordedAtUtc, string? FigureWarnings, string? Explanation, bool IsLate);

public sealed record ProgressReportInput(
    int KeyProjectId, int Year, int Month, long InvestmentThisMonth, long InvestmentYearToDate, long InvestmentSinceStart,
    string? PhysicalProgress, string? NodesReached, string? ProblemsRaised, int Version = 0, string? Explanation = null);

public sealed record VersionInput(int Version);

/// <summary>
/// The monthly schedule through the API: the unit fills, submits and approves; the office
/// accepts or returns; accepted reports change only by corrections (see <see cref="ProgressWorkflow"/>).
/// </summary>
public static class ProgressReportsApi
{
    public static RouteGroupBuilder MapProgressReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/progress-reports").WithTags("Progress reports").RequireAuthorization(Policies.Business);

        group.MapGet("/", async (BlueprintDb db, int? year, int? month, int? projectId, int? unitId, SubmissionStatus? status,
            int? page, int? pageSize, CancellationToken ct) =>
        {
            var query = db.Set<ProgressReport>().AsNoTracking().Where(r => r.IsCurrent);
            query = year is null ? query : query.Where(r => r.Year == year);
            query = month is null ? query : query.Where(r => r.Month == month);
            query = projectId is null ? query : query.Where(r => r.KeyProjectId == projectId);
            query = unitId is null ? query : query.Where(r => r.UnitId == unitId);
            query = status is null ? query : query.Where(r => r.Status == status);
            return TypedResults.Ok(await query.OrderBy(r => r.KeyProjectId).ThenBy(r => r.Year).ThenBy(r => r.Month)
                .Select(AsDto).ToPageAsync(page, pageSize, ct));
        });

        group.MapGet("/{id:long}", async Task<Results<Ok<ProgressReportDto>, ProblemHttpResult>> (
            long id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<ProgressReport>().AsNoTracking().Where(r => r.Id == id).Select(AsDto).SingleOrDefaultAsync(ct) is { } dto
                ? TypedResults.Ok(dto)
                : Problems.NotFound(t));

        // Every version of one project-month, newest first: each submission (a returned one
        // with its reason) and each correction, with what changed since the version before.
        group.MapGet("/history", async (int projectId, int year, int month, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            TypedResults.Ok(await ProgressQueries.HistoryAsync(db, t, projectId, year, month, ct)));

        // The key-list projects that have not reported the month, within the user's scope.
        group.MapGet("/missing", async Task<Results<Ok<Page<MissingReportRow>>, ValidationProblem>> (
            int year, int month, int? unitId, int? page, int? pageSize, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t)
                .Require(year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
                .Require(month is >= 1 and <= 12, "month", "Field.InvalidMonth");
            return check.IsValid
                ? TypedResults.Ok(await ProgressQueries.Missing(db, year, month, unitId).ToPageAsync(page, pageSize, ct))
                : Problems.Invalid(check.Errors);
        });

        group.MapPost("/", async Task<Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> (
            ProgressReportInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ProgressWorkflow(db, t, clock).CreateAsync(input, ct)).ToCreated(ToDto, r => $"/api/progress-reports/{r.Id}", t))
            .RequireAuthorization(p => p.RequireRole(SubmissionKind.Progress.Fillers));

        group.MapPut("/{id:long}", async Task<Results<Ok<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> (
            long id, ProgressReportInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ProgressWorkflow(db, t, clock).UpdateAsync(id, input, ct)).ToResult(ToDto, t))
            .RequireAuthorization(p => p.RequireRole(SubmissionKind.Progress.Fillers));

        group.MapSubmissionSteps(SubmissionKind.Progress, (db, t, clock) => new ProgressWorkflow(db, t, clock), ToDto);

        // Many reports approved or accepted at once; 200 with one result per report, each judged on its own.
        group.MapPost("/{id:long}/corrections", async Task<Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> (
            long id, ProgressCorrectionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ProgressWorkflow(db, t, clock).CorrectAsync(id, input, ct)).ToCreated(ToDto, r => $"/api/progress-reports/{r.Id}", t))
            .RequireAuthorization(p => p.RequireRole(SubmissionKind.Progress.Fillers));

        return group;
    }

    internal static readonly System.Linq.Expressions.Expression<Func<ProgressReport, ProgressReportDto>> AsDto = r => new ProgressReportDto(
        r.Id, r.KeyProjectId, r.UnitId, r.Year, r.Month, r.InvestmentThisMonth, r.InvestmentYearToDate, r.InvestmentSinceStart,
        r.PhysicalProgress, r.NodesReached, r.ProblemsRaised, r.Status, r.SubmittedById, r.ApprovedById, r.IsCurrent, r.Version,
        r.AcceptedById, r.AcceptedAtUtc, r.ReviewComment, r.SupersedesId, r.CorrectionReason, r.RecordedAtUtc, r.FigureWarnings, r.Explanation, r.IsLate);

    internal static readonly Func<ProgressReport, ProgressReportDto> ToDto = AsDto.Compile();
}
