using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>An indicator red at the cockpit's month, as the indicator list shows it (its whole, or the user's unit's share).</summary>
public sealed record RedIndicator(int Id, string Name, int UnitId);

/// <summary>A year's indicators by light as the indicator list judges them, the per-unit lights chart and the red ones.</summary>
public sealed record IndicatorLights(int Green, int Yellow, int Red, int NoData, IReadOnlyList<UnitLightsRow> ByUnit, IReadOnlyList<RedIndicator> RedIndicators)
{
    public int Count => Green + Yellow + Red + NoData;
}

/// <summary>
/// The indicator figures of the cockpit from <see cref="IndicatorFigures"/>, computed once per
/// month and read two ways: per indicator the line the indicator list shows (the whole when the
/// user sees the responsible unit, else the user's own unit's share), and per unit every target
/// it holds, as <see cref="IndicatorUnitLights"/> counts them. Tests hold both equal to those modules.
/// </summary>
public static class CockpitIndicators
{
    public sealed record Context(List<Indicator> Indicators, HashSet<int> Scope, IReadOnlyList<(int Id, string Name)> Units);

    public static async Task<Context> LoadAsync(BlueprintDb db, int year, IReadOnlyList<(int Id, string Name)> units, CancellationToken ct)
    {
        var indicators = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear)
            .Where(i => i.PlanYear!.Year == year).OrderBy(i => i.GoalId).ThenBy(i => i.Id).ToListAsync(ct);
        var scope = (await IndicatorScope.ScopeUnits(db).ToListAsync(ct)).ToHashSet();
        return new Context(indicators, scope, units);
    }

    /// <summary>
    /// The lights of a month (and of the month before when asked) as a reader who sees every unit
    /// sees them, from the kept figures of those months (decision 0041), else computed and kept;
    /// a scoped reader's are computed.
    /// </summary>
    public static async Task<(IndicatorLights AsOf, IndicatorLights? Previous)> ReadAsync(
        BlueprintDb db, int year, int month, IReadOnlyList<(int Id, string Name)> units, TimeProvider clock, CancellationToken ct)
    {
        var asOf = IndicatorAsOf.MonthEnd(year, month);
        IndicatorAsOf? previous = month > 1 ? IndicatorAsOf.MonthEnd(year, month - 1) : null;
        if (!KeptFigures.Keeps(db))
        {
            return await ComputeAsync(db, await LoadAsync(db, year, units, ct), asOf, previous, ct);
        }

        var (now, keepNow) = await KeptFigures.TryGetAsync<IndicatorLights>(db, KeptKind.IndicatorLights, year, month, null, clock, ct);
        var (before, keepBefore) = previous is null
            ? (null, _ => Task.CompletedTask)
            : await KeptFigures.TryGetAsync<IndicatorLights>(db, KeptKind.IndicatorLights, year, month - 1, null, clock, ct);
        if (now is not null && (previous is null || before is not null))
        {
            return (now, before);
        }

        var computed = await ComputeAsync(db, await LoadAsync(db, year, units, ct), asOf, previous, ct);
        await keepNow(computed.AsOf);
        if (computed.Previous is { } p)
        {
            await keepBefore(p);
        }

        return computed;
    }

    /// <summary>The lights at the month's end and, when asked, at the previous month's end (one read for both).</summary>
    public static async Task<(IndicatorLights AsOf, IndicatorLights? Previous)> ComputeAsync(
        BlueprintDb db, Context c, IndicatorAsOf asOf, IndicatorAsOf? previous, CancellationToken ct)
    {
        var (now, before) = await IndicatorFigures.StatusesAsync(db, c.Indicators, asOf, previous ?? asOf, ct);
        return (Lights(c, now), previous is null ? null : Lights(c, before));
    }

    private static IndicatorLights Lights(Context c, List<IndicatorSeries> series)
    {
        var byIndicator = series.ToLookup(s => s.IndicatorId);
        var lines = c.Indicators
            .Select(i => (Indicator: i, Line: byIndicator[i.Id].FirstOrDefault(s => c.Scope.Contains(s.UnitId)) ?? byIndicator[i.Id].First()))
            .ToList();
        int Count(StatusLight? light) => lines.Count(l => l.Line.Status?.Light == light);

        var byUnit = series.ToLookup(s => s.UnitId);
        var unitRows = c.Units.Where(u => byUnit.Contains(u.Id)).Select(u =>
        {
            var lights = byUnit[u.Id].Select(s => s.Status?.Light).ToList();
            return new UnitLightsRow(u.Id, u.Name, lights.Count(l => l == StatusLight.Green), lights.Count(l => l == StatusLight.Yellow),
                lights.Count(l => l == StatusLight.Red), lights.Count(l => l is null));
        }).ToList();

        var red = lines.Where(l => l.Line.Status?.Light == StatusLight.Red)
            .Select(l => new RedIndicator(l.Indicator.Id, l.Indicator.Name, l.Line.UnitId)).ToList();
        return new IndicatorLights(Count(StatusLight.Green), Count(StatusLight.Yellow), Count(StatusLight.Red), Count(null), unitRows, red);
    }
}
