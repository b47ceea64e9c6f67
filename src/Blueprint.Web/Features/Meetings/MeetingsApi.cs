using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Meetings;

/// <summary>Meetings, their decisions, and decision → supervision item; the same rules as the pages (<see cref="MeetingRecords"/>).</summary>
public static class MeetingsApi
{
    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/meetings").WithTags("Meetings").RequireAuthorization(Policies.Business);
        group.MapGet("/", async (BlueprintDb db, int? year, string? q, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await MeetingQueries.List(db, new MeetingFilter(year, q)).ToPageAsync(page, pageSize, ct)));
        group.MapGet("/xlsx", async (BlueprintDb db, IStringLocalizer<SharedResource> t, int? year, string? q, CancellationToken ct) =>
        {
            var rows = await MeetingQueries.List(db, new MeetingFilter(year, q)).ToListAsync(ct);
            var sheet = new XlsxSheet(t["Meetings.Title"], MeetingQueries.ExportColumns(t), MeetingQueries.ExportRows(rows, t))
            {
                Title = Xlsx.Filtered(DownloadName.Title(t, "Download.Meetings"), Xlsx.YearFilter(t, year), Xlsx.SearchFilter(t, q)),
            };
            return TypedResults.File(await Xlsx.ExportAsync(sheet, ct), Xlsx.ContentType, DownloadName.Of(t, "Download.Meetings", ".xlsx"));
        });
        group.MapGet("/{id:int}", async Task<Results<Ok<MeetingDto>, ProblemHttpResult>> (int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await MeetingQueries.FindAsync(db, id, ct) is { } dto ? TypedResults.Ok(dto) : Problems.NotFound(t));
        group.MapPost("/", async (MeetingInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new MeetingRecords(db, t, clock).SaveAsync(null, input, ct);
            var dto = outcome.Succeeded ? await MeetingQueries.FindAsync(db, outcome.Value!.Id, ct) : null;
            return outcome.ToCreated(_ => dto!, m => $"/api/meetings/{m.Id}", t);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(MeetingRecords.Editors)));
        group.MapPut("/{id:int}", async (int id, MeetingInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new MeetingRecords(db, t, clock).SaveAsync(id, input, ct);
            var dto = outcome.Succeeded ? await MeetingQueries.FindAsync(db, id, ct) : null;
            return outcome.ToResult(_ => dto!, t);
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(MeetingRecords.Editors)));
        group.MapDelete("/{id:int}", async (int id, int version, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new MeetingRecords(db, t, clock).DeleteAsync(id, version, ct)).ToResult(m => m.Id, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(MeetingRecords.Editors)));

        group.MapPost("/{id:int}/decisions", async (int id, DecisionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new MeetingRecords(db, t, clock).SaveDecisionAsync(id, null, input, ct)).ToCreated(AsDto, d => $"/api/meetings/{id}", t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(MeetingRecords.Editors)));
        group.MapPut("/{id:int}/decisions/{decisionId:int}", async (int id, int decisionId, DecisionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new MeetingRecords(db, t, clock).SaveDecisionAsync(id, decisionId, input, ct)).ToResult(AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(MeetingRecords.Editors)));
        group.MapDelete("/decisions/{decisionId:int}", async (int decisionId, int version, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new MeetingRecords(db, t, clock).DeleteDecisionAsync(decisionId, version, ct)).ToResult(AsDto, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(MeetingRecords.Editors)));
        group.MapPost("/decisions/{decisionId:int}/assign", async (int decisionId, DecisionAssignInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
            (await new MeetingRecords(db, t, clock).AssignAsync(decisionId, input, ct)).ToCreated(ItemDto, i => $"/api/supervision-items/{i.Id}", t))
            .RequireAuthorization(p => p.RequireRole(Roles.SupervisionOffice));
        return app;
    }

    private static readonly Func<SupervisionItem, SupervisionItemDto> ItemDto = SupervisionQueries.AsDto.Compile();

    private static DecisionDto AsDto(Decision d) => new(d.Id, d.Text, d.SortOrder, d.Version, []);
}
