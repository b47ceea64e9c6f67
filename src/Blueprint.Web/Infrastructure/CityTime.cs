using System.Globalization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The city's clock — China, UTC+8 all year, no daylight saving — in which every stored UTC
/// instant is shown to users, wherever the server runs.
/// </summary>
public static class CityTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>A UTC instant as the city's wall-clock time.</summary>
    public static DateTime Of(DateTime utc) => utc + Offset;

    /// <summary>"yyyy-MM-dd HH:mm" in the city.</summary>
    public static string Minute(DateTime utc) => Of(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"yyyy-MM-dd HH:mm" in the city, or "—" when there is no instant.</summary>
    public static string Minute(DateTime? utc) => utc is { } u ? Minute(u) : "—";
}
