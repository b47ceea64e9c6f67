using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reviews;

public sealed record ReviewSubmissionDto(int Id, int ReviewCampaignId, int UnitId, SubmissionStatus Status, DateTime? SubmittedAtUtc, int Version);

public sealed record ReviewCommentDto(int Id, int ReviewSubmissionId, int UnitId, int AuthorId, string? SectionKey, string Text, DateTime CreatedAtUtc);

/// <summary>
/// Templates, campaigns and the dossier. Reading is open to every signed-in user within their
/// scope (a unit sees the campaigns it takes part in and its own submission); the office steps
/// check their roles in <see cref="ReviewCampaigns"/>, the same code the pages call.
/// </summary>
public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/review-templates").WithTags("Reviews").RequireAuthorization(Policies.Business);
        templates.MapGet("/", async (BlueprintDb db, CancellationToken ct) => TypedResults.Ok(await ReviewQueries.TemplatesAsync(db, ct)));
        templates.MapGet("/{id:int}", async Task<Results<Ok<ReviewTemplateDto>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReviewQueries.TemplateAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));
        templates.MapPost("/", async (TemplateInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewCampaigns(db, t, clock).SaveTemplateAsync(null, input, ct)).ToCreated(ReviewQueries.AsDto, x => $"/api/review-templates/{x.Id}", t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));
        templates.MapPut("/{id:int}", async (int id, TemplateInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewCampaigns(db, t, clock).SaveTemplateAsync(id, input, ct)).ToResult(ReviewQueries.AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));
        templates.MapDelete("/{id:int}", async (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewCampaigns(db, t, clock).DeleteTemplateAsync(id, ct)).ToResult(x => x.Id, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));

        var campaigns = app.MapGroup("/api/review-campaigns").WithTags("Reviews").RequireAuthorization(Policies.Business);
        campaigns.MapGet("/", async (BlueprintDb db, int? year, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await ReviewQueries.Campaigns(db, year).Select(c => new ReviewCampaignDto(
                c.Id, c.Year, c.Title, c.ReviewTemplateId, c.MeetingDate, c.Deadline, c.Status, c.Version, null)).ToPageAsync(page, pageSize, ct)));
        campaigns.MapGet("/{id:int}", async Task<Results<Ok<ReviewCampaignDto>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ReviewQueries.CampaignAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));
        campaigns.MapPost("/", async (CampaignInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewCampaigns(db, t, clock).OpenAsync(input, ct)).ToCreated(ReviewQueries.AsDto, x => $"/api/review-campaigns/{x.Id}", t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));
        campaigns.MapPost("/{id:int}/close", async (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewCampaigns(db, t, clock).SetStatusAsync(id, CampaignStatus.Closed, input.Version, ct)).ToResult(ReviewQueries.AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));
        campaigns.MapPost("/{id:int}/reopen", async (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new ReviewCampaigns(db, t, clock).SetStatusAsync(id, CampaignStatus.Open, input.Version, ct)).ToResult(ReviewQueries.AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(ReviewRoles.Reviewers)));
        campaigns.MapGet("/{id:int}/dossier.docx", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var campaign = await ReviewQueries.Campaigns(db, null).SingleOrDefaultAsync(c => c.Id == id, ct);
            if (campaign is null)
            {
                return Problems.NotFound(t);
            }

            var units = await ReviewQueries.DossierAsync(db, id, ct);
            var bytes = ReviewDossier.Write(campaign, units, ProblemList.Today(clock), t);
            return TypedResults.File(bytes, ReviewDossier.ContentType, DownloadName.Of(t, "Download.Dossier", ".docx", campaign.Title));
        });

        app.MapReviewSubmissionsApi();
        return app;
    }
}
