using System.Globalization;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// Units type money in 万元 (as their spreadsheets do); the database keeps 元. Four decimals of
/// 万元 are exactly one 元, so the conversion is exact or refused, never rounded.
/// </summary>
public static class WanInput
{
    /// <summary>"1,234.5" 万元 → 12,345,000 元; null when empty, not a number, or finer than 1 元.</summary>
    public static long? Parse(string? text)
    {
        var trimmed = text?.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(trimmed)
            || !decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wan)
            || Math.Abs(wan) > Infrastructure.XlsxCells.MaxWan)
        {
            return null;
        }

        var yuan = wan * Figures.Figure.YuanPerWan;
        return yuan == decimal.Truncate(yuan) && Math.Abs(yuan) < long.MaxValue / 2 ? (long)yuan : null;
    }

    /// <summary>12,345,000 元 → "1234.5": plain, for an input box (no separators, no trailing zeros).</summary>
    public static string Format(long yuan) =>
        ((decimal)yuan / Figures.Figure.YuanPerWan).ToString("0.####", CultureInfo.InvariantCulture);
}
