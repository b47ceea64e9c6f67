using System.Globalization;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

/// <summary>How indicator figures read on screen: periods by name, numbers without noise, the forecast's assumption in words.</summary>
public static class IndicatorText
{
    public static string Period(IStringLocalizer<SharedResource> t, ScheduleProfile profile, int period) => profile switch
    {
        ScheduleProfile.Monthly when period is >= 1 and <= 12 => t["Indicators.PeriodMonth", period, new DateOnly(2000, period, 1)],
        ScheduleProfile.Monthly => period.ToString(CultureInfo.InvariantCulture),
        ScheduleProfile.Quarterly => t["Indicators.PeriodQuarter", period],
        _ => t["Indicators.PeriodYear"],
    };

    /// <summary>Up to two decimals, thousands separated, half away from zero (display only).</summary>
    public static string Number(decimal value) =>
        Figure.RoundForDisplay(value, 2).ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>The assumption behind a forecast, in a sentence.</summary>
    public static string Assumption(IStringLocalizer<SharedResource> t, IndicatorPlan plan, IndicatorForecastResult f) => f.Method switch
    {
        ForecastMethod.Linear when f.Share == 1m => t["Indicators.Forecast.YearDone"],
        ForecastMethod.Linear => t["Indicators.Forecast.Linear", Period(t, plan.Profile, f.FromPeriod), Figure.Percent(f.Share), Number(f.YearEnd!.Value)],
        ForecastMethod.Seasonal => t["Indicators.Forecast.Seasonal", string.Join("、", f.YearsUsed), Period(t, plan.Profile, f.FromPeriod), Figure.Percent(f.Share), Number(f.YearEnd!.Value)],
        _ => t["Indicators.Forecast.None"],
    };
}
