using System.Globalization;

namespace Blueprint.Web.Features.Figures;

/// <summary>
/// Exact arithmetic and display rounding of the standard figures. Figures are computed from
/// exact sums (money in 元 as long, ratios as decimal) and rounded only here, for display:
/// percentages and percentage points to one decimal, 亿元 to one or two decimals, half away
/// from zero (PRODUCT.md).
/// </summary>
public static class Figure
{
    public const long YuanPerWan = 10_000;
    public const long YuanPerYi = 100_000_000;

    /// <summary>part ÷ whole as an exact ratio, or null when there is nothing to divide by.</summary>
    public static decimal? Ratio(long part, long whole) => whole == 0 ? null : (decimal)part / whole;

    /// <summary>(rate − schedule) in percentage points: positive ahead, negative behind.</summary>
    public static decimal Points(decimal rate, decimal schedule) => (rate - schedule) * 100m;

    public static decimal RoundForDisplay(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>0.328571… → "32.9%"; null → "—".</summary>
    public static string Percent(decimal? ratio) =>
        ratio is { } r ? RoundForDisplay(r * 100m, 1).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>0.328571… → 0.329: a ratio rounded as <see cref="Percent"/> shows it, for a cell formatted as a percentage.</summary>
    public static decimal? RatioForDisplay(decimal? ratio) => ratio is { } r ? RoundForDisplay(r * 100m, 1) / 100m : null;

    /// <summary>−0.476… → "-0.5", 1.25 → "+1.3" (percentage points, signed).</summary>
    public static string SignedPoints(decimal points)
    {
        var rounded = RoundForDisplay(points, 1);
        return (rounded > 0 ? "+" : "") + rounded.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>元 → 亿元 with thousands separators, e.g. 752,000,000 → "7.52" (decimals 2).</summary>
    public static string Yi(long yuan, int decimals = 1) =>
        RoundForDisplay((decimal)yuan / YuanPerYi, decimals).ToString("N" + decimals, CultureInfo.InvariantCulture);

    /// <summary>元 → 万元 with thousands separators and no decimals unless asked.</summary>
    public static string Wan(long yuan, int decimals = 0) =>
        RoundForDisplay((decimal)yuan / YuanPerWan, decimals).ToString("N" + decimals, CultureInfo.InvariantCulture);
}
