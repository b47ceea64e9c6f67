using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Web.Features.Reviews;

public sealed record ReviewSubmissionDto(int Id, int ReviewCampaignId, int UnitId, SubmissionStatus Status, DateTime? SubmittedAtUtc, int Version);

public sealed record ReviewCommentDto(int Id, int ReviewSubmissionId, int UnitId, int AuthorId, string? SectionKey, string Text, DateTime CreatedAtUtc);

public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/review-submissions").WithTags("Reviews").RequireAuthorization()
            .MapListAndGet<ReviewSubmission, ReviewSubmissionDto>(s => s.Id, s => new ReviewSubmissionDto(
                s.Id, s.ReviewCampaignId, s.UnitId, s.Status, s.SubmittedAtUtc, s.Version));

        app.MapGroup("/api/review-comments").WithTags("Reviews").RequireAuthorization()
            .MapListAndGet<ReviewComment, ReviewCommentDto>(c => c.Id, c => new ReviewCommentDto(
                c.Id, c.ReviewSubmissionId, c.UnitId, c.AuthorId, c.SectionKey, c.Text, c.CreatedAtUtc));
        return app;
    }
}
