using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>The cockpit's figures for integrations: the same report the page renders (from the same cache), in the caller's scope.</summary>
public static class CockpitApi
{
    public static IEndpointRouteBuilder MapCockpitApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cockpit").WithTags("Cockpit").RequireAuthorization(Policies.Business);

        // Without year and month: the month the page opens on (see CockpitAsOf.ResolveAsync).
        group.MapGet("/", async Task<Results<Ok<CockpitReport>, ValidationProblem>> (
            int? year, int? month, BlueprintDb db, CockpitCache cache, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t)
                .Require(year is null or >= 2000 and <= 2100, "year", "Field.InvalidYear")
                .Require(month is null or >= 1 and <= 12, "month", "Cockpit.InvalidMonth");
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            return TypedResults.Ok(await cache.GetAsync(db, year, month, clock, ct));
        });
        return app;
    }
}
