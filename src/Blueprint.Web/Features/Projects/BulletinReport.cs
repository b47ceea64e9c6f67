using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>A key-list project behind its own schedule, as the bulletin names it.</summary>
public sealed record LaggingProject(string Code, string Name, string UnitName, BulletinFigures Figures);

/// <summary>
/// Everything the monthly bulletin (重点项目推进情况通报) prints, gathered once so that the Word
/// document, the page and the exports show the same numbers. Figures come from
/// <see cref="Bulletin"/>; problems are those open at the period's end (<see cref="AsOfDay"/>), judged
/// from their raised and answered instants, with "overdue" judged at that day.
/// </summary>
public sealed record BulletinReport(
    BulletinTable Table, string? CityName, IReadOnlyList<LaggingProject> Lagging, IReadOnlyList<ProblemDto> OpenProblems, IReadOnlyList<BulletinRow> UnitRanking)
{
    /// <summary>How many lagging projects the bulletin names.</summary>
    public const int LaggingShown = Bulletin.LaggingNamed;

    public static async Task<BulletinReport> LoadAsync(BlueprintDb db, BulletinQuery q, TimeProvider clock, CancellationToken ct = default)
    {
        var table = await Bulletin.ComputeAsync(db, q, clock, ct);
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ShortName ?? u.Name, ct);
        var city = await db.Set<Unit>().AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => u.Name).FirstOrDefaultAsync(ct);

        // Most behind first: only projects with an annual plan that are behind their schedule.
        var lagging = (await Bulletin.LaggingAsync(db, q, clock, ct)).Behind
            .Take(LaggingShown)
            .Select(p => new LaggingProject(p.Code, p.Name, units.GetValueOrDefault(p.UnitId, ""), p.Figures))
            .ToList();

        // Problems as they stood at the period's end (today, while the month runs): the cockpit's day.
        // A past month's bulletin lists what was open then and calls overdue what was overdue then,
        // never judged by today's date.
        var today = ProblemList.Today(clock);
        var day = AsOfDay(q.Year, q.Month, today);
        var keyList = db.Set<AnnualPlanEntry>().Where(e => e.Year == q.Year && e.PlanType != PlanType.Reserve);
        var open = (await ProblemList.QueryAsync(db, new ProblemFilter(Status: ProblemStatus.Open, AsOf: day < today ? day : null), today, ct))
            .Where(p => p.KeyProjectId != null && keyList.Any(e => e.KeyProjectId == p.KeyProjectId));
        // Every listed problem was open at the day, so it was overdue then when its deadline had passed by then.
        var problems = (await ProblemList.ToDtosAsync(open, today, ct))
            .Select(p => p with { IsOverdue = p.Deadline is { } d && d < day })
            .ToList();

        return new BulletinReport(table, city, lagging, problems, RankUnits(table.ByUnit));
    }

    /// <summary>
    /// The day a month's outputs judge open and overdue at: the month's last day, or today while the
    /// month runs (the cockpit's <c>CockpitAsOf.Day</c>, the supervision bulletin's as-of).
    /// </summary>
    public static DateOnly AsOfDay(int year, int month, DateOnly today)
    {
        var monthEnd = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
        return monthEnd < today ? monthEnd : today;
    }

    /// <summary>Units by completion rate, highest first; units with no annual plan last.</summary>
    public static IReadOnlyList<BulletinRow> RankUnits(IEnumerable<BulletinRow> units) =>
        [.. units.OrderBy(r => r.Figures.InvestmentCompletionRate is null).ThenByDescending(r => r.Figures.InvestmentCompletionRate).ThenBy(r => r.Key, StringComparer.Ordinal)];
}

/// <summary>The names of bulletin rows and lights in the user's language (rows are keyed, not named, by <see cref="Bulletin"/>).</summary>
public static class BulletinLabels
{
    public static string Row(BulletinRow row, IStringLocalizer<SharedResource> t) => row.Key switch
    {
        "all" => t["Reports.Row.All"],
        _ when row.Key.StartsWith("category:", StringComparison.Ordinal) => t[$"Reports.Category.{row.Key["category:".Length..]}"],
        _ when row.Key.StartsWith("plan:", StringComparison.Ordinal) => t[$"Reports.PlanType.{row.Key["plan:".Length..]}"],
        _ => row.Label,
    };

    /// <summary>正常 / 预警 / 滞后, or a dash when there is nothing to judge.</summary>
    public static string Light(StatusLight? light, IStringLocalizer<SharedResource> t) =>
        light is { } l ? t[$"Reports.Light.{l}"] : "—";
}

/// <summary>The columns of the summary table, as text, shared by the page and the Word bulletin.</summary>
public static class BulletinColumns
{
    public static IReadOnlyList<string> Headers(IStringLocalizer<SharedResource> t) =>
    [
        t["Reports.Col.Row"], t["Reports.Col.Count"], t["Reports.Col.AnnualPlan"], t["Reports.Col.Completed"], t["Reports.Col.Rate"],
        t["Reports.Col.Schedule"], t["Reports.Col.Ahead"], t["Reports.Col.Started"], t["Reports.Col.StartRate"], t["Reports.Col.Finished"],
        t["Reports.Col.FinishRate"], t["Reports.Col.ReserveStarted"], t["Reports.Col.ConversionRate"], t["Reports.Col.Light"],
    ];

    /// <summary>亿元 to two decimals, percentages and points to one (PRODUCT.md display rounding).</summary>
    public static IReadOnlyList<string> Cells(BulletinRow row, IStringLocalizer<SharedResource> t)
    {
        var f = row.Figures;
        var n = f.Totals;
        return
        [
            BulletinLabels.Row(row, t), n.KeyListCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            Figure.Yi(n.AnnualPlan, 2), Figure.Yi(n.CompletedYearToDate, 2), Figure.Percent(f.InvestmentCompletionRate),
            Figure.Percent(f.ElapsedSchedule), f.AheadOfSchedulePoints is { } p ? Figure.SignedPoints(p) : "—",
            $"{n.PlannedStartsStarted}/{n.PlannedStarts}", Figure.Percent(f.StartRate),
            $"{n.PlannedCompletionsCompleted}/{n.PlannedCompletions}", Figure.Percent(f.FinishRate),
            $"{n.ReserveStarted}/{n.Reserve}", Figure.Percent(f.ConversionRate), BulletinLabels.Light(f.Light, t),
        ];
    }

    /// <summary>Every row of the table in print order: all, categories, plan types, units.</summary>
    public static IEnumerable<BulletinRow> Rows(BulletinTable table) =>
        [table.All, .. table.ByCategory, .. table.ByPlanType, .. table.ByUnit];
}
