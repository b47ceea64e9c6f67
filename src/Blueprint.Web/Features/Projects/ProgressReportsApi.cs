using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

public sealed record ProgressReportDto(
    long Id, int KeyProjectId, int UnitId, int Year, int Month, long InvestmentThisMonth, long InvestmentYearToDate,
    long InvestmentSinceStart, string? PhysicalProgress, string? NodesReached, string? ProblemsRaised,
    SubmissionStatus Status, int? SubmittedById, int? ApprovedById, bool IsCurrent, int Version);

public sealed record ProgressReportInput(
    int KeyProjectId, int Year, int Month, long InvestmentThisMonth, long InvestmentYearToDate, long InvestmentSinceStart,
    string? PhysicalProgress, string? NodesReached, string? ProblemsRaised, int Version = 0);

public sealed record VersionInput(int Version);

/// <summary>
/// The foundation of the monthly schedule: a unit fills a draft, submits it, and its leader
/// approves it. The office's acceptance, the reporting window and corrections are built on this
/// by the key-projects feature.
/// </summary>
public static class ProgressReportsApi
{
    public static RouteGroupBuilder MapProgressReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/progress-reports").WithTags("Progress reports").RequireAuthorization();

        group.MapGet("/", async (BlueprintDb db, int? year, int? month, int? projectId, int? page, int? pageSize, CancellationToken ct) =>
        {
            var query = db.Set<ProgressReport>().AsNoTracking().Where(r => r.IsCurrent);
            query = year is null ? query : query.Where(r => r.Year == year);
            query = month is null ? query : query.Where(r => r.Month == month);
            query = projectId is null ? query : query.Where(r => r.KeyProjectId == projectId);
            return TypedResults.Ok(await query.OrderBy(r => r.KeyProjectId).ThenBy(r => r.Year).ThenBy(r => r.Month)
                .Select(AsDto).ToPageAsync(page, pageSize, ct));
        });

        group.MapGet("/{id:long}", async Task<Results<Ok<ProgressReportDto>, ProblemHttpResult>> (
            long id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<ProgressReport>().AsNoTracking().Where(r => r.Id == id).Select(AsDto).SingleOrDefaultAsync(ct) is { } dto
                ? TypedResults.Ok(dto)
                : Problems.NotFound(t));

        group.MapPost("/", async Task<Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> (
            ProgressReportInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            // The project is read through the scope filter: another unit's project is "not found".
            var project = await db.Set<KeyProject>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == input.KeyProjectId, ct);
            if (project is null)
            {
                return Problems.NotFound(t);
            }

            var check = Validate(input, t);
            check.Require(!await db.Set<ProgressReport>().AnyAsync(r => r.KeyProjectId == input.KeyProjectId && r.Year == input.Year && r.Month == input.Month && r.IsCurrent, ct),
                "month", "Progress.AlreadyReported");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var report = new ProgressReport { KeyProjectId = project.Id, UnitId = project.UnitId, Year = input.Year, Month = input.Month, RecordedAtUtc = clock.GetUtcNow().UtcDateTime };
            Apply(report, input);
            db.Add(report);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/progress-reports/{report.Id}", ToDto(report));
        });

        group.MapPut("/{id:long}", async Task<Results<Ok<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> (
            long id, ProgressReportInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var report = await db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Id == id && r.IsCurrent, ct);
            if (report is null)
            {
                return Problems.NotFound(t);
            }

            if (report.Status is not (SubmissionStatus.Draft or SubmissionStatus.Returned))
            {
                return Problems.Conflict(t, "Progress.NotEditable");
            }

            var check = Validate(input, t);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            db.ExpectVersion(report, input.Version);
            Apply(report, input);
            report.RecordedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToDto(report));
        });

        group.MapPost("/{id:long}/submit", async Task<Results<Ok<ProgressReportDto>, ProblemHttpResult>> (
            long id, VersionInput input, BlueprintDb db, CurrentUser user, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var report = await db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Id == id && r.IsCurrent, ct);
            if (report is null)
            {
                return Problems.NotFound(t);
            }

            if (report.Status is not (SubmissionStatus.Draft or SubmissionStatus.Returned))
            {
                return Problems.Conflict(t, "Progress.NotEditable");
            }

            db.ExpectVersion(report, input.Version);
            report.Status = SubmissionStatus.Submitted;
            report.SubmittedById = user.UserId;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToDto(report));
        });

        group.MapPost("/{id:long}/approve", async Task<Results<Ok<ProgressReportDto>, ProblemHttpResult>> (
            long id, VersionInput input, BlueprintDb db, CurrentUser user, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var report = await db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Id == id && r.IsCurrent, ct);
            if (report is null)
            {
                return Problems.NotFound(t);
            }

            if (!Approval.CanApprove(report.SubmittedById, user.UserId))
            {
                return Problems.Forbidden(t, "Error.OwnApproval");
            }

            if (report.Status != SubmissionStatus.Submitted)
            {
                return Problems.Conflict(t, "Progress.NotSubmitted");
            }

            db.ExpectVersion(report, input.Version);
            report.Status = SubmissionStatus.Approved;
            report.ApprovedById = user.UserId;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToDto(report));
        }).RequireAuthorization(p => p.RequireRole(Roles.UnitLeader, Roles.ProjectOffice));

        return group;
    }

    private static Validation Validate(ProgressReportInput input, IStringLocalizer<SharedResource> t) =>
        new Validation(t)
            .Require(input.Year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(input.Month is >= 1 and <= 12, "month", "Field.InvalidMonth")
            .Require(input.InvestmentThisMonth >= 0, "investmentThisMonth", "Progress.NotNegative")
            .Require(input.InvestmentYearToDate >= input.InvestmentThisMonth, "investmentYearToDate", "Progress.YearToDateBelowMonth")
            .Require(input.InvestmentSinceStart >= input.InvestmentYearToDate, "investmentSinceStart", "Progress.SinceStartBelowYear");

    private static void Apply(ProgressReport r, ProgressReportInput input)
    {
        r.InvestmentThisMonth = input.InvestmentThisMonth;
        r.InvestmentYearToDate = input.InvestmentYearToDate;
        r.InvestmentSinceStart = input.InvestmentSinceStart;
        r.PhysicalProgress = input.PhysicalProgress;
        r.NodesReached = input.NodesReached;
        r.ProblemsRaised = input.ProblemsRaised;
    }

    internal static readonly System.Linq.Expressions.Expression<Func<ProgressReport, ProgressReportDto>> AsDto = r => new ProgressReportDto(
        r.Id, r.KeyProjectId, r.UnitId, r.Year, r.Month, r.InvestmentThisMonth, r.InvestmentYearToDate, r.InvestmentSinceStart,
        r.PhysicalProgress, r.NodesReached, r.ProblemsRaised, r.Status, r.SubmittedById, r.ApprovedById, r.IsCurrent, r.Version);

    private static readonly Func<ProgressReport, ProgressReportDto> ToDto = AsDto.Compile();
}
