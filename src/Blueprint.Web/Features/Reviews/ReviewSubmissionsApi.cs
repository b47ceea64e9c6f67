using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reviews;

/// <summary>A section saved: the submission's new version, for the next autosave.</summary>
public sealed record ReviewSavedDto(int Id, int Version, SubmissionStatus Status, DateTime? UpdatedAtUtc);

/// <summary>
/// One unit's submission and the thread that starts in it. Every step goes through
/// <see cref="ReviewWorkflow"/> or <see cref="ReviewThread"/>, the same code the pages call, and
/// every read through the scope filter.
/// </summary>
public static class ReviewSubmissionsApi
{
    public static void MapReviewSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var submissions = app.MapGroup("/api/review-submissions").WithTags("Reviews").RequireAuthorization(Policies.Business);
        submissions.MapListAndGet<ReviewSubmission, ReviewSubmissionDto>(s => s.Id, s => new ReviewSubmissionDto(
            s.Id, s.ReviewCampaignId, s.UnitId, s.Status, s.SubmittedAtUtc, s.Version));
        submissions.MapGet("/{id:int}/detail", async Task<Results<Ok<ReviewSubmissionDetail>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReviewQueries.SubmissionAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));

        // Autosave posts one section; the page's save posts them all. Both answer with the new version.
        // Every version of the submission, newest first: each submission (a returned one with
        // its reason), with the sections that changed since the version before.
        submissions.MapGet("/{id:int}/history", async Task<Results<Ok<List<SubmissionVersionDto>>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReviewQueries.HistoryAsync(db, id, ct) is { } versions ? TypedResults.Ok(versions) : Problems.NotFound(t));
        submissions.MapPut("/{id:int}/sections/{key}", async (int id, string key, ReviewSectionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).SaveSectionAsync(id, key, input, ct)).ToResult(Saved, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Writers)));
        submissions.MapPut("/{id:int}/sections", async (int id, ReviewSectionsInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).SaveAsync(id, input, ct)).ToResult(Saved, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Writers)));
        submissions.MapPost("/{id:int}/submit", async (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).SubmitAsync(id, input.Version, ct)).ToResult(Saved, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Writers)));
        submissions.MapPost("/{id:int}/approve", async (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).ApproveAsync(id, input.Version, ct)).ToResult(Saved, t))
            .RequireAuthorization(p => p.RequireRole(Roles.UnitLeader));
        submissions.MapPost("/{id:int}/accept", async (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).AcceptAsync(id, input.Version, ct)).ToResult(Saved, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));
        submissions.MapPost("/{id:int}/return", async (int id, ReviewReturnInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).ReturnAsync(id, input, ct)).ToResult(Saved, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Returners)));
        submissions.MapPost("/{id:int}/comments", async (int id, ReviewCommentInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewWorkflow(db, t, clock).CommentAsync(id, input, ct)).ToCreated(AsDto, c => $"/api/review-comments/{c.Id}", t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.CommentersWithUnitLeaders)));

        submissions.MapGet("/{id:int}/items", async (int id, BlueprintDb db, CancellationToken ct) =>
            TypedResults.Ok(await ReviewOutcomes.ForSubmissionAsync(db, id, ct)));
        submissions.MapPost("/{id:int}/items", async (int id, ReviewItemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewThread(db, t, clock).MarkAsync(id, input, ct)).ToCreated(ReviewOutcomes.AsDto, i => $"/api/review-items/{i.Id}", t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Markers)));

        // Last year's items of this submission's unit, with what became of them.
        submissions.MapGet("/{id:int}/previous-outcomes", async Task<Results<Ok<List<ReviewItemDto>>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<ReviewSubmission>().AsNoTracking().Where(s => s.Id == id).Select(s => new { s.UnitId, s.Campaign!.Year }).SingleOrDefaultAsync(ct) is { } s
                ? TypedResults.Ok(await ReviewOutcomes.PreviousYearAsync(db, s.UnitId, s.Year, ct))
                : Problems.NotFound(t));

        app.MapGroup("/api/review-comments").WithTags("Reviews").RequireAuthorization(Policies.Business)
            .MapListAndGet<ReviewComment, ReviewCommentDto>(c => c.Id, c => new ReviewCommentDto(
                c.Id, c.ReviewSubmissionId, c.UnitId, c.AuthorId, c.SectionKey, c.Text, c.CreatedAtUtc));

        var items = app.MapGroup("/api/review-items").WithTags("Reviews").RequireAuthorization(Policies.Business);
        items.MapGet("/", async (BlueprintDb db, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<ReviewItem>().AsNoTracking().OrderByDescending(i => i.Id).Select(i => new ReviewItemDto(
                i.Id, i.ReviewSubmissionId, i.UnitId, i.Kind, i.SectionKey, i.Text, i.Target,
                i.GoalId ?? i.IndicatorId ?? i.SupervisionItemId ?? i.ProblemId, i.CreatedAtUtc, i.Version, null)).ToPageAsync(page, pageSize, ct)));
        items.MapGet("/{id:int}", async Task<Results<Ok<ReviewItemDto>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var submissionId = await db.Set<ReviewItem>().Where(i => i.Id == id).Select(i => (int?)i.ReviewSubmissionId).SingleOrDefaultAsync(ct);
            return submissionId is { } s && (await ReviewOutcomes.ForSubmissionAsync(db, s, ct)).SingleOrDefault(i => i.Id == id) is { } dto
                ? TypedResults.Ok(dto)
                : Problems.NotFound(t);
        });
        items.MapPost("/{id:int}/convert", async (int id, ReviewConvertInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewThread(db, t, clock).ConvertAsync(id, input, ct)).ToResult(ReviewOutcomes.AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Converters)));
        items.MapDelete("/{id:int}", async (int id, int version, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewThread(db, t, clock).DeleteAsync(id, version, ct)).ToResult(ReviewOutcomes.AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Markers)));

        // The target's side of the link: which review item a goal, indicator, supervision item or problem came from.
        items.MapGet("/origin/{target}/{targetId:int}", async Task<Results<Ok<ReviewOrigin>, ProblemHttpResult>> (
            ReviewItemTarget target, int targetId, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReviewOutcomes.OriginAsync(db, target, targetId, ct) is { } origin ? TypedResults.Ok(origin) : Problems.NotFound(t));
    }

    private static ReviewSavedDto Saved(ReviewSubmission s) => new(s.Id, s.Version, s.Status, s.UpdatedAtUtc);

    private static ReviewCommentDto AsDto(ReviewComment c) => new(c.Id, c.ReviewSubmissionId, c.UnitId, c.AuthorId, c.SectionKey, c.Text, c.CreatedAtUtc);
}
