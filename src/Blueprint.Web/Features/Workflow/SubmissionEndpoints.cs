using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>A workflow whose records take the four steps of the approval path by id.</summary>
public interface ISubmissionWorkflow<T> where T : class, ISubmission
{
    /// <summary>Submit, approve, accept or return (with <paramref name="comment"/>) the current record <paramref name="id"/>.</summary>
    Task<StepOutcome<T>> StepAsync(long id, SubmissionAction action, int version, string? comment, CancellationToken ct);

    /// <summary>Approve or accept many records at once, each answering for itself.</summary>
    Task<StepOutcome<List<BatchResult>>> BatchAsync(BatchInput input, CancellationToken ct);
}

/// <summary>The four steps by name, for pages that call a workflow directly (one <see cref="ISubmissionWorkflow{T}.StepAsync"/> underneath).</summary>
public static class SubmissionWorkflowSteps
{
    public static Task<StepOutcome<T>> SubmitAsync<T>(this ISubmissionWorkflow<T> workflow, long id, int version, CancellationToken ct) where T : class, ISubmission =>
        workflow.StepAsync(id, SubmissionAction.Submit, version, null, ct);

    public static Task<StepOutcome<T>> ApproveAsync<T>(this ISubmissionWorkflow<T> workflow, long id, int version, CancellationToken ct) where T : class, ISubmission =>
        workflow.StepAsync(id, SubmissionAction.Approve, version, null, ct);

    public static Task<StepOutcome<T>> AcceptAsync<T>(this ISubmissionWorkflow<T> workflow, long id, int version, CancellationToken ct) where T : class, ISubmission =>
        workflow.StepAsync(id, SubmissionAction.Accept, version, null, ct);

    public static Task<StepOutcome<T>> ReturnAsync<T>(this ISubmissionWorkflow<T> workflow, long id, ReturnInput input, CancellationToken ct) where T : class, ISubmission =>
        workflow.StepAsync(id, SubmissionAction.Return, input.Version, input.Comment, ct);
}

/// <summary>The body of a return: the version the user saw and why it goes back.</summary>
public sealed record ReturnInput(int Version, string? Comment);

/// <summary>One record of a batch, with the version the user saw.</summary>
public sealed record BatchItem(long Id, int Version);

/// <summary>Approve or accept the listed records.</summary>
public sealed record BatchInput(SubmissionAction Action, List<BatchItem> Items);

/// <summary>What happened to one record of a batch: its new status, or why it was refused.</summary>
public sealed record BatchResult(long Id, bool Succeeded, SubmissionStatus? Status, string? Message);

/// <summary>
/// The step endpoints of a submission kind, mapped once for all kinds:
/// <c>POST {id}/submit|approve|accept|return</c> and <c>POST batch</c>. Each answers the record, 400 (a return without
/// a reason), 403 (not the role, or one's own submission), 404 (not in scope) or 409 (wrong
/// status, or someone else changed it first).
/// </summary>
public static class SubmissionEndpoints
{
    public static RouteGroupBuilder MapSubmissionSteps<T, TDto>(this RouteGroupBuilder group, SubmissionKind kind,
        Func<BlueprintDb, IStringLocalizer<SharedResource>, TimeProvider, ISubmissionWorkflow<T>> workflow, Func<T, TDto> map)
        where T : class, ISubmission
    {
        group.MapPost("/{id:long}/submit", async Task<Results<Ok<TDto>, ValidationProblem, ProblemHttpResult>> (
            long id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await workflow(db, t, clock).StepAsync(id, SubmissionAction.Submit, input.Version, null, ct)).ToResult(map, t))
            .RequireAuthorization(p => p.RequireRole(kind.Fillers));

        group.MapPost("/{id:long}/approve", async Task<Results<Ok<TDto>, ValidationProblem, ProblemHttpResult>> (
            long id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await workflow(db, t, clock).StepAsync(id, SubmissionAction.Approve, input.Version, null, ct)).ToResult(map, t))
            .RequireAuthorization(p => p.RequireRole(kind.Approvers));

        group.MapPost("/{id:long}/accept", async Task<Results<Ok<TDto>, ValidationProblem, ProblemHttpResult>> (
            long id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await workflow(db, t, clock).StepAsync(id, SubmissionAction.Accept, input.Version, null, ct)).ToResult(map, t))
            .RequireAuthorization(p => p.RequireRole(kind.Acceptors));

        group.MapPost("/{id:long}/return", async Task<Results<Ok<TDto>, ValidationProblem, ProblemHttpResult>> (
            long id, ReturnInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await workflow(db, t, clock).StepAsync(id, SubmissionAction.Return, input.Version, input.Comment, ct)).ToResult(map, t))
            .RequireAuthorization(p => p.RequireRole([.. kind.Approvers.Union(kind.Acceptors)]));

        // Many approvals or acceptances in one request, with a result per record (200 even when some are refused).
        group.MapPost("/batch", async Task<Results<Ok<List<BatchResult>>, ValidationProblem, ProblemHttpResult>> (
            BatchInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await workflow(db, t, clock).BatchAsync(input, ct)).ToResult(r => r, t))
            .RequireAuthorization(p => p.RequireRole([.. kind.Approvers.Union(kind.Acceptors)]));

        return group;
    }
}
