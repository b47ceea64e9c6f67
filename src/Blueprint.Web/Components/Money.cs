using System.Globalization;

namespace Blueprint.Web.Components;

/// <summary>Display of amounts stored in 元; rounding happens here and only here, for display.</summary>
public static class Money
{
    private const decimal YuanPerYi = 100_000_000m;

    /// <summary>亿元 with one decimal and thousands separators, half away from zero (as bulletins print it).</summary>
    public static string Yi(long yuan) =>
        decimal.Round(yuan / YuanPerYi, 1, MidpointRounding.AwayFromZero).ToString("N1", CultureInfo.CurrentCulture);
}
