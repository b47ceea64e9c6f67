using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

public sealed record SupervisionItemDto(
    int Id, string CaseNumber, string Title, SupervisionSource Source, string? Basis, int UnitId, DateOnly Deadline,
    FeedbackCadence Cadence, SupervisionStatus Status, int Version);

public sealed record SupervisionItemInput(string Title, string? Basis, int UnitId, DateOnly Deadline, FeedbackCadence Cadence, int Version = 0);

public sealed record SupervisionFeedbackDto(int Id, int SupervisionItemId, int UnitId, int AuthorId, string Text, DateTime CreatedAtUtc);

public sealed record ExtensionRequestDto(int Id, int SupervisionItemId, int UnitId, DateOnly RequestedDeadline, string Reason, ExtensionStatus Status, int Version);

public static class SupervisionApi
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/supervision-items").WithTags("Supervision").RequireAuthorization();
        items.MapListAndGet<SupervisionItem, SupervisionItemDto>(i => i.Id, AsDto);

        items.MapPut("/{id:int}", async Task<Results<Ok<SupervisionItemDto>, ValidationProblem, ProblemHttpResult>> (
            int id, SupervisionItemInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var item = await db.Set<SupervisionItem>().SingleOrDefaultAsync(i => i.Id == id, ct);
            if (item is null)
            {
                return Problems.NotFound(t);
            }

            var check = new Validation(t).Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Length <= 300, "title", "Supervision.TitleRequired");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            db.ExpectVersion(item, input.Version);
            item.Title = input.Title.Trim();
            item.Basis = input.Basis;
            item.UnitId = input.UnitId;
            item.Deadline = input.Deadline;
            item.Cadence = input.Cadence;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToDto(item));
        });

        app.MapGroup("/api/supervision-feedback").WithTags("Supervision").RequireAuthorization()
            .MapListAndGet<SupervisionFeedback, SupervisionFeedbackDto>(f => f.Id, f => new SupervisionFeedbackDto(
                f.Id, f.SupervisionItemId, f.UnitId, f.AuthorId, f.Text, f.CreatedAtUtc));

        app.MapGroup("/api/extension-requests").WithTags("Supervision").RequireAuthorization()
            .MapListAndGet<ExtensionRequest, ExtensionRequestDto>(e => e.Id, e => new ExtensionRequestDto(
                e.Id, e.SupervisionItemId, e.UnitId, e.RequestedDeadline, e.Reason, e.Status, e.Version));
        return app;
    }

    internal static readonly System.Linq.Expressions.Expression<Func<SupervisionItem, SupervisionItemDto>> AsDto = i => new SupervisionItemDto(
        i.Id, i.CaseNumber, i.Title, i.Source, i.Basis, i.UnitId, i.Deadline, i.Cadence, i.Status, i.Version);

    private static readonly Func<SupervisionItem, SupervisionItemDto> ToDto = AsDto.Compile();
}
