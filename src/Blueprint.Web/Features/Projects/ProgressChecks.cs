using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>The accepted month before the one being reported: its month and its 本年累计.</summary>
public sealed record PriorMonth(int Month, long YearToDate);

/// <summary>What the checks of one project-month need to know: the annual plan, the last accepted month of the year, the earlier months' amounts.</summary>
public sealed record ProgressFacts(int Month, long AnnualPlan, PriorMonth? Previous, IReadOnlyList<long> EarlierMonths);

/// <summary>One finding on typed figures: an error blocks saving, a warning needs a 情况说明 to submit.</summary>
public sealed record FigureFinding(string Field, string MessageKey, object[] Args, bool IsError)
{
    public string Text(IStringLocalizer<SharedResource> t) => t[MessageKey, Args];
}

/// <summary>
/// The checks on a month's reported investment, the same in the form, the API and the import
/// (issue 14 item 5). Errors: 本年累计 must be the last accepted 累计 plus 本月 (January: 本月 itself);
/// a negative month is refused by the field validation. Warnings: a month above what is left of
/// the annual plan, 累计 above 120 % of the annual plan, a month more than three times the median of
/// the project's earlier months, a 累计 below the last accepted one. Pure: the facts are loaded by
/// <see cref="FactsAsync"/> (or in bulk by the import).
/// </summary>
public static class ProgressChecks
{
    /// <summary>累计 above this share of the annual plan (percent) is worth a word.</summary>
    public const int PlanCeilingPercent = 120;

    /// <summary>A month this many times the median of the earlier months is worth a word.</summary>
    public const int MedianFactor = 3;

    public static List<FigureFinding> Judge(ProgressFacts facts, long thisMonth, long yearToDate)
    {
        var found = new List<FigureFinding>();
        var previous = facts.Previous;
        if (facts.Month == 1 && yearToDate != thisMonth)
        {
            found.Add(Error("investmentYearToDate", "Progress.Check.January", Wan(thisMonth), Wan(yearToDate)));
        }
        else if (previous is not null && previous.Month == facts.Month - 1 && yearToDate != previous.YearToDate + thisMonth)
        {
            found.Add(Error("investmentYearToDate", "Progress.Check.YearToDate",
                MonthOfYear(previous.Month), Wan(previous.YearToDate), Wan(thisMonth), Wan(previous.YearToDate + thisMonth), Wan(yearToDate)));
        }
        else if (previous is not null && yearToDate < previous.YearToDate)
        {
            found.Add(Warning("investmentYearToDate", "Progress.Check.Decreases", MonthOfYear(previous.Month), Wan(previous.YearToDate), Wan(yearToDate)));
        }

        if (facts.AnnualPlan > 0)
        {
            var left = Math.Max(0, facts.AnnualPlan - (previous?.YearToDate ?? 0));
            if (thisMonth > left)
            {
                found.Add(Warning("investmentThisMonth", "Progress.Check.AboveRemaining", Wan(thisMonth), Wan(left), Wan(facts.AnnualPlan)));
            }

            if (yearToDate * 100 > facts.AnnualPlan * PlanCeilingPercent)
            {
                found.Add(Warning("investmentYearToDate", "Progress.Check.AbovePlan", Wan(yearToDate), PlanCeilingPercent, Wan(facts.AnnualPlan)));
            }
        }

        if (facts.EarlierMonths.Count >= 3 && Median(facts.EarlierMonths) is var median and > 0 && thisMonth > MedianFactor * median)
        {
            found.Add(Warning("investmentThisMonth", "Progress.Check.AboveMedian", Wan(thisMonth), MedianFactor, Wan(median)));
        }

        return found;
    }

    /// <summary>The facts of one project-month, read through the caller's scope.</summary>
    public static async Task<ProgressFacts> FactsAsync(BlueprintDb db, int projectId, int year, int month, CancellationToken ct) =>
        (await FactsAsync(db, [projectId], year, ct)).Of(projectId, month);

