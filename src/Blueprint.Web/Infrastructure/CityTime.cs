using System.Globalization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The city's clock — China, UTC+8 all year, no daylight saving — in which every stored UTC
/// instant is shown to users, wherever the server runs.
/// </summary>
public static class CityTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The city's calendar day of a UTC instant.</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(Of(utc));

    /// <summary>Today in the city, by the application's clock (a fake one in tests).</summary>
    public static DateOnly Today(TimeProvider clock) => Day(clock.GetUtcNow().UtcDateTime);

    /// <summary>The instant a day of the city begins, in UTC (16:00 UTC the day before).</summary>
    public static DateTime StartUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - Offset;

    /// <summary>A UTC instant as the city's wall-clock time.</summary>
    public static DateTime Of(DateTime utc) => utc + Offset;

    /// <summary>"yyyy-MM-dd HH:mm" in the city.</summary>
    public static string Minute(DateTime utc) => Of(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"yyyy-MM-dd HH:mm" in the city, or "—" when there is no instant.</summary>
    public static string Minute(DateTime? utc) => utc is { } u ? Minute(u) : "—";
}
