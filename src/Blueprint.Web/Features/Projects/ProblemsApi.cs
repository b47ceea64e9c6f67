using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

public sealed record ProblemDto(
    int Id, string Title, string? Description, ProblemKind Kind, int UnitId, int? KeyProjectId, string? CoordinatingLeader,
    DateOnly? Deadline, int EscalationLevel, ProblemStatus Status, string? Answer, int Version);

public sealed record ProblemInput(
    string Title, string? Description, ProblemKind Kind, int UnitId, int? KeyProjectId, string? CoordinatingLeader,
    DateOnly? Deadline, int EscalationLevel, ProblemStatus Status, string? Answer, int Version = 0);

public static class ProblemsApi
{
    public static RouteGroupBuilder MapProblemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/problems").WithTags("Problems").RequireAuthorization();
        group.MapListAndGet<Problem, ProblemDto>(p => p.Id, AsDto);

        group.MapPost("/", async Task<Results<Created<ProblemDto>, ValidationProblem>> (
            ProblemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var check = Validate(input, t);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var problem = new Problem { Title = input.Title.Trim(), CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            Apply(problem, input);
            db.Add(problem);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/problems/{problem.Id}", ToDto(problem));
        });

        group.MapPut("/{id:int}", async Task<Results<Ok<ProblemDto>, ValidationProblem, ProblemHttpResult>> (
            int id, ProblemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var problem = await db.Set<Problem>().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (problem is null)
            {
                return Problems.NotFound(t);
            }

            var check = Validate(input, t);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            db.ExpectVersion(problem, input.Version);
            problem.Title = input.Title.Trim();
            Apply(problem, input);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToDto(problem));
        });
        return group;
    }

    private static Validation Validate(ProblemInput input, IStringLocalizer<SharedResource> t) =>
        new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Length <= 300, "title", "Problem.TitleRequired")
            .Require(input.Status != ProblemStatus.CannotSolveNow || !string.IsNullOrWhiteSpace(input.Answer), "answer", "Problem.ExplainCannotSolve")
            .Require(input.EscalationLevel is >= 0 and <= 5, "escalationLevel", "Field.InvalidChoice");

    private static void Apply(Problem p, ProblemInput input)
    {
        p.Description = input.Description;
        p.Kind = input.Kind;
        p.UnitId = input.UnitId;
        p.KeyProjectId = input.KeyProjectId;
        p.CoordinatingLeader = input.CoordinatingLeader;
        p.Deadline = input.Deadline;
        p.EscalationLevel = input.EscalationLevel;
        p.Status = input.Status;
        p.Answer = input.Answer;
    }

    internal static readonly System.Linq.Expressions.Expression<Func<Problem, ProblemDto>> AsDto = p => new ProblemDto(
        p.Id, p.Title, p.Description, p.Kind, p.UnitId, p.KeyProjectId, p.CoordinatingLeader, p.Deadline,
        p.EscalationLevel, p.Status, p.Answer, p.Version);

    private static readonly Func<Problem, ProblemDto> ToDto = AsDto.Compile();
}
