using System.Globalization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// Column widths fitted to what a column shows. Excel measures widths in characters of the
/// standard font; a Chinese character is about two of them, so names are counted that way.
/// </summary>
public static class XlsxWidths
{
    /// <summary>The width of the longest of the header and the (first) cells, plus a margin, between the bounds.</summary>
    public static double Fit(XlsxColumn column, IEnumerable<IReadOnlyDictionary<string, object?>> rows, double min, double max)
    {
        var widest = Of(column.Header);
        foreach (var row in rows)
        {
            widest = Math.Max(widest, Of(Shown(row.GetValueOrDefault(column.Header), column.Kind)));
        }

        return Math.Clamp(widest + 2, min, max);
    }

    /// <summary>Display width: two for each wide (CJK, full-width) character, one for the others.</summary>
    public static int Of(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        var width = 0;
        foreach (var c in text)
        {
            width += IsWide(c) ? 2 : 1;
        }

        return width;
    }

    /// <summary>1 → A, 26 → Z, 27 → AA.</summary>
    public static string ColumnName(int number)
    {
        var name = "";
        for (var n = Math.Max(number, 1); n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Roughly what the cell shows under its number format.</summary>
    private static string? Shown(object? value, XlsxKind kind) => (value, kind) switch
    {
        (null, _) => null,
        (string s, _) => s,
        (DateOnly or DateTime, XlsxKind.DateTime) => "2024-01-31 10:00",
        (DateOnly or DateTime, _) => "2024-01-31",
        (IConvertible n, XlsxKind.Money) => n.ToDecimal(CultureInfo.InvariantCulture).ToString("#,##0.00", CultureInfo.InvariantCulture),
        (IConvertible n, XlsxKind.Percent) => n.ToDecimal(CultureInfo.InvariantCulture).ToString("0.0%", CultureInfo.InvariantCulture),
        (IFormattable f, _) => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static bool IsWide(char c) =>
        c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6';
}
