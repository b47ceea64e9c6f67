using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Indicators;

/// <summary>One unit's line of an indicator: its target, the latest status and the forecast.</summary>
public sealed record IndicatorUnitLine(int UnitId, string UnitName, decimal Target, IndicatorSeries Series);

/// <summary>Every row ever recorded for one indicator (corrections included), oldest first per period.</summary>
public sealed record IndicatorValueRow(
    long Id, int UnitId, string UnitName, int Period, decimal Value, SubmissionStatus Status, bool IsCurrent, string? ReviewComment,
    long? SupersedesId, string? CorrectionReason, DateTime RecordedAtUtc, DateTime? AcceptedAtUtc, int? SubmittedById, int Version);

/// <summary>An indicator's page: its definition, each unit's status and forecast as of a moment, and the values history.</summary>
public sealed record IndicatorDetail(
    Indicator Indicator, string UnitName, string? GoalTitle, IndicatorAsOf AsOf, IReadOnlyList<IndicatorUnitLine> Lines,
    IReadOnlyList<IndicatorValueRow> History)
{
    public IndicatorUnitLine Whole => Lines[0];

    public static async Task<IndicatorDetail?> LoadAsync(BlueprintDb db, int id, IndicatorAsOf asOf, CancellationToken ct)
    {
        var indicator = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear).Include(i => i.Goal)
            .SingleOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null)
        {
            return null;
        }

        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.ShortName ?? u.Name, ct);
        var series = await IndicatorFigures.ComputeAsync(db, [indicator], asOf, withShares: true, ct);
        var lines = series.Select(s => new IndicatorUnitLine(s.UnitId, units.GetValueOrDefault(s.UnitId, ""), s.Plan.Target, s)).ToList();
        var history = await db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IndicatorId == id)
            .OrderBy(v => v.UnitId).ThenBy(v => v.Period).ThenBy(v => v.Id)
            .Select(v => new IndicatorValueRow(v.Id, v.UnitId, "", v.Period, v.Value, v.Status, v.IsCurrent, v.ReviewComment, v.SupersedesId,
                v.CorrectionReason, v.RecordedAtUtc, v.AcceptedAtUtc, v.SubmittedById, v.Version))
            .ToListAsync(ct);
        history = [.. history.Select(h => h with { UnitName = units.GetValueOrDefault(h.UnitId, "") })];
        return new IndicatorDetail(indicator, units.GetValueOrDefault(indicator.UnitId, ""), indicator.Goal?.Title, asOf, lines, history);
    }

    /// <summary>
    /// The chart of one line: actual values, the schedule (what was due by each period) and the
    /// forecast path from the latest value to the year end along the schedule's shape.
    /// </summary>
    public static object ChartData(IndicatorSeries s, string actualName, string scheduleName, string forecastName)
    {
        var n = IndicatorStatus.PeriodCount(s.Plan.Profile);
        var periods = Enumerable.Range(1, n).ToArray();
        var f = s.Forecast;
        decimal? ForecastAt(int p)
        {
            if (f.YearEnd is not { } end || p < f.FromPeriod)
            {
                return null;
            }

            if (p == f.FromPeriod)
            {
                return s.Values[p];
            }

            // Between the latest value and the year end, follow the schedule's shape.
            var from = IndicatorStatus.ShareDue(s.Plan, f.FromPeriod);
            var share = from >= 1m ? 1m : (IndicatorStatus.ShareDue(s.Plan, p) - from) / (1m - from);
            return s.Values[f.FromPeriod] + ((end - s.Values[f.FromPeriod]) * share);
        }

        return new
        {
            periods,
            profile = s.Plan.Profile.ToString(),
            series = new object[]
            {
                new { name = actualName, values = periods.Select(p => s.Values.TryGetValue(p, out var v) && p <= s.UpToPeriod ? Round(v) : null).ToArray() },
                new { name = scheduleName, values = periods.Select(p => Round(IndicatorStatus.Due(s.Plan, p))).ToArray() },
                new { name = forecastName, values = periods.Select(p => Round(ForecastAt(p))).ToArray() },
            },
        };
    }

    private static decimal? Round(decimal? value) => value is { } v ? Figure.RoundForDisplay(v, 2) : null;
}
