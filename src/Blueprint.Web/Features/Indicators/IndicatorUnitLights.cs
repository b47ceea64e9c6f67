using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Indicators;

/// <summary>One unit's targets of a year by light: the indicators it is responsible for and its shares of others.</summary>
public sealed record UnitLightsRow(int UnitId, string UnitName, int Green, int Yellow, int Red, int NoData)
{
    public int Judged => Green + Yellow + Red;

    public decimal? Share(StatusLight light) => Judged == 0 ? null : (light switch
    {
        StatusLight.Green => Green,
        StatusLight.Yellow => Yellow,
        _ => Red,
    }) / (decimal)Judged;
}

public static class IndicatorUnitLights
{
    public static async Task<List<UnitLightsRow>> ComputeAsync(BlueprintDb db, int year, IndicatorAsOf asOf, CancellationToken ct)
    {
        var indicators = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear)
            .Where(i => i.PlanYear!.Year == year).ToListAsync(ct);
        var series = await IndicatorFigures.StatusesAsync(db, indicators, asOf, ct);
        var units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Id, Name = u.ShortName ?? u.Name }).ToListAsync(ct);
        var byUnit = series.ToLookup(s => s.UnitId);
        return [.. units.Where(u => byUnit.Contains(u.Id)).Select(u =>
        {
            var lights = byUnit[u.Id].Select(s => s.Status?.Light).ToList();
            return new UnitLightsRow(u.Id, u.Name, lights.Count(l => l == StatusLight.Green), lights.Count(l => l == StatusLight.Yellow),
                lights.Count(l => l == StatusLight.Red), lights.Count(l => l is null));
        })];
    }

    /// <summary>The stacked-bar chart: per unit the percent of its judged targets in each light.</summary>
    public static object ChartData(IReadOnlyList<UnitLightsRow> rows, string green, string yellow, string red) => new
    {
        units = rows.Select(r => r.UnitName).ToArray(),
        series = new object[]
        {
            new { name = green, light = "green", values = rows.Select(r => Percent(r.Share(StatusLight.Green))).ToArray() },
            new { name = yellow, light = "yellow", values = rows.Select(r => Percent(r.Share(StatusLight.Yellow))).ToArray() },
            new { name = red, light = "red", values = rows.Select(r => Percent(r.Share(StatusLight.Red))).ToArray() },
        },
    };

    private static decimal? Percent(decimal? share) => share is { } s ? Figure.RoundForDisplay(s * 100m, 1) : null;
}
