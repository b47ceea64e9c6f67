using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects.Proposals;

/// <summary>
/// Project proposals under /api/project-proposals: the list (the office's waiting list, a unit's
/// own proposals), its export, one proposal, proposing, editing a returned one, and the flow's
/// actions. The pages call the same <see cref="ProjectProposals"/> and <see cref="ProposalQueries"/>.
/// </summary>
public static class ProjectProposalsApi
{
    /// <summary>Query-string parameters of the list and its export.</summary>
    public sealed record ProposalListQuery(LibraryStatus? Status, int? UnitId, ProjectCategory? Category, string? Q, int? Page, int? PageSize)
    {
        public ProposalFilter Filter => new(Status, UnitId, Category, Q);
    }

    public static IEndpointRouteBuilder MapProjectProposalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/project-proposals").WithTags("Proposals")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProposalReaders)));

        group.MapGet("/", async (BlueprintDb db, [AsParameters] ProposalListQuery q, CancellationToken ct) =>
            TypedResults.Ok(await ProposalQueries.PageAsync(db, q.Filter, q.Page, q.PageSize, ct)));

        group.MapGet("/xlsx", async (BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, [AsParameters] ProposalListQuery q, CancellationToken ct) =>
        {
            var rows = await (await ProposalQueries.QueryAsync(db, q.Filter, ct)).ToListAsync(ct);
            var today = clock.GetUtcNow().AddHours(8);
            var sheet = new XlsxSheet(t["Proposals.Title"], ExportColumns(t), rows.Select(r => ExportRow(r, t)))
            {
                Title = DownloadName.Title(t, "Download.Proposals", today),
                UnitLine = Xlsx.MoneyUnit(t, "Money.Wan"),
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.Proposals", ".xlsx", today));
        });

        group.MapGet("/{id:int}", async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await ProposalQueries.DetailAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));

        group.MapPost("/", async Task<Results<Created<ProposalDto>, ValidationProblem, ProblemHttpResult>> (
            KeyProjectInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new ProjectProposals(db, t, clock).ProposeAsync(input, null, ct);
            if (!outcome.Succeeded)
            {
                return outcome.ToCreated(_ => default(ProposalDto)!, _ => "", t);
            }

            var dto = (await ProposalQueries.DetailAsync(db, outcome.Value!.Id, ct))!;
            return TypedResults.Created($"/api/project-proposals/{dto.Project.Id}", dto);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProjectProposers)));

        // A returned proposal, edited and proposed again in one step.
        group.MapPut("/{id:int}", async Task<Results<Ok<ProposalDto>, ValidationProblem, ProblemHttpResult>> (
            int id, KeyProjectInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await ResultAsync(await new ProjectProposals(db, t, clock).ResubmitAsync(id, input, null, input.Version, ct), db, t, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProjectProposers)));

        group.MapPost("/{id:int}/actions", async Task<Results<Ok<ProposalDto>, ValidationProblem, ProblemHttpResult>> (
            int id, ProposalActionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            await ResultAsync(await new ProjectProposals(db, t, clock).ActAsync(id, input, ct), db, t, ct));

        return app;
    }

    private static async Task<Results<Ok<ProposalDto>, ValidationProblem, ProblemHttpResult>> ResultAsync(
        StepOutcome<KeyProject> outcome, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        outcome.Succeeded
            ? TypedResults.Ok((await ProposalQueries.DetailAsync(db, outcome.Value!.Id, ct))!)
            : outcome.ToResult(_ => default(ProposalDto)!, t);

    private static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Library.Code"]), new(t["Library.Name"]), new(t["Library.Unit"]), new(t["Library.Category"]), new(t["Library.Stage"]),
        new(t["Library.TotalWan"], XlsxKind.Money), new(t["Proposals.Col.Status"]), new(t["Proposals.Col.ProposedBy"]),
        new(t["Proposals.Col.ProposedAt"], XlsxKind.DateTime), new(t["Proposals.Col.LastStep"], XlsxKind.DateTime), new(t["Proposals.Col.Reason"]),
    ];

    private static Dictionary<string, object?> ExportRow(ProposalRowDto r, IStringLocalizer<SharedResource> t) => new()
    {
        [t["Library.Code"]] = r.Code,
        [t["Library.Name"]] = r.Name,
        [t["Library.Unit"]] = r.UnitName,
        [t["Library.Category"]] = t[$"Library.Category.{r.Category}"].Value,
        [t["Library.Stage"]] = t[$"Library.Stage.{r.Stage}"].Value,
        [t["Library.TotalWan"]] = (decimal)r.TotalInvestment / Figure.YuanPerWan,
        [t["Proposals.Col.Status"]] = t[$"Proposals.Status.{r.Status}"].Value,
        [t["Proposals.Col.ProposedBy"]] = r.ProposedBy,
        [t["Proposals.Col.ProposedAt"]] = CityTime.Of(r.ProposedAtUtc),
        [t["Proposals.Col.LastStep"]] = CityTime.Of(r.LastStepAtUtc),
        [t["Proposals.Col.Reason"]] = r.ReturnReason,
    };
}
