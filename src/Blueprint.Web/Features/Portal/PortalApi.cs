using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
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

public sealed record PublishInput(PublicKind Kind, int Id, bool IsPublic, int Version);

public sealed record PublishedDto(PublicKind Kind, int Id, bool IsPublic, int Version);

public static class PortalApi
{
    /// <summary>The public site's HTTP rules and the office's publish switch.</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UsePortalSite();
        app.MapPost("/api/portal/publish", (PublishInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            SetPublicAsync(db, input, t, ct)).WithTags("Portal")
            .RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.Offices))); // every kind's publishers; the kind's own are checked below
        return app;
    }

    /// <summary>
    /// Publishes or withdraws one record. An ordinary audited edit (SaveChanges, audit
    /// interceptor) carrying the version the user saw, so a stale switch is a 409.
    /// </summary>
    public static async Task<Results<Ok<PublishedDto>, ProblemHttpResult>> SetPublicAsync(
        BlueprintDb db, PublishInput input, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        IVersioned? record = input.Kind switch
        {
            PublicKind.Project => await db.Set<KeyProject>().SingleOrDefaultAsync(p => p.Id == input.Id, ct),
            PublicKind.Goal => await db.Set<Goal>().SingleOrDefaultAsync(g => g.Id == input.Id, ct),
            PublicKind.Milestone => await db.Set<Milestone>().SingleOrDefaultAsync(m => m.Id == input.Id, ct),
            _ => null,
        };
        if (record is null)
        {
            return Problems.NotFound(t);
        }

        // Looked up first (in the user's scope), so another unit's record is "not found", not "forbidden".
        if (!Roles.Of(Publishers(input.Kind)).Any(db.CurrentUser.IsInRole))
        {
            return Problems.Forbidden(t, "Portal.OfficeOnly");
        }

        db.ExpectVersion(record, input.Version);
        switch (record)
        {
            case KeyProject p: p.IsPublic = input.IsPublic; break;
            case Goal g: g.IsPublic = input.IsPublic; break;
            case Milestone m: m.IsPublic = input.IsPublic; break;
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PublishedDto(input.Kind, input.Id, input.IsPublic, record.Version));
    }

    /// <summary>The office that keeps a record decides whether the public sees it.</summary>
    public static string Publishers(PublicKind kind) => kind == PublicKind.Milestone ? MilestoneRecords.Editors : Roles.ProjectOffice;
}
