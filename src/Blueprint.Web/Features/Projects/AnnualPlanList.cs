using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The filters of one year's plan. <see cref="Reserve"/> switches between the key list
/// (续建 + 计划开工) and the separate 加快前期 reserve list, which carries no annual target.
/// </summary>
public sealed record AnnualPlanQuery
{
    public int? Year { get; init; }
    public bool Reserve { get; init; }
    public PlanType? PlanType { get; init; }
    public bool CompletionOnly { get; init; }
    public ProjectCategory? Category { get; init; }
    public int? UnitId { get; init; }
    public string? Q { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public static AnnualPlanQuery From(IQueryCollection query)
    {
        string? Text(string name) => query[name].FirstOrDefault() is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        int? Int(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        return new AnnualPlanQuery
        {
            Year = Int("year") is >= 2000 and <= 2100 and var y ? y : null,
            Reserve = Text("list") == "reserve",
            PlanType = Enum.TryParse<PlanType>(Text("planType"), true, out var p) && p != Projects.PlanType.Reserve && Enum.IsDefined(p) ? p : null,
            CompletionOnly = Text("completion") is "true" or "on",
            Category = Enum.TryParse<ProjectCategory>(Text("category"), true, out var c) && Enum.IsDefined(c) ? c : null,
            UnitId = Int("unitId"),
            Q = Text("q"),
            Page = Math.Max(1, Int("page") ?? 1),
            PageSize = Int("pageSize") is { } size && ProjectListQuery.PageSizes.Contains(size) ? size : 20,
        };
    }

    public string ToQueryString(int year, bool withPaging = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["year"] = year.ToString(CultureInfo.InvariantCulture),
            ["list"] = Reserve ? "reserve" : null,
            ["planType"] = PlanType?.ToString(),
            ["completion"] = CompletionOnly ? "true" : null,
            ["category"] = Category?.ToString(),
            ["unitId"] = UnitId?.ToString(CultureInfo.InvariantCulture),
            ["q"] = Q,
            ["page"] = withPaging && Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
            ["pageSize"] = withPaging && PageSize != 20 ? PageSize.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("", values.Where(v => v.Value is not null)!);
    }
}

public sealed record AnnualPlanRow(
    int EntryId, int ProjectId, string Code, string Name, string UnitName, ProjectCategory Category, ProjectStage Stage,
    PlanType PlanType, bool PlannedCompletion, long AnnualPlannedInvestment, int? PlannedStartMonth, int? PlannedCompletionMonth, long TotalInvestment);

/// <summary>Counts and sums of the filtered lists (元); the reserve list has no annual target to sum.</summary>
public sealed record AnnualPlanTotals(int KeyCount, long KeyAnnualPlan, int Continuing, int PlannedStarts, int PlannedCompletions, int ReserveCount);

public sealed record AnnualPlanResult(int Year, Page<AnnualPlanRow> Page, AnnualPlanTotals Totals);

public static class AnnualPlanList
{
    public static async Task<AnnualPlanResult> LoadAsync(BlueprintDb db, AnnualPlanQuery q, TimeProvider clock, bool allRows = false, CancellationToken ct = default)
    {
        var year = q.Year ?? await ProjectList.DefaultYearAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        var entries = db.Set<AnnualPlanEntry>().AsNoTracking().Where(e => e.Year == year);
        if (q.UnitId is { } unitId)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            entries = entries.Where(e => db.Set<Unit>().Any(u => u.Id == e.UnitId && u.Path.StartsWith(path)));
        }

        entries = q.Category is { } category ? entries.Where(e => e.KeyProject!.Category == category) : entries;
        if (q.Q is { } text)
        {
            entries = entries.Where(e => e.KeyProject!.Name.Contains(text) || e.KeyProject.Code.Contains(text));
        }

        // The plan-type and 计划竣工 filters belong to the key list; the reserve count ignores them.
        var reserve = entries.Where(e => e.PlanType == PlanType.Reserve);
        var key = entries.Where(e => e.PlanType != PlanType.Reserve);
        key = q.PlanType is { } planType ? key.Where(e => e.PlanType == planType) : key;
        key = q.CompletionOnly ? key.Where(e => e.PlannedCompletion) : key;

        var sums = await key.GroupBy(e => 1).Select(g => new
        {
            Count = g.Count(),
            Plan = g.Sum(e => e.AnnualPlannedInvestment),
            Continuing = g.Count(e => e.PlanType == PlanType.Continuing),
            PlannedStarts = g.Count(e => e.PlanType == PlanType.PlannedStart),
            Completions = g.Count(e => e.PlannedCompletion),
        }).SingleOrDefaultAsync(ct);
        var totals = new AnnualPlanTotals(sums?.Count ?? 0, sums?.Plan ?? 0, sums?.Continuing ?? 0, sums?.PlannedStarts ?? 0,
            sums?.Completions ?? 0, await reserve.CountAsync(ct));

        var rows = (q.Reserve ? reserve : key)
            .OrderBy(e => e.PlanType).ThenBy(e => e.KeyProject!.Code)
            .Select(e => new AnnualPlanRow(e.Id, e.KeyProjectId, e.KeyProject!.Code, e.KeyProject.Name, e.Unit!.ShortName ?? e.Unit.Name,
                e.KeyProject.Category, e.KeyProject.Stage, e.PlanType, e.PlannedCompletion, e.AnnualPlannedInvestment,
                e.PlannedStartMonth, e.PlannedCompletionMonth, e.KeyProject.TotalInvestment));
        if (!allRows)
        {
            return new AnnualPlanResult(year, await rows.ToPageAsync(q.Page, q.PageSize, ct), totals);
        }

        // The export takes every filtered row; the page size cap is for screens.
        var all = await rows.ToListAsync(ct);
        return new AnnualPlanResult(year, new Page<AnnualPlanRow>(all, all.Count, 1, Math.Max(1, all.Count)), totals);
    }
}
