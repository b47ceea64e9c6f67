using System.Text.Json.Serialization;
using Blueprint.Web.Features.Indicators;

namespace Blueprint.Web.Features.Figures;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ForecastMethod
{
    /// <summary>No forecast: no value yet, or nothing was due yet so no trend can be scaled.</summary>
    None = 0,

    /// <summary>Scaled on the schedule profile: the share done so far is the share due so far.</summary>
    Linear = 1,

    /// <summary>Scaled on the shape of earlier years: by this period they had done share s of their year.</summary>
    Seasonal = 2,
}

/// <summary>An earlier year of the same indicator: where it started and its values by period.</summary>
public sealed record EarlierYear(int Year, decimal Start, IReadOnlyDictionary<int, decimal> Values);

/// <summary>
/// A year-end forecast and the assumption behind it, so the page can say it in words.
/// <see cref="Share"/> is the share of the year's way assumed done by <see cref="FromPeriod"/>.
/// </summary>
public sealed record IndicatorForecastResult(
    ForecastMethod Method, decimal? YearEnd, int FromPeriod, decimal? Share, IReadOnlyList<int> YearsUsed, decimal? GapToTarget, StatusLight? Light)
{
    public static readonly IndicatorForecastResult None = new(ForecastMethod.None, null, 0, null, [], null, null);
}

/// <summary>
/// The year-end forecast of PRODUCT.md ("every status judged against elapsed time, with a
/// year-end forecast from the trend"). From the latest known period p with value v:
/// year end = start + (v − start) ÷ s, where s is the share of the year's way done by p —
/// the schedule's share (linear), or, when earlier years have values for p and for the year
/// end, the mean of their shares (v_p − start) ÷ (v_end − start) (seasonal).
/// </summary>
public static class IndicatorForecast
{
    public static IndicatorForecastResult Forecast(IndicatorPlan plan, IReadOnlyDictionary<int, decimal> values, int upToPeriod, IReadOnlyList<EarlierYear> earlier)
    {
        var period = values.Keys.Where(p => p >= 1 && p <= upToPeriod).DefaultIfEmpty(0).Max();
        if (period == 0)
        {
            return IndicatorForecast.Unknown;
        }

        var last = IndicatorStatus.PeriodCount(plan.Profile);
        var actual = values[period];
        if (period == last)
        {
            // The year is complete: the forecast is the result.
            return Result(plan, ForecastMethod.Linear, actual, period, 1m, []);
        }

        var seasonal = earlier
            .Select(y => (y.Year, Share: ShareOfYear(y, period, last)))
            .Where(y => y.Share is > 0m)
            .ToList();
        if (seasonal.Count > 0)
        {
            var share = seasonal.Average(y => y.Share!.Value);
            return Result(plan, ForecastMethod.Seasonal, plan.Start + ((actual - plan.Start) / share), period, share, [.. seasonal.Select(y => y.Year).Order()]);
        }

        var (part, whole) = IndicatorStatus.ShareFraction(plan, period);
        return part == 0m
            ? Unknown with { FromPeriod = period }
            : Result(plan, ForecastMethod.Linear, plan.Start + ((actual - plan.Start) * whole / part), period, part / whole, []);
    }

    private static readonly IndicatorForecastResult Unknown = IndicatorForecastResult.None;

    /// <summary>The share of an earlier year's way done by a period, or null when that year cannot say.</summary>
    private static decimal? ShareOfYear(EarlierYear year, int period, int last)
    {
        if (!year.Values.TryGetValue(period, out var atPeriod) || !year.Values.TryGetValue(last, out var atEnd))
        {
            return null;
        }

        var whole = atEnd - year.Start;
        return whole == 0m ? null : (atPeriod - year.Start) / whole;
    }

    private static IndicatorForecastResult Result(IndicatorPlan plan, ForecastMethod method, decimal yearEnd, int period, decimal share, IReadOnlyList<int> years)
    {
        var gap = IndicatorStatus.Better(plan.Direction, yearEnd, plan.Target);
        return new IndicatorForecastResult(method, yearEnd, period, share, years, gap, IndicatorStatus.Light(plan, gap));
    }
}
