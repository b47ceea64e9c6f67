using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Portal;

/// <summary>What the office can publish on the portal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum PublicKind
{
    Project = 0,
    Goal = 1,
    Milestone = 2,
}

public static class PortalApi
{
    /// <summary>Query-string parameters of the review list and its export.</summary>
    public sealed record PortalReviewListQuery(PortalReviewStatus? Status, PublicKind? Kind, string? Q, int? Page, int? PageSize)
    {
        public PortalReviewFilter Filter => new(Status, Kind, Q);
    }

    /// <summary>
    /// The public site's HTTP rules, and the offices' publishing with its confidentiality review
    /// (保密审查) under /api/portal: propose, decide, withdraw, and the review list with its export.
    /// Only the two offices pass the gate (the administrators and the units get 403); which office
    /// may propose a kind, and that nobody reviews their own proposal, is checked by <see cref="PortalReviews"/>.
    /// </summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UsePortalSite();

        // The public map and photos (issue 21): read only through PortalReader, published projects only.
        app.MapGet("/public/map.json", async Task<Results<Ok<Map.MapData>, NotFound>> (IServiceScopeFactory scopes, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await PortalReader.MapAsync(scopes, clock, t, ct) is { } data ? TypedResults.Ok(data) : TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/public/photos/{id:int}", async Task<Results<FileContentHttpResult, NotFound>> (int id, IServiceScopeFactory scopes, CancellationToken ct) =>
            await PortalReader.PhotoAsync(scopes, id, thumbnail: false, ct) is { } f ? TypedResults.File(f.Content, f.ContentType) : TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/public/photos/{id:int}/thumb", async Task<Results<FileContentHttpResult, NotFound>> (int id, IServiceScopeFactory scopes, CancellationToken ct) =>
            await PortalReader.PhotoAsync(scopes, id, thumbnail: true, ct) is { } f ? TypedResults.File(f.Content, f.ContentType) : TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
        var group = app.MapGroup("/api/portal").WithTags("Portal")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(PortalReviewFlow.Reviewers)));

        group.MapGet("/reviews", async (BlueprintDb db, [AsParameters] PortalReviewListQuery q, CancellationToken ct) =>
            TypedResults.Ok(await PortalReviewQueries.PageAsync(db, q.Filter, q.Page, q.PageSize, ct)));

        group.MapGet("/reviews/xlsx", async (BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, [AsParameters] PortalReviewListQuery q, CancellationToken ct) =>
        {
            var rows = await PortalReviewQueries.Query(db, q.Filter).ToListAsync(ct);
            var today = clock.GetUtcNow().AddHours(8);
            var sheet = new XlsxSheet(t["Nav.PortalReviews"], ExportColumns(t), rows.Select(r => ExportRow(r, t)))
            {
                Title = DownloadName.Title(t, "Download.PortalReviews", today),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.PortalReviews", ".xlsx", today));
        });

        group.MapGet("/reviews/{id:int}", async Task<Results<Ok<PortalReviewDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await PortalReviewQueries.DetailAsync(db, id, t, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));

        group.MapPost("/reviews", async Task<Results<Created<PortalReviewDto>, ValidationProblem, ProblemHttpResult>> (
            ProposePublishInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new PortalReviews(db, t, clock).ProposeAsync(input, ct);
            if (!outcome.Succeeded)
            {
                return outcome.ToCreated(_ => default(PortalReviewDto)!, _ => "", t);
            }

            var dto = (await PortalReviewQueries.DetailAsync(db, outcome.Value!.Id, t, ct))!;
            return TypedResults.Created($"/api/portal/reviews/{dto.Review.Id}", dto);
        });

        group.MapPost("/reviews/{id:int}/decision", async Task<Results<Ok<PortalReviewDto>, ValidationProblem, ProblemHttpResult>> (
            int id, PortalDecisionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new PortalReviews(db, t, clock).DecideAsync(id, input, ct);
            return outcome.Succeeded
                ? TypedResults.Ok((await PortalReviewQueries.DetailAsync(db, id, t, ct))!)
                : outcome.ToResult(_ => default(PortalReviewDto)!, t);
        });

        group.MapPost("/withdraw", async Task<Results<Ok<PublishedDto>, ValidationProblem, ProblemHttpResult>> (
            WithdrawInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new PortalReviews(db, t, clock).WithdrawAsync(input, ct)).ToResult(dto => dto, t));

        return app;
    }

    private static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["PortalReviews.Col.Kind"]), new(t["PortalReviews.Col.Record"]), new(t["PortalReviews.Col.Status"]), new(t["PortalReviews.Col.ProposedBy"]),
        new(t["PortalReviews.Col.ProposedAt"], XlsxKind.DateTime), new(t["PortalReviews.Col.Note"]), new(t["PortalReviews.Col.DecidedBy"]),
        new(t["PortalReviews.Col.DecidedAt"], XlsxKind.DateTime), new(t["PortalReviews.Col.Reason"]), new(t["PortalReviews.Col.WithdrawnBy"]),
        new(t["PortalReviews.Col.WithdrawnAt"], XlsxKind.DateTime),
    ];

    private static Dictionary<string, object?> ExportRow(PortalReviewRowDto r, IStringLocalizer<SharedResource> t) => new()
    {
        [t["PortalReviews.Col.Kind"]] = t[$"Portal.Kind.{r.Kind}"].Value,
        [t["PortalReviews.Col.Record"]] = r.Title,
        [t["PortalReviews.Col.Status"]] = t[$"PortalReviews.Status.{r.Status}"].Value,
        [t["PortalReviews.Col.ProposedBy"]] = r.ProposedBy,
        [t["PortalReviews.Col.ProposedAt"]] = CityTime.Of(r.ProposedAtUtc),
        [t["PortalReviews.Col.Note"]] = r.Note,
        [t["PortalReviews.Col.DecidedBy"]] = r.DecidedBy,
        [t["PortalReviews.Col.DecidedAt"]] = r.DecidedAtUtc is { } at ? CityTime.Of(at) : null,
        [t["PortalReviews.Col.Reason"]] = r.Reason,
        [t["PortalReviews.Col.WithdrawnBy"]] = r.WithdrawnBy,
        [t["PortalReviews.Col.WithdrawnAt"]] = r.WithdrawnAtUtc is { } w ? CityTime.Of(w) : null,
    };
}
