using System.Text.Json.Serialization;

namespace Blueprint.Web.Features.Figures;

/// <summary>红黄绿灯. Always shown with a word beside the colour (正常 / 预警 / 滞后).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum StatusLight
{
    Green = 0,
    Yellow = 1,
    Red = 2,
}

/// <summary>The light rules of PRODUCT.md, on exact values (never on rounded display values).</summary>
public static class StatusLights
{
    /// <summary>Default tolerance behind schedule before a light turns red, in percentage points.</summary>
    public const decimal DefaultTolerancePoints = 5m;

    /// <summary>
    /// Green on or ahead of schedule; yellow when behind by no more than the tolerance; red
    /// beyond it. <paramref name="completionRate"/> and <paramref name="elapsedSchedule"/> are
    /// ratios (0.329 = 32.9 %), the tolerance is in percentage points.
    /// </summary>
    public static StatusLight ForSchedule(decimal completionRate, decimal elapsedSchedule, decimal tolerancePoints = DefaultTolerancePoints)
    {
        var points = Figure.Points(completionRate, elapsedSchedule);
        return points >= 0 ? StatusLight.Green
            : points >= -tolerancePoints ? StatusLight.Yellow
            : StatusLight.Red;
    }

    /// <summary>
    /// A supervision item: yellow within 3 days of its deadline, red when overdue; a closed
    /// item is green. "Within 3 days" counts calendar days, deadline day included.
    /// </summary>
    public static StatusLight ForDeadline(DateOnly deadline, DateOnly today, bool closed)
    {
        if (closed)
        {
            return StatusLight.Green;
        }

        var daysLeft = deadline.DayNumber - today.DayNumber;
        return daysLeft < 0 ? StatusLight.Red
            : daysLeft <= 3 ? StatusLight.Yellow
            : StatusLight.Green;
    }
}
