using System.Globalization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// Turns raw cell values (string, double, DateTime … as MiniExcel reads them) into the values
/// an import needs, exactly: money typed in 万元 becomes whole 元, or is refused.
/// </summary>
public static class XlsxCells
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];

    /// <summary>Trimmed text, or null when blank. Undoes the export's formula escape, so exports re-import.</summary>
    public static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        text = text?.Trim();
        if (text is { Length: > 1 } && text[0] == '\'' && Xlsx.EscapeText(text[1..]) != text[1..])
        {
            text = text[1..];
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>A decimal number from a numeric or text cell ("1,234.5" is accepted).</summary>
    public static bool TryNumber(object? value, out decimal number)
    {
        number = 0;
        var text = value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Text(value);
        return text is not null
            && decimal.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The largest amount accepted in 万元 (10^14 万元 = 10^18 元 fits a long).</summary>
    public const decimal MaxWan = 100_000_000_000_000m;

    /// <summary>万元 → 元, exactly: more than four decimals would be a fraction of a 元.</summary>
    public static bool TryWanToYuan(decimal wan, out long yuan)
    {
        yuan = 0;

        // Bound first: 1e28 万元 would overflow the multiplication itself (a 500, not a row error).
        // 10^14 万元 is far beyond any budget and still fits a long once in 元.
        if (Math.Abs(wan) > MaxWan)
        {
            return false;
        }

        var scaled = wan * 10_000m;
        if (scaled % 1m != 0 || scaled > long.MaxValue || scaled < long.MinValue)
        {
            return false;
        }

        yuan = (long)scaled;
        return true;
    }

    /// <summary>元 → 万元 for a sheet cell: exact, since 1 元 is 0.0001 万元.</summary>
    public static decimal Wan(long yuan) => yuan / 10_000m;

    public static bool TryDate(object? value, out DateOnly date)
    {
        date = default;
        switch (value)
        {
            case DateTime dt:
                date = DateOnly.FromDateTime(dt);
                return true;
            case double serial when serial is >= 1 and < 2958466 && serial % 1 == 0:
                // A date cell without a date format arrives as Excel's day serial number.
                date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
                return true;
            default:
                return Text(value) is { } text
                    && DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }
    }
}
