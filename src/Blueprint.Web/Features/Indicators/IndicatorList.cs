using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Web.Features.Indicators;

/// <summary>
/// The filters and page of the indicator list, as they travel in the query string: the page,
/// its paging links, the API and the xlsx export read this one shape, so the export is what
/// the list shows. <see cref="AsOfYear"/>/<see cref="AsOfMonth"/> give the status as known at
/// the end of a past month.
/// </summary>
public sealed record IndicatorListQuery
{
    public static readonly int[] PageSizes = [10, 20, 50, 100];

    /// <summary>The largest page the list and the API give (issue 20: each row's lights are computed).</summary>
    public const int MaxPageSize = 100;

    public int? Year { get; init; }
    public int? GoalId { get; init; }

    /// <summary>The responsible unit, or a unit holding a target share.</summary>
    public int? UnitId { get; init; }
    public StatusLight? Light { get; init; }
    public string? Q { get; init; }
    public int? AsOfYear { get; init; }
    public int? AsOfMonth { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public static IndicatorListQuery From(IQueryCollection query)
    {
        string? Text(string name) => query[name] is var v && !StringValues.IsNullOrEmpty(v) && !string.IsNullOrWhiteSpace(v[0]) ? v[0]!.Trim() : null;
        int? Int(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        return new IndicatorListQuery
        {
            Year = Int("year") is >= 2000 and <= 2100 and var y ? y : null,
            GoalId = Int("goalId"),
            UnitId = Int("unitId"),
            Light = Enum.TryParse<StatusLight>(Text("light"), true, out var l) && Enum.IsDefined(l) ? l : null,
            Q = Text("q"),
            AsOfYear = Int("asOfYear") is >= 2000 and <= 2100 and var ay ? ay : null,
            AsOfMonth = Int("asOfMonth") is >= 1 and <= 12 and var am ? am : null,
            Page = Math.Max(1, Int("page") ?? 1),
            // Any size up to the largest the page offers (an API client may ask 30); lights are computed per row.
            PageSize = Int("pageSize") is { } size and >= 1 ? Math.Min(size, MaxPageSize) : 20,
        };
    }

    public string ToQueryString(bool withPaging = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["year"] = Year?.ToString(CultureInfo.InvariantCulture),
            ["goalId"] = GoalId?.ToString(CultureInfo.InvariantCulture),
            ["unitId"] = UnitId?.ToString(CultureInfo.InvariantCulture),
            ["light"] = Light?.ToString(),
            ["q"] = Q,
            ["asOfYear"] = AsOfYear?.ToString(CultureInfo.InvariantCulture),
            ["asOfMonth"] = AsOfMonth?.ToString(CultureInfo.InvariantCulture),
            ["page"] = withPaging && Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
            ["pageSize"] = withPaging && PageSize != 20 ? PageSize.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("", values.Where(v => v.Value is not null)!);
    }

    public IndicatorAsOf AsOf(TimeProvider clock) =>
        BadQueryException.Year(AsOfYear, "asOfYear") is { } y && AsOfMonth is { } m ? IndicatorAsOf.MonthEnd(y, m) : IndicatorAsOf.Now(clock);
}

/// <summary>
/// One indicator as the list shows it: the whole (the responsible unit's line) when the user
/// sees that unit, else the user's own unit's share; <see cref="UnitId"/> is the line's unit.
/// </summary>
public sealed record IndicatorRow(
    int Id, int Year, int? GoalId, string? GoalTitle, string Name, string Measure, IndicatorDirection Direction, int UnitId, string UnitName,
    int ResponsibleUnitId,
    decimal? Baseline, decimal AnnualTarget, ScheduleProfile Profile, int? LatestPeriod, decimal? LatestValue, decimal? Due,
    StatusLight? Light, decimal? ForecastYearEnd, ForecastMethod ForecastMethod, StatusLight? ForecastLight, string? TargetQualifier = null);

public static class IndicatorList
{
    public static async Task<(Page<IndicatorRow> Page, IndicatorAsOf AsOf)> LoadAsync(BlueprintDb db, IndicatorListQuery q, TimeProvider clock, CancellationToken ct)
    {
        var asOf = q.AsOf(clock);
        var query = IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear).Include(i => i.Goal).AsQueryable();
        query = q.Year is { } year ? query.Where(i => i.PlanYear!.Year == year) : query;
        query = q.GoalId is { } goal ? query.Where(i => i.GoalId == goal) : query;
        if (q.UnitId is { } unit)
        {
            var shares = db.Set<IndicatorTarget>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(x => x.UnitId == unit).Select(x => x.IndicatorId);
            query = query.Where(i => i.UnitId == unit || shares.Contains(i.Id));
        }

        if (q.Q is { } text)
        {
            query = query.Where(i => i.Name.Contains(text) || (i.DataSource != null && i.DataSource.Contains(text)));
        }

        var size = Math.Clamp(q.PageSize, 1, Paging.MaxPageSize);
        var page = Math.Clamp(q.Page, 1, int.MaxValue / Paging.MaxPageSize);
        var ordered = query.OrderByDescending(i => i.PlanYear!.Year).ThenBy(i => i.GoalId).ThenBy(i => i.Id);

        // Lights are computed, not stored. Without a light filter the database pages and only
        // the page's indicators are computed (issue 20: a province has 5,000 a year); with one,
        // the lights of every matching indicator are computed, then filtered and paged.
        List<Indicator> indicators;
        int total;
        if (q.Light is null)
        {
            total = await ordered.CountAsync(ct);
            indicators = await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        }
        else
        {
            indicators = await ordered.ToListAsync(ct);
            total = 0;
        }

        // A reader who sees every unit sees each indicator's first line (the whole); no need to load 4,000 unit ids.
        HashSet<int>? scope = db.CurrentUser.Scope == DataScope.All ? null : (await IndicatorScope.ScopeUnits(db).ToListAsync(ct)).ToHashSet();
        var series = (await IndicatorFigures.ComputeAsync(db, indicators, asOf, withShares: true, ct)).ToLookup(s => s.IndicatorId);
        var lines = indicators.Select(i => (Indicator: i, Series: series[i.Id].FirstOrDefault(s => scope is null || scope.Contains(s.UnitId)) ?? series[i.Id].First()))
            .Where(l => q.Light is null || l.Series.Status?.Light == q.Light).ToList();
        if (q.Light is not null)
        {
            total = lines.Count;
            lines = [.. lines.Skip((page - 1) * size).Take(size)];
        }

        var unitIds = lines.Select(l => l.Series.UnitId).Distinct().ToList();
        var units = await db.Set<Units.Unit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.ShortName ?? u.Name, ct);
        return (new Page<IndicatorRow>([.. lines.Select(l => Row(l.Indicator, l.Series, units))], total, page, size), asOf);
    }

    private static IndicatorRow Row(Indicator i, IndicatorSeries s, Dictionary<int, string> units) => new(
        i.Id, i.PlanYear!.Year, i.GoalId, i.Goal?.Title, i.Name, i.Measure, i.Direction, s.UnitId, units.GetValueOrDefault(s.UnitId, ""), i.UnitId,
        i.Baseline, s.Plan.Target, i.Profile, s.Status?.Period, s.Status?.Actual, s.Status?.Due, s.Status?.Light,
        s.Forecast.YearEnd, s.Forecast.Method, s.Forecast.Light, s.UnitId == i.UnitId ? i.TargetQualifier : null);
}
