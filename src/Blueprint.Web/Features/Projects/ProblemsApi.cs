using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>A problem as lists and the detail page show it; <see cref="IsOverdue"/> is judged against today in China.</summary>
public sealed record ProblemDto(
    int Id, string Title, string? Description, ProblemKind Kind, int UnitId, string? UnitName, int? KeyProjectId, string? ProjectCode,
    string? ProjectName, string? CoordinatingLeader, DateOnly? Deadline, int EscalationLevel, ProblemStatus Status, string? Answer,
    DateTime CreatedAtUtc, DateTime? ClosedAtUtc, bool IsOverdue, int Version)
{
    public ProblemDto WithOverdue(DateOnly today) => this with { IsOverdue = ProblemList.IsOverdue(Status, Deadline, today) };
}

/// <summary>
/// Raising or editing a problem. Its status and answer are not here: a problem is closed only
/// through POST /api/problems/{id}/answer, whose rules (how it was resolved, or why it cannot be
/// solved now) and closing time must not be bypassed by an edit.
/// </summary>
public sealed record ProblemInput(
    string Title, string? Description, ProblemKind Kind, int UnitId, int? KeyProjectId, string? CoordinatingLeader,
    DateOnly? Deadline, int EscalationLevel, int Version = 0);

/// <summary>The responsible side's answer: resolved (and how), or cannot be solved now (and why).</summary>
public sealed record ProblemAnswerInput(ProblemStatus Status, string? Answer, int Version);

public static class ProblemsApi
{
    public static RouteGroupBuilder MapProblemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/problems").WithTags("Problems").RequireAuthorization(Policies.Business);

        group.MapGet("/", async (BlueprintDb db, TimeProvider clock, [AsParameters] ProblemListQuery q, CancellationToken ct) =>
        {
            var today = ProblemList.Today(clock);
            var page = await (await ProblemList.QueryAsync(db, q.Filter, today, ct)).Select(AsDto).ToPageAsync(q.Page, q.PageSize, ct);
            return TypedResults.Ok(page with { Items = [.. page.Items.Select(p => p.WithOverdue(today))] });
        });

        group.MapGet("/xlsx", async (BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, [AsParameters] ProblemListQuery q, CancellationToken ct) =>
        {
            var today = ProblemList.Today(clock);
            var rows = await ProblemList.ToDtosAsync(await ProblemList.QueryAsync(db, q.Filter, today, ct), today, ct);
            var sheet = new XlsxSheet(t["Problems.Title"], ProblemList.ExportColumns(t), ProblemList.ExportRows(rows, t))
            {
                Title = Xlsx.Filtered(DownloadName.Title(t, "Download.Problems", today),
                    q.UnitId is { } u ? await db.Set<Units.Unit>().Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
                    q.Kind is { } k ? t[$"Problems.Kind.{k}"].Value : null, q.Status is { } s ? t[$"Problems.Status.{s}"].Value : null,
                    q.Overdue == true ? t["Problems.Overdue"].Value : null, string.IsNullOrWhiteSpace(q.Q) ? null : $"“{q.Q.Trim()}”"),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.Problems", ".xlsx", today));
        });

        group.MapGet("/{id:int}", async Task<Results<Ok<ProblemDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await FindAsync(db, id, clock, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));

        group.MapPost("/", async Task<Results<Created<ProblemDto>, ValidationProblem>> (
            ProblemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var check = await ValidateAsync(input, db, t, ct);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var problem = new Problem { Title = input.Title.Trim(), CreatedAtUtc = clock.GetUtcNow().UtcDateTime, RaisedById = db.CurrentUser.UserId };
            Apply(problem, input);
            db.Add(problem);
            await new StepNotices(db, t, clock).SaveRaisedAsync(problem, ct);
            return TypedResults.Created($"/api/problems/{problem.Id}", (await FindAsync(db, problem.Id, clock, ct))!);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProblemEditors)));

