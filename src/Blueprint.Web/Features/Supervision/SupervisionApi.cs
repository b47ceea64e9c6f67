using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// Supervision items under /api/supervision-items: list, export, detail, register, edit, the
/// flow's actions and the batch close, attachments, the Excel import and the 督查通报. Same rules as the pages: both
/// call <see cref="SupervisionItemForm"/>, <see cref="SupervisionActions"/> and <see cref="SupervisionQueries"/>.
/// </summary>
public static class SupervisionApi
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/supervision-items").WithTags("Supervision").RequireAuthorization(Policies.Business);

        items.MapGet("/", async (BlueprintDb db, [AsParameters] SupervisionListQuery q, CancellationToken ct) =>
            TypedResults.Ok(await (await SupervisionQueries.QueryAsync(db, q.Filter, ct)).Select(SupervisionQueries.AsDto).ToPageAsync(q.Page, q.PageSize, ct)));

        items.MapGet("/xlsx", async (BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, [AsParameters] SupervisionListQuery q, CancellationToken ct) =>
        {
            var rows = await (await SupervisionQueries.QueryAsync(db, q.Filter, ct)).Select(SupervisionQueries.AsDto).ToListAsync(ct);
            var today = clock.GetUtcNow().AddHours(8);
            var sheet = new XlsxSheet(t["Supervision.Title"], SupervisionQueries.ExportColumns(t), SupervisionQueries.ExportRows(rows, t))
            {
                Title = Xlsx.Filtered(DownloadName.Title(t, "Download.Supervision", today),
                    q.UnitId is { } u ? await db.Set<Units.Unit>().Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
                    q.Source is { } source ? t[$"Supervision.Source.{source}"].Value : null, q.Status is { } s ? t[$"Supervision.Status.{s}"].Value : null,
                    q.Light is { } l ? t[$"Supervision.Light.{l}"].Value : null, string.IsNullOrWhiteSpace(q.Q) ? null : $"“{q.Q.Trim()}”"),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.Supervision", ".xlsx", today));
        });

        items.MapGet("/{id:int}", async Task<Results<Ok<SupervisionDetailDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await SupervisionQueries.DetailAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));

        items.MapPost("/", async Task<Results<Created<SupervisionDetailDto>, ValidationProblem, ProblemHttpResult>> (
            SupervisionItemInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = await SupervisionItemForm.ValidateAsync(db, input, null, t, ct);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var item = await SupervisionItemForm.CreateAsync(db, input, clock.GetUtcNow().UtcDateTime, t, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                // Two registrations took the same case number at once (the unique index refused one).
                return Problems.Conflict(t, "Supervision.CaseNumberRace");
            }

            return TypedResults.Created($"/api/supervision-items/{item.Id}", (await SupervisionQueries.DetailAsync(db, item.Id, ct))!);
        }).RequireAuthorization(p => p.RequireRole(Roles.SupervisionOffice, Roles.ProjectOffice));

        items.MapPut("/{id:int}", async Task<Results<Ok<SupervisionDetailDto>, ValidationProblem, ProblemHttpResult>> (
            int id, SupervisionItemInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            // Not found before forbidden: an item outside the user's scope does not exist for them.
            var item = await SupervisionAccess.FindAsync(db, id, ct);
            if (item is null)
            {
                return Problems.NotFound(t);
            }

            var (actor, _) = await SupervisionAccess.ActorAsync(db, item, ct);
            if (!SupervisionFlow.CanEdit(item.Status, actor))
            {
                return actor == SupervisionActor.Office ? Problems.Conflict(t, "Supervision.NotNow") : Problems.Forbidden(t, "Supervision.NotYourAction");
            }

            var check = await SupervisionItemForm.ValidateAsync(db, input, id, t, ct);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            await SupervisionItemForm.EditAsync(db, item, input, clock.GetUtcNow().UtcDateTime, t, ct);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok((await SupervisionQueries.DetailAsync(db, id, ct))!);
        }).RequireAuthorization(p => p.RequireRole(Roles.SupervisionOffice, Roles.ProjectOffice));

        items.MapPost("/{id:int}/actions", async Task<Results<Ok<SupervisionDetailDto>, ValidationProblem, ProblemHttpResult>> (
            int id, SupervisionActionInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var refusal = await SupervisionActions.RunAsync(db, id, input, clock, t, ct);
            return refusal switch
            {
                { Errors: { } errors } => Problems.Invalid(errors),
                { Problem: { } problem } => problem,
                _ => TypedResults.Ok((await SupervisionQueries.DetailAsync(db, id, ct))!),
            };
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(SupervisionAccess.Actors)));

        // 批量办结: many items at once, each closed or refused on its own (200 even when some are refused).
        // Only the offices close an item, so only they reach the batch.
        items.MapPost("/batch-close", async Task<Results<Ok<List<SupervisionBatchResult>>, ValidationProblem, ProblemHttpResult>> (
            SupervisionBatchCloseInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await SupervisionBatchClose.RunAsync(db, input, clock, t, ct)).ToResult(r => r, t))
            .RequireAuthorization(p => p.RequireRole(Roles.SupervisionOffice, Roles.ProjectOffice));

        items.MapSupervisionAttachments();
        items.MapSupervisionImport();
        items.MapSupervisionBulletin();

        app.MapGroup("/api/supervision-feedback").WithTags("Supervision").RequireAuthorization(Policies.Business)
            .MapListAndGet<SupervisionFeedback, SupervisionFeedbackDto>(f => f.Id, f => new SupervisionFeedbackDto(
                f.Id, f.SupervisionItemId, f.UnitId, null, f.AuthorId, null, f.Text, f.CreatedAtUtc));

        app.MapGroup("/api/extension-requests").WithTags("Supervision").RequireAuthorization(Policies.Business)
            .MapListAndGet<ExtensionRequest, ExtensionRequestDto>(e => e.Id, SupervisionQueries.AsExtensionDto);
        // An inbox link made before the item had its id: the case number finds it (in scope only).
        app.MapGet("/supervision/case/{caseNumber}", async Task<Results<RedirectHttpResult, NotFound>> (string caseNumber, BlueprintDb db, CancellationToken ct) =>
            await db.Set<SupervisionItem>().Where(i => i.CaseNumber == caseNumber).Select(i => (int?)i.Id).SingleOrDefaultAsync(ct) is { } id
                ? TypedResults.Redirect($"/supervision/{id}")
                : TypedResults.NotFound()).RequireAuthorization(Policies.Business).ExcludeFromDescription();
        return app;
    }

    /// <summary>Query-string parameters of the list and its export.</summary>
    public sealed record SupervisionListQuery(
        SupervisionStatus? Status, StatusLight? Light, SupervisionSource? Source, int? UnitId, DateOnly? DeadlineFrom, DateOnly? DeadlineTo,
        string? Q, bool? Cooperating, int? Page, int? PageSize, DateOnly? OverdueOn = null)
    {
        public SupervisionFilter Filter => new(Status, Light, Source, UnitId, DeadlineFrom, DeadlineTo, Q, Cooperating == true, OverdueOn);
    }
}
