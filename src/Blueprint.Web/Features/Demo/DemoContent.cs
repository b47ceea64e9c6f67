using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Demo;

/// <summary>
/// The plans, projects, progress, milestones, review and supervision of the demo city, written
/// from the 2023 municipal work conference (shared/context/ziyang-2023-work-conference.txt).
/// The story is written in its own dates (2023, 2024) and every date goes through
/// <see cref="Calendar"/> on its way to the database, so the city is seeded for any day.
/// Deterministic: every figure comes from fixed data or arithmetic, never from the clock or a
/// random source, so every run for the same seed day loads the same city. People appear only by office title.
/// </summary>
public sealed partial class DemoContent(BlueprintDb db, DemoUnits units, DemoCalendar calendar)
{
    private DemoCalendar Calendar => calendar;

    private Dictionary<string, int> _users = [];

    public async Task<string> SeedAsync()
    {
        _users = await db.Set<User>().ToDictionaryAsync(u => u.UserName!, u => u.Id);

        var plans = await SeedPlansAsync();
        var projects = await SeedProjectsAsync();
        var reports = await SeedProgressAsync();
        var windows = await SeedReportingWindowsAsync();
        var entries = await SeedAnnualPlansAsync();
        var indicators = await SeedIndicatorsAsync();
        var reviews = await SeedReviewsAsync();
        var problems = await SeedProblemsAsync();
        var milestones = await SeedMilestonesAsync();
        var supervision = await SeedSupervisionAsync();
        var documents = await SeedDocumentSettingsAsync();

        return string.Join(", ", plans, projects, entries, reports, windows, indicators, problems, milestones, reviews, supervision, documents);
    }

    /// <summary>亿元 to 元.</summary>
    private static long Yi(decimal yi) => (long)Math.Round(yi * 100_000_000m, MidpointRounding.AwayFromZero);

    /// <summary>万元 to 元.</summary>
    private static long Wan(decimal wan) => (long)Math.Round(wan * 10_000m, MidpointRounding.AwayFromZero);

    /// <summary>元 rounded to whole 万元 (reports are filled in 万元).</summary>
    private static long RoundToWan(decimal yuan) =>
        (long)Math.Round(yuan / 10_000m, MidpointRounding.AwayFromZero) * 10_000;

    /// <summary>An instant in UTC; the hour is UTC (Beijing time is UTC+8). Story instants go through <see cref="Calendar"/>.</summary>
    private static DateTime Utc(int year, int month, int day, int hour = 2, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static DateTime Utc(DateOnly date, int hour = 2) => Utc(date.Year, date.Month, date.Day, hour);

    private int UnitId(string code) => units[code].Id;

    private int User(string userName) => _users[userName];

    private int ProjectOffice => _users["project.office"];

    private int SupervisionOffice => _users["supervision.office"];

    private int Leader => _users["leader"];

    private bool IsUnder(int unitId, string ancestorCode)
    {
        var unit = units.All.First(u => u.Id == unitId);
        return unit.Path.StartsWith(units[ancestorCode].Path, StringComparison.Ordinal);
    }

    /// <summary>The demo account that fills reports for a unit, if the unit has one.</summary>
    private int? ReporterFor(int unitId) =>
        IsUnder(unitId, DemoUnits.Anyue) ? User("anyue.reporter")
        : IsUnder(unitId, DemoUnits.Lezhi) ? User("lezhi.reporter")
        : null;

    /// <summary>The demo account that approves a unit's submissions, if the unit has one.</summary>
    private int? ApproverFor(int unitId) => IsUnder(unitId, DemoUnits.Anyue) ? User("anyue.leader") : null;

    /// <summary>The district, county or zone directly under the city that a unit belongs to.</summary>
    private Unit TopUnit(int unitId)
    {
        var unit = units.All.First(u => u.Id == unitId);
        var city = units[DemoUnits.City];
        while (unit.ParentId is { } parentId && parentId != city.Id)
        {
            unit = units.All.First(u => u.Id == parentId);
        }

        return unit;
    }
}