    /// <summary>The facts of many projects of one year in two queries (the import checks thousands of rows).</summary>
    public static async Task<YearFacts> FactsAsync(BlueprintDb db, IReadOnlyCollection<int> projectIds, int year, CancellationToken ct)
    {
        var plans = new Dictionary<int, long>();
        var months = new List<(int Project, int Month, long ThisMonth, long YearToDate, DateTime AcceptedAt)>();
        foreach (var slice in projectIds.Distinct().Chunk(500))
        {
            foreach (var p in await db.Set<AnnualPlanEntry>().AsNoTracking().Where(e => e.Year == year && slice.Contains(e.KeyProjectId))
                .Select(e => new { e.KeyProjectId, e.AnnualPlannedInvestment }).ToListAsync(ct))
            {
                plans[p.KeyProjectId] = p.AnnualPlannedInvestment;
            }

            // An accepted row keeps its status when a correction supersedes it; the later acceptance wins.
            months.AddRange((await db.Set<ProgressReport>().AsNoTracking()
                .Where(r => r.Year == year && r.Status == SubmissionStatus.Accepted && r.AcceptedAtUtc != null && slice.Contains(r.KeyProjectId))
                .Select(r => new { r.KeyProjectId, r.Month, r.InvestmentThisMonth, r.InvestmentYearToDate, r.AcceptedAtUtc })
                .ToListAsync(ct)).Select(r => (r.KeyProjectId, r.Month, r.InvestmentThisMonth, r.InvestmentYearToDate, r.AcceptedAtUtc!.Value)));
        }

        var latest = months.GroupBy(m => (m.Project, m.Month)).Select(g => g.MaxBy(m => m.AcceptedAt))
            .GroupBy(m => m.Project).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Month).Select(m => (m.Month, m.ThisMonth, m.YearToDate)).ToList());
        return new YearFacts(plans, latest);
    }

    /// <summary>A project's earlier accepted months of one year, and its plan.</summary>
    public sealed class YearFacts(Dictionary<int, long> plans, Dictionary<int, List<(int Month, long ThisMonth, long YearToDate)>> accepted)
    {
        public ProgressFacts Of(int projectId, int month)
        {
            var earlier = accepted.GetValueOrDefault(projectId)?.Where(m => m.Month < month).ToList() ?? [];
            var previous = earlier.Count == 0 ? null : new PriorMonth(earlier[^1].Month, earlier[^1].YearToDate);
            return new ProgressFacts(month, plans.GetValueOrDefault(projectId), previous, [.. earlier.Select(m => m.ThisMonth)]);
        }

        /// <summary>Another row of the same sheet stands in for the month before, when the sheet holds it.</summary>
        public static ProgressFacts WithPrevious(ProgressFacts facts, PriorMonth? fromSheet) =>
            fromSheet is null || (facts.Previous is { } p && p.Month >= fromSheet.Month) ? facts : facts with { Previous = fromSheet };
    }

    /// <summary>The errors as field messages; null when there are none.</summary>
    public static Dictionary<string, string[]>? Errors(IEnumerable<FigureFinding> found, IStringLocalizer<SharedResource> t)
    {
        var errors = found.Where(f => f.IsError).GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Text(t)).ToArray());
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>The warnings as the text stored on the report (one per line), or null.</summary>
    public static string? Warnings(IEnumerable<FigureFinding> found, IStringLocalizer<SharedResource> t)
    {
        var lines = found.Where(f => !f.IsError).Select(f => f.Text(t)).ToList();
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    private static long Median(IReadOnlyList<long> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Wan(long yuan) => WanInput.Format(yuan);

    /// <summary>A month of the report's year, for texts that name it by itself ("11月", "November").</summary>
    private static DateOnly MonthOfYear(int month) => new(2000, month, 1);

    private static FigureFinding Error(string field, string key, params object[] args) => new(field, key, args, true);

    private static FigureFinding Warning(string field, string key, params object[] args) => new(field, key, args, false);
}
