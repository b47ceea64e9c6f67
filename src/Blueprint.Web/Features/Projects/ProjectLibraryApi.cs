using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The project library's endpoints beside the plain CRUD of <see cref="ProjectsApi"/>: archiving
/// and restoring a project, and the xlsx export of exactly what the list page filters.
/// </summary>
public static class ProjectLibraryApi
{
    public static IEndpointRouteBuilder MapProjectLibraryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Business);
        api.MapPost("/{id:int}/archive", (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            SetArchivedAsync(db, id, input.Version, archived: true, t, ct)).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));
        api.MapPost("/{id:int}/restore", (int id, VersionInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            SetArchivedAsync(db, id, input.Version, archived: false, t, ct)).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        // Not under /api: the list page links here with its own query string.
        app.MapGet("/projects/export", async (HttpRequest request, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var query = ProjectListQuery.From(request.Query);
            var result = await ProjectList.LoadAsync(db, query, clock, allRows: true, ct);
            var sheet = new XlsxSheet(t["Library.Title"], ExportColumns(result.FiguresYear, t), result.Page.Items.Select(i => ExportRow(i, result.FiguresYear, t)))
            {
                Title = DownloadName.Title(t, "Download.Library", result.FiguresYear, result.FiguresMonth),
                UnitLine = Xlsx.MoneyUnit(t, "Money.Wan"),
                TotalsLabel = t["Xlsx.Total"],
            };
            var bytes = await Xlsx.ExportAsync(sheet, ct);
            return TypedResults.File(bytes, Xlsx.ContentType, DownloadName.Of(t, "Download.Library", ".xlsx", result.FiguresYear, result.FiguresMonth));
        }).RequireAuthorization(Policies.Business).ExcludeFromDescription();
        return app;
    }

    /// <summary>Archives or restores a project; a stale version is a 409 like every edit.</summary>
    public static async Task<Results<Ok<KeyProjectDto>, ProblemHttpResult>> SetArchivedAsync(
        BlueprintDb db, int id, int version, bool archived, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var project = await db.Set<KeyProject>().Include(p => p.Unit).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return Problems.NotFound(t);
        }

        db.ExpectVersion(project, version);
        project.IsArchived = archived;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ProjectsApi.ToDto(project));
    }

    private static XlsxColumn[] ExportColumns(int year, IStringLocalizer<SharedResource> t) =>
    [
        new(t["Library.Code"]), new(t["Library.Name"]), new(t["Library.Unit"]), new(t["Library.Leader"]), new(t["Library.Category"]),
        new(t["Library.Stage"]), new(t["Library.Chain"]), new(t["Library.Link"]), new(t["Library.TotalWan"], XlsxKind.Money),
        new(PlanTypeOfYear(year, t)), new(t["Library.PlannedCompletion"]), new(t["Library.AnnualPlanWan"], XlsxKind.Money),
        new(t["Library.YearToDateWan"], XlsxKind.Money), new(t["Library.Rate"], XlsxKind.Percent), new(t["Library.Schedule"], XlsxKind.Percent),
        new(t["Library.Light"]),
    ];

    private static string PlanTypeOfYear(int year, IStringLocalizer<SharedResource> t) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, t["Library.PlanTypeOfYear"], year);

    private static Dictionary<string, object?> ExportRow(ProjectListItem item, int year, IStringLocalizer<SharedResource> t)
    {
        var r = item.Row;
        var f = item.Figures;
        return new()
        {
            [t["Library.Code"]] = r.Code,
            [t["Library.Name"]] = r.Name,
            [t["Library.Unit"]] = r.UnitName,
            [t["Library.Leader"]] = r.Leader,
            [t["Library.Category"]] = t[$"Library.Category.{r.Category}"].Value,
            [t["Library.Stage"]] = t[$"Library.Stage.{r.Stage}"].Value,
            [t["Library.Chain"]] = r.Chain,
            [t["Library.Link"]] = r.Link == ChainLink.None ? null : t[$"Library.Link.{r.Link}"].Value,
            [t["Library.TotalWan"]] = (decimal)r.TotalInvestment / Figure.YuanPerWan,
            [PlanTypeOfYear(year, t)] = r.PlanType is { } p ? t[$"Library.PlanType.{p}"].Value : null,
            [t["Library.PlannedCompletion"]] = r.PlannedCompletion ? t["Library.Yes"].Value : null,
            [t["Library.AnnualPlanWan"]] = (decimal)r.AnnualPlan / Figure.YuanPerWan,
            [t["Library.YearToDateWan"]] = (decimal)r.YearToDate / Figure.YuanPerWan,
            [t["Library.Rate"]] = Figure.RatioForDisplay(f.InvestmentCompletionRate),
            [t["Library.Schedule"]] = Figure.RatioForDisplay(f.ElapsedSchedule),
            [t["Library.Light"]] = f.Light is { } light ? t[$"Library.Light.{light}"].Value : null,
        };
    }
}
