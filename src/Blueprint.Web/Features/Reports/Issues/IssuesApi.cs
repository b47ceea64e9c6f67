using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reports.Issues;

/// <summary>Issuing (印发) a period of an official document, and the offices' document settings.</summary>
public static class IssuesApi
{
    public static RouteGroupBuilder MapIssuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Business);

        group.MapPost("/issues", async (IssueInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await DocumentIssues.IssueAsync(db, input, clock, t, ct)).ToResult(i => i.AsDto(), t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.Offices)));

        group.MapGet("/settings", async (BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var all = new List<OfficeSettingsDto>();
            foreach (var office in OfficeSettingsRecords.Offices)
            {
                all.Add(OfficeSettingsDto.From(await DocumentIssues.SettingsAsync(db, office, t, ct)));
            }

            return TypedResults.Ok(all);
        });

        group.MapPut("/settings/{office}", async (string office, OfficeSettingsInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await OfficeSettingsRecords.SaveAsync(db, office, input, t, ct)).ToResult(OfficeSettingsDto.From, t))
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.Offices)));
        return group;
    }
}
