using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Milestones;

/// <summary>The timeline (大事记) and its records; the same rules as the pages (<see cref="MilestoneRecords"/>).</summary>
public static class MilestonesApi
{
    public static IEndpointRouteBuilder MapMilestonesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/milestones").WithTags("Milestones").RequireAuthorization(Policies.Business);
        group.MapGet("/", async (BlueprintDb db, [AsParameters] MilestoneQuery q, CancellationToken ct) =>
            TypedResults.Ok(await MilestoneRecords.Query(db, q.Filter).ToPageAsync(q.Page, q.PageSize, ct)));
        group.MapGet("/xlsx", async (BlueprintDb db, IStringLocalizer<SharedResource> t, [AsParameters] MilestoneQuery q, CancellationToken ct) =>
        {
            var rows = await MilestoneRecords.Query(db, q.Filter).ToListAsync(ct);
            var sheet = new XlsxSheet(t["Milestones.Title"], MilestoneRecords.ExportColumns(t), MilestoneRecords.ExportRows(rows, t))
            {
                Title = Xlsx.Filtered(DownloadName.Title(t, "Download.Milestones"), Xlsx.YearFilter(t, q.Year),
                    q.UnitId is { } u ? await db.Set<Units.Unit>().Where(x => x.Id == u).Select(x => x.Name).SingleOrDefaultAsync(ct) : null, Xlsx.SearchFilter(t, q.Q)),
            };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, DownloadName.Of(t, "Download.Milestones", ".xlsx"));
        });
        group.MapGet("/{id:int}", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await MilestoneRecords.FindAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));
        group.MapPost("/", async (MilestoneInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var outcome = await new MilestoneRecords(db, t).SaveAsync(null, input, ct);
            var dto = outcome.Succeeded ? await MilestoneRecords.FindAsync(db, outcome.Value!.Id, ct) : null;
            return outcome.ToCreated(_ => dto!, m => $"/api/milestones/{m.Id}", t);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(MilestoneRecords.Editors)));
        group.MapPut("/{id:int}", async (int id, MilestoneInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var outcome = await new MilestoneRecords(db, t).SaveAsync(id, input, ct);
            var dto = outcome.Succeeded ? await MilestoneRecords.FindAsync(db, id, ct) : null;
            return outcome.ToResult(_ => dto!, t);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(MilestoneRecords.Editors)));
        group.MapDelete("/{id:int}", async (int id, int version, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await new MilestoneRecords(db, t).DeleteAsync(id, version, ct)).ToResult(m => m.Id, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(MilestoneRecords.Editors)));
        return app;
    }
}

/// <summary>The timeline's query string: filters and paging.</summary>
public sealed record MilestoneQuery(int? Year, int? UnitId, int? KeyProjectId, int? GoalId, string? Q, int? Page, int? PageSize)
{
    public MilestoneFilter Filter => new(Year, UnitId, KeyProjectId, GoalId, Q);
}
