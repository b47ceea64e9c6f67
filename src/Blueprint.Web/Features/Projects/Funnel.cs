using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>One step of the funnel: projects that reached it (or went further) by the end of the year.</summary>
/// <param name="ConversionFromPrevious">Share of the previous step's projects that reached this one; null for the first step.</param>
/// <param name="MedianDaysInStage">Median days spent in this step by the projects that left it; null for the last step or when none left it.</param>
/// <param name="ProjectsTimed">How many projects the median is taken over.</param>
public sealed record FunnelStepDto(FunnelStage Stage, int Count, long Investment, decimal? ConversionFromPrevious, string ConversionText, decimal? MedianDaysInStage, int ProjectsTimed);

public sealed record FunnelDto(int Year, IReadOnlyList<FunnelStepDto> Steps);

/// <summary>
/// The investment funnel of one year (reserve → signed → started → in production) over the
/// projects on that year's plan, key list and reserve list alike, in the user's scope. A
/// project's step is the furthest stage recorded on or before 31 December (or an earlier day:
/// the cockpit's month end, counting only what had been recorded by its instant, as the
/// bulletin counts starts); a project with no recorded history counts at its current stage.
/// </summary>
public static class Funnel
{
    public static FunnelStage StepOf(ProjectStage stage) => stage switch
    {
        ProjectStage.Planning => FunnelStage.Reserve,
        ProjectStage.Signed => FunnelStage.Signed,
        ProjectStage.InProduction => FunnelStage.InProduction,
        _ => FunnelStage.Started, // started, under construction and completed are all "started"
    };

    public static Task<FunnelDto> ComputeAsync(BlueprintDb db, int year, CancellationToken ct = default) =>
        ComputeAsync(db, year, new DateOnly(year, 12, 31), null, ct);

    /// <summary>
    /// The funnel at a month's end with the stage changes recorded by an instant (null: everything
    /// recorded): for a reader who sees every unit from the kept figures (decision 0041), else computed.
    /// </summary>
    public static async Task<FunnelDto> ReadAsync(BlueprintDb db, int year, int month, DateTime? knownAtUtc, TimeProvider clock, CancellationToken ct = default)
    {
        var monthEnd = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
        return KeptFigures.Keeps(db)
            ? await KeptFigures.GetAsync(db, KeptKind.Funnel, year, month, knownAtUtc, clock, () => ComputeAsync(db, year, monthEnd, knownAtUtc, ct), ct)
            : await ComputeAsync(db, year, monthEnd, knownAtUtc, ct);
    }

    /// <summary>The funnel as it stood on a day of the year, with the stage changes recorded by an instant (null: everything recorded).</summary>
    public static async Task<FunnelDto> ComputeAsync(BlueprintDb db, int year, DateOnly upTo, DateTime? knownAtUtc, CancellationToken ct = default)
    {
        var history = db.Set<ProjectStageChange>();
        var stages = (knownAtUtc is { } knownAt ? history.Where(s => s.RecordedAtUtc <= knownAt) : history).Where(s => s.OnDate <= upTo);
        var cohort = db.Set<KeyProject>().AsNoTracking()
            .Where(p => db.Set<AnnualPlanEntry>().Any(e => e.Year == year && e.KeyProjectId == p.Id));

        // Counts and money aggregate in the database, one row per furthest stage reached.
        var reached = await cohort
            .Select(p => new
            {
                p.TotalInvestment,
                Stage = stages.Where(s => s.KeyProjectId == p.Id).Max(s => (ProjectStage?)s.Stage)
                    ?? (history.Any(s => s.KeyProjectId == p.Id) ? ProjectStage.Planning : p.Stage),
            })
            .GroupBy(r => r.Stage)
            .Select(g => new { Stage = g.Key, Count = g.Count(), Investment = g.Sum(r => r.TotalInvestment) })
            .ToListAsync(ct);

        // Durations need each project's dates, so the first date per (project, stage) comes back
        // as a projection (at most six short rows per project) and the median is taken here: a
        // median does not aggregate portably in SQL (SQLite has no percentile function), and a
        // year's plan is a few thousand projects at province scale.
        var firstDates = await stages
            .Where(s => cohort.Any(p => p.Id == s.KeyProjectId))
            .GroupBy(s => new { s.KeyProjectId, s.Stage })
            .Select(g => new { g.Key.KeyProjectId, g.Key.Stage, On = g.Min(s => s.OnDate) })
            .ToListAsync(ct);
        var days = firstDates
            .GroupBy(d => d.KeyProjectId)
            .Select(p => FunnelFigures.DaysInStages(p
                .GroupBy(d => StepOf(d.Stage))
                .ToDictionary(g => g.Key, g => g.Min(d => d.On))))
            .ToList();

        var steps = new List<FunnelStepDto>();
        foreach (var step in Enum.GetValues<FunnelStage>())
        {
            var at = reached.Where(r => StepOf(r.Stage) >= step).ToList();
            var count = at.Sum(r => r.Count);
            var conversion = step == FunnelStage.Reserve ? null : FunnelFigures.Conversion(steps[^1].Count, count);
            var timed = days.Where(d => d.ContainsKey(step)).Select(d => d[step]).ToList();
            steps.Add(new FunnelStepDto(step, count, at.Sum(r => r.Investment), conversion, Figure.Percent(conversion),
                FunnelFigures.Median(timed), timed.Count));
        }

        return new FunnelDto(year, steps);
    }

    public static RouteHandlerBuilder MapFunnelApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/funnel", async Task<Results<Ok<FunnelDto>, ValidationProblem>> (
            int year, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var check = new Validation(t).Require(year is >= 2000 and <= 2100, "year", "Field.InvalidYear");
            return check.IsValid ? TypedResults.Ok(await ComputeAsync(db, year, ct)) : Problems.Invalid(check.Errors);
        }).WithTags("Funnel").RequireAuthorization(Policies.Business);
}
