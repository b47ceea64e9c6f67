using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>A red item on the leaders' list.</summary>
public sealed record RedItem(int Id, string CaseNumber, string Title, int UnitId, string UnitName, DateOnly Deadline, SupervisionStatus Status, int DaysOverdue);

/// <summary>
/// The leaders' list of every red item: open items the job has marked red (overdue), the most
/// overdue first. Days overdue are counted to today in the city.
/// </summary>
public static class SupervisionRedList
{
    public static IQueryable<RedItem> Query(BlueprintDb db) =>
        db.Set<SupervisionItem>().AsNoTracking()
            .Where(i => i.Light == StatusLight.Red && i.Status != SupervisionStatus.Closed)
            .OrderBy(i => i.Deadline).ThenBy(i => i.CaseNumber)
            .Select(i => new RedItem(i.Id, i.CaseNumber, i.Title, i.UnitId, i.Unit!.Name, i.Deadline, i.Status, 0));

    public static RedItem WithDays(RedItem item, DateOnly today) => item with { DaysOverdue = SupervisionLights.DaysOverdue(item.Deadline, today) };

    public static async Task<Page<RedItem>> PageAsync(BlueprintDb db, DateOnly today, int? page, int? pageSize, CancellationToken ct)
    {
        var result = await Query(db).ToPageAsync(page, pageSize, ct);
        return result with { Items = [.. result.Items.Select(i => WithDays(i, today))] };
    }

    public static XlsxColumn[] RedColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["SupRank.Col.CaseNumber"]), new(t["SupRank.Col.Title"]), new(t["SupRank.Col.LeadUnit"]), new(t["SupRank.Col.Deadline"], XlsxKind.Date),
        new(t["SupRank.Col.DaysOverdue"], XlsxKind.Integer), new(t["SupRank.Col.Light"]),
    ];

    public static XlsxColumn[] RankingColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["SupRank.Col.Rank"], XlsxKind.Integer), new(t["SupRank.Col.Unit"]), new(t["SupRank.Col.FeedbacksDue"], XlsxKind.Integer),
        new(t["SupRank.Col.FeedbacksOnTime"], XlsxKind.Integer), new(t["SupRank.Col.OnTimeRate"], XlsxKind.Percent),
        new(t["SupRank.Col.ItemsDue"], XlsxKind.Integer), new(t["SupRank.Col.ItemsClosed"], XlsxKind.Integer),
        new(t["SupRank.Col.ClosureRate"], XlsxKind.Percent), new(t["SupRank.Col.Overdue"], XlsxKind.Integer),
        new(t["SupRank.Col.Reminded"], XlsxKind.Integer),
    ];

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<RedItem> items, IStringLocalizer<SharedResource> t) =>
        items.Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["SupRank.Col.CaseNumber"]] = i.CaseNumber,
            [t["SupRank.Col.Title"]] = i.Title,
            [t["SupRank.Col.LeadUnit"]] = i.UnitName,
            [t["SupRank.Col.Deadline"]] = i.Deadline,
            [t["SupRank.Col.DaysOverdue"]] = i.DaysOverdue,
            [t["SupRank.Col.Light"]] = t["Reports.Light.Red"].Value,
        });

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(RankingReport report, IStringLocalizer<SharedResource> t) =>
        report.Units.Select((u, index) => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["SupRank.Col.Rank"]] = index + 1,
            [t["SupRank.Col.Unit"]] = u.UnitName,
            [t["SupRank.Col.FeedbacksDue"]] = u.FeedbacksDue,
            [t["SupRank.Col.FeedbacksOnTime"]] = u.FeedbacksOnTime,
            [t["SupRank.Col.OnTimeRate"]] = Figure.RatioForDisplay(u.OnTimeRate),
            [t["SupRank.Col.ItemsDue"]] = u.ItemsDue,
            [t["SupRank.Col.ItemsClosed"]] = u.ItemsClosed,
            [t["SupRank.Col.ClosureRate"]] = Figure.RatioForDisplay(u.ClosureRate),
            [t["SupRank.Col.Overdue"]] = u.OverdueCount,
            [t["SupRank.Col.Reminded"]] = u.RemindedCount,
        });
}