        group.MapPut("/{id:int}", async Task<Results<Ok<ProblemDto>, ValidationProblem, ProblemHttpResult>> (
            int id, ProblemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var problem = await db.Set<Problem>().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (problem is null)
            {
                return Problems.NotFound(t);
            }

            var check = await ValidateAsync(input, db, t, ct);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            db.ExpectVersion(problem, input.Version);
            var handedOver = problem.UnitId != input.UnitId && problem.Status == ProblemStatus.Open;
            problem.Title = input.Title.Trim();
            Apply(problem, input);
            if (handedOver)
            {
                // Another unit must answer it now: it is told as if the problem were raised to it.
                await new StepNotices(db, t, clock).ProblemRaisedAsync(problem, ct);
            }

            await db.SaveChangesAsync(ct);
            return TypedResults.Ok((await FindAsync(db, id, clock, ct))!);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProblemEditors)));

        group.MapPost("/{id:int}/answer", async Task<Results<Ok<ProblemDto>, ValidationProblem, ProblemHttpResult>> (
            int id, ProblemAnswerInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var problem = await db.Set<Problem>().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (problem is null)
            {
                return Problems.NotFound(t);
            }

            var check = ValidateAnswer(input, t);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            Answer(db, t, problem, input, clock);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok((await FindAsync(db, id, clock, ct))!);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProblemEditors)));
        return group;
    }

    /// <summary>Query-string parameters of the list and its export.</summary>
    public sealed record ProblemListQuery(ProblemKind? Kind, ProblemStatus? Status, int? UnitId, bool? Overdue, string? Q, string? Leader, int? Page, int? PageSize, DateOnly? AsOf = null)
    {
        public ProblemFilter Filter => new(Kind, Status, UnitId, Overdue, Q, Leader, AsOf);
    }

    public static async Task<ProblemDto?> FindAsync(BlueprintDb db, int id, TimeProvider clock, CancellationToken ct) =>
        (await db.Set<Problem>().AsNoTracking().Where(p => p.Id == id).Select(AsDto).SingleOrDefaultAsync(ct))?.WithOverdue(ProblemList.Today(clock));

    /// <summary>An answer closes the problem either way, and always says how or why.</summary>
    public static Validation ValidateAnswer(ProblemAnswerInput input, IStringLocalizer<SharedResource> t) =>
        new Validation(t)
            .Require(input.Status is ProblemStatus.Resolved or ProblemStatus.CannotSolveNow, "status", "Problems.AnswerChoice")
            .Require(input.Status != ProblemStatus.CannotSolveNow || !string.IsNullOrWhiteSpace(input.Answer), "answer", "Problem.ExplainCannotSolve")
            .Require(input.Status != ProblemStatus.Resolved || !string.IsNullOrWhiteSpace(input.Answer), "answer", "Problems.DescribeResolution")
            .Require((input.Answer?.Length ?? 0) <= 4000, "answer", "Problems.AnswerTooLong");

    /// <summary>Records a validated answer on a tracked problem and tells who raised it; the caller saves both at once.</summary>
    public static void Answer(BlueprintDb db, IStringLocalizer<SharedResource> t, Problem problem, ProblemAnswerInput input, TimeProvider clock)
    {
        db.ExpectVersion(problem, input.Version);
        problem.Status = input.Status;
        problem.Answer = input.Answer!.Trim();
        problem.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
        new StepNotices(db, t, clock).ProblemAnswered(problem);
    }

    /// <summary>The rules of a new or edited problem; the report reader raises problems with them too.</summary>
    internal static Validation Validate(ProblemInput input, IStringLocalizer<SharedResource> t) =>
        new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Length <= 300, "title", "Problem.TitleRequired")
            .Require((input.Description?.Length ?? 0) <= Problem.MaxDescription, "description", "Field.TooLong", Problem.MaxDescription)
            .Require((input.CoordinatingLeader?.Length ?? 0) <= Problem.MaxCoordinatingLeader, "coordinatingLeader", "Field.TooLong", Problem.MaxCoordinatingLeader)
            .Require(input.EscalationLevel is >= 0 and <= 5, "escalationLevel", "Field.InvalidChoice");

    /// <summary>
    /// The same rules, and the project it names must be in the library: any unit's (the
    /// responsible unit need not own the project), never a proposal (decision 0018).
    /// </summary>
    internal static async Task<Validation> ValidateAsync(ProblemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var check = Validate(input, t);
        check.Require(input.KeyProjectId is not { } id || await db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(p => p.Id == id, ct),
            "keyProjectId", "Problem.ProjectUnknown");
        // Any unit may be named (a problem is handed to the unit that must answer it); one that
        // does not exist, or none at all (0), is the client's mistake and not a foreign-key error.
        check.Require(await db.Set<Units.Unit>().AnyAsync(u => u.Id == input.UnitId, ct),
            "unitId", "Problem.UnitUnknown");
        return check;
    }

    internal static void Apply(Problem p, ProblemInput input)
    {
        p.Description = input.Description;
        p.Kind = input.Kind;
        p.UnitId = input.UnitId;
        p.KeyProjectId = input.KeyProjectId;
        p.CoordinatingLeader = input.CoordinatingLeader;
        p.Deadline = input.Deadline;
        p.EscalationLevel = input.EscalationLevel;
    }

    /// <summary>The row as stored; <see cref="ProblemDto.IsOverdue"/> is set afterwards against today.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Problem, ProblemDto>> AsDto = p => new ProblemDto(
        p.Id, p.Title, p.Description, p.Kind, p.UnitId, p.Unit != null ? p.Unit.Name : null, p.KeyProjectId,
        p.KeyProject != null ? p.KeyProject.Code : null, p.KeyProject != null ? p.KeyProject.Name : null, p.CoordinatingLeader,
        p.Deadline, p.EscalationLevel, p.Status, p.Answer, p.CreatedAtUtc, p.ClosedAtUtc, false, p.Version);
}
