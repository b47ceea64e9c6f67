using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

public sealed record KeyProjectDto(
    int Id, string Code, string Name, int UnitId, string? UnitName, string? ResponsibleLeader,
    ProjectCategory Category, ProjectStage Stage, string? IndustryChain, ChainLink ChainLink, string? Location,
    long TotalInvestment, DateOnly? PlannedStart, DateOnly? PlannedCompletion, DateOnly? ActualStart, DateOnly? ActualCompletion,
    ProjectBenefit PlannedBenefit, ProjectBenefit ActualBenefit, bool IsArchived, int Version, double? Latitude, double? Longitude);

/// <summary>What a user sends to create or edit a project; money in 元.</summary>
public sealed record KeyProjectInput(
    string Code, string Name, int UnitId, string? ResponsibleLeader, ProjectCategory Category, ProjectStage Stage,
    string? IndustryChain, ChainLink ChainLink, string? Location, long TotalInvestment,
    DateOnly? PlannedStart, DateOnly? PlannedCompletion, DateOnly? ActualStart, DateOnly? ActualCompletion,
    ProjectBenefit? PlannedBenefit, ProjectBenefit? ActualBenefit, int Version = 0, double? Latitude = null, double? Longitude = null);

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Business);

        // A project choice's search as you type (issue 20 item 5): a few projects of the reader's
        // scope (the scope filter) whose name or code contains the text, current ones first.
        group.MapGet("/lookup", async (BlueprintDb db, string? q, int? take, CancellationToken ct) =>
        {
            var size = Math.Clamp(take ?? 20, 1, 50);
            var query = db.Set<KeyProject>().AsNoTracking();
            if (q?.Trim() is { Length: > 0 } text)
            {
                query = query.Where(p => p.Name.Contains(text) || p.Code.Contains(text));
            }

            return TypedResults.Ok(await query.OrderBy(p => p.IsArchived).ThenBy(p => p.Code).ThenBy(p => p.Id).Take(size)
                .Select(p => new ProjectLookupDto(p.Id, p.Code, p.Name)).ToListAsync(ct));
        });

        group.MapGet("/", async (BlueprintDb db, string? q, int? unitId, ProjectCategory? category, ProjectStage? stage,
            bool? archived, int? page, int? pageSize, CancellationToken ct) =>
        {
            var query = db.Set<KeyProject>().AsNoTracking().Where(p => p.IsArchived == (archived ?? false));
            if (!string.IsNullOrWhiteSpace(q))
            {
                query = query.Where(p => p.Name.Contains(q) || p.Code.Contains(q));
            }

            if (unitId is not null)
            {
                query = query.Where(p => p.UnitId == unitId);
            }

            if (category is not null)
            {
                query = query.Where(p => p.Category == category);
            }

            if (stage is not null)
            {
                query = query.Where(p => p.Stage == stage);
            }

            return TypedResults.Ok(await query.OrderBy(p => p.Code).Select(AsDto).ToPageAsync(page, pageSize, ct));
        });

        group.MapGet("/{id:int}", async Task<Results<Ok<KeyProjectDto>, ProblemHttpResult>> (
            int id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<KeyProject>().AsNoTracking().Where(p => p.Id == id).Select(AsDto).SingleOrDefaultAsync(ct) is { } dto
                ? TypedResults.Ok(dto)
                : Problems.NotFound(t));

        group.MapPost("/", async Task<Results<Created<KeyProjectDto>, ValidationProblem>> (
            KeyProjectInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var check = await ValidateAsync(input, null, db, t, ct);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            var project = new KeyProject { Code = input.Code.Trim(), Name = input.Name.Trim() };
            Apply(project, input);
            db.Add(project);
            db.AddRange(ProjectStages.Changes(project, null, clock));
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/projects/{project.Id}", ToDto(project));
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice)); // a unit proposes instead: /api/project-proposals

        group.MapPut("/{id:int}", async Task<Results<Ok<KeyProjectDto>, ValidationProblem, ProblemHttpResult>> (
            int id, KeyProjectInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, CancellationToken ct) =>
        {
            var project = await db.Set<KeyProject>().SingleOrDefaultAsync(p => p.Id == id, ct);
            if (project is null)
            {
                return Problems.NotFound(t);
            }

            var check = await ValidateAsync(input, id, db, t, ct);
            if (!check.IsValid)
            {
                return Problems.Invalid(check.Errors);
            }

            db.ExpectVersion(project, input.Version);
            project.Code = input.Code.Trim();
            project.Name = input.Name.Trim();
            var stageBefore = project.Stage;
            Apply(project, input);
            db.AddRange(ProjectStages.Changes(project, stageBefore, clock));

            await ProjectUnitMove.CarryAsync(db, project, ct);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(ToDto(project));
        }).RequireAuthorization(p => p.RequireRole(Roles.Of(Roles.ProjectEditors)));

        return group;
    }

    internal static void Apply(KeyProject p, KeyProjectInput input)
    {
        p.UnitId = input.UnitId;
        p.ResponsibleLeader = input.ResponsibleLeader;
        p.Category = input.Category;
        p.Stage = input.Stage;
        p.IndustryChain = input.IndustryChain;
        p.ChainLink = input.ChainLink;
        p.Location = input.Location;
        p.Latitude = input.Latitude is { } lat ? Math.Round(lat, 6) : null;
        p.Longitude = input.Longitude is { } lon ? Math.Round(lon, 6) : null;
        p.TotalInvestment = input.TotalInvestment;
        p.PlannedStart = input.PlannedStart;
        p.PlannedCompletion = input.PlannedCompletion;
        p.ActualStart = input.ActualStart;
        p.ActualCompletion = input.ActualCompletion;
        p.PlannedBenefit = input.PlannedBenefit ?? p.PlannedBenefit;
        p.ActualBenefit = input.ActualBenefit ?? p.ActualBenefit;
    }

    internal static async Task<Validation> ValidateAsync(KeyProjectInput input, int? id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var check = new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Code) && input.Code.Length <= 32, "code", "Project.CodeRequired")
            .Require(!string.IsNullOrWhiteSpace(input.Name) && input.Name.Length <= 200, "name", "Project.NameRequired")
            .Require((input.ResponsibleLeader?.Length ?? 0) <= KeyProject.MaxLeader, "responsibleLeader", "Field.TooLong", KeyProject.MaxLeader)
            .Require((input.IndustryChain?.Length ?? 0) <= KeyProject.MaxChain, "industryChain", "Field.TooLong", KeyProject.MaxChain)
            .Require((input.Location?.Length ?? 0) <= KeyProject.MaxLocation, "location", "Field.TooLong", KeyProject.MaxLocation)
            .Require(input.TotalInvestment >= 0, "totalInvestment", "Project.InvestmentNotNegative")
            .Require(input.PlannedStart is null || input.PlannedCompletion is null || input.PlannedStart <= input.PlannedCompletion,
                "plannedCompletion", "Project.CompletionBeforeStart")
            .Require(Enum.IsDefined(input.Category), "category", "Field.InvalidChoice")
            .Require(Enum.IsDefined(input.Stage), "stage", "Field.InvalidChoice");
        CheckPlace(check, input.Latitude, input.Longitude);
        check.Require(await db.Set<Unit>().AnyAsync(u => u.Id == input.UnitId, ct), "unitId", "Field.UnknownUnit");
        var code = input.Code?.Trim() ?? "";
        // Unique across all units and proposals (decision 0018): the check looks past every filter.
        check.Require(!await db.Set<KeyProject>().IgnoreQueryFilters().AnyAsync(p => p.Code == code && p.Id != id, ct),
            "code", "Project.CodeTaken", code);
        return check;
    }

    /// <summary>
    /// 经纬度: both or neither, each a number of degrees, and inside the city's outline when the
    /// city's map is vendored (<see cref="Map.CityMap"/>); a place outside would put the point off the map.
    /// </summary>
    internal static void CheckPlace(Validation check, double? latitude, double? longitude)
    {
        if (latitude is null && longitude is null)
        {
            return;
        }

        check.Require(latitude is not null && longitude is not null, latitude is null ? "latitude" : "longitude", "Project.PlaceBoth");
        if (latitude is not { } lat || longitude is not { } lon)
        {
            return;
        }

        var valid = lat is >= -90 and <= 90 && lon is >= -180 and <= 180 && double.IsFinite(lat) && double.IsFinite(lon);
        check.Require(valid, "latitude", "Project.PlaceInvalid");
        if (valid && Map.CityMap.Current is { } map)
        {
            check.Require(map.Contains(lat, lon), "latitude", "Project.PlaceOutsideCity", map.City);
        }
    }

    internal static readonly System.Linq.Expressions.Expression<Func<KeyProject, KeyProjectDto>> AsDto = p => new KeyProjectDto(
        p.Id, p.Code, p.Name, p.UnitId, p.Unit != null ? p.Unit.Name : null, p.ResponsibleLeader, p.Category, p.Stage,
        p.IndustryChain, p.ChainLink, p.Location, p.TotalInvestment, p.PlannedStart, p.PlannedCompletion,
        p.ActualStart, p.ActualCompletion, p.PlannedBenefit, p.ActualBenefit, p.IsArchived, p.Version, p.Latitude, p.Longitude);

    internal static readonly Func<KeyProject, KeyProjectDto> ToDto = AsDto.Compile();
}

/// <summary>One project found by a project choice's search.</summary>
public sealed record ProjectLookupDto(int Id, string Code, string Name);
