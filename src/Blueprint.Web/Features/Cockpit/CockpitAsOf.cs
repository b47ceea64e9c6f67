using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>
/// The moment a cockpit describes: the end of a month of a plan year, each feature's figures
/// as that feature's own as-of view defines them, so that every number equals what its own page
/// shows for the same month.
/// </summary>
/// <param name="Day">The city's day the dated rules judge at (deadlines, open and closed): the month's last day, or today for the running month.</param>
/// <param name="DayEndUtc">The end of <see cref="Day"/> in the city, capped at now: events (created, closed, steps) count up to it.</param>
/// <param name="ProjectsKnownAtUtc">
/// What the project figures know. Month m's reports are filled and accepted in month m + 1, so
/// the figures "as they stood" for month m are those known when its reporting window closed (the
/// bulletin the office published); later corrections do not change them. Null while the window
/// is still open (or when there is none): everything known now. A day, as the bulletin page takes it.
/// </param>
/// <param name="Indicators">The indicator list's as-of view of the month (values known at its end), so the links show the same counts.</param>
/// <param name="IsPast">The day is before today: the supervision and problem links open those lists as they stood then.</param>
public sealed record CockpitAsOf(int Year, int Month, DateOnly Day, DateTime DayEndUtc, DateOnly? ProjectsKnownOn, IndicatorAsOf Indicators, bool IsPast)
{
    private string DayText => Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The supervision items overdue at the day (of a unit and those below it): today's red list, or the list judged from history.</summary>
    public string SupervisionOverdueHref(int? unitId = null) =>
        (IsPast, unitId) switch
        {
            (false, null) => "supervision/red",
            (false, { } u) => $"supervision?unitId={u}&light=Red",
            (true, null) => $"supervision?overdueOn={DayText}",
            (true, { } u) => $"supervision?unitId={u}&overdueOn={DayText}",
        };

    /// <summary>The problems open (or overdue) at the day: today's filters, or the list as it stood then.</summary>
    public string ProblemsHref(bool overdue) =>
        (overdue ? "problems?overdue=true" : "problems?status=Open") + (IsPast ? $"&asOf={DayText}" : "");

    /// <summary>The end of <see cref="ProjectsKnownOn"/> in the city (16:00 UTC of that day), as the bulletin page reads its knownAt.</summary>
    public DateTime? ProjectsKnownAtUtc => ProjectsKnownOn is { } d ? EndOfDayUtc(d) : null;

    public BulletinQuery Bulletin => new(Year, Month, ProjectsKnownAtUtc);

    public static DateTime EndOfDayUtc(DateOnly day) => SupervisionLights.EndOfDayUtc(day);

    /// <summary>The as-of of one month, given the month's reporting window (if any).</summary>
    public static CockpitAsOf Of(int year, int month, ReportingWindow? window, TimeProvider clock)
    {
        var today = SupervisionLights.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var day = BulletinReport.AsOfDay(year, month, today);
        var end = EndOfDayUtc(day);
        DateOnly? knownOn = window?.ClosedAtUtc is { } closed ? SupervisionLights.Day(closed) : null;
        return new CockpitAsOf(year, month, day, end < now ? end : now, knownOn, IndicatorAsOf.MonthEnd(year, month), day < today);
    }

    /// <summary>The reporting windows of a year by month (one query: the cockpit needs the chosen month's and the previous one's).</summary>
    public static async Task<Dictionary<int, ReportingWindow>> WindowsAsync(BlueprintDb db, int year, CancellationToken ct) =>
        await db.Set<ReportingWindow>().AsNoTracking().Where(w => w.Year == year).ToDictionaryAsync(w => w.Month, ct);

    /// <summary>
    /// The year and month asked for, completed: nothing asked → <see cref="Reports.ReportMonth.DefaultAsync"/> (the latest month with accepted reports, as the bulletin page);
    /// a year alone → the default month if it is that year, December of a past year, else the running month.
    /// </summary>
    public static async Task<(int Year, int Month)> ResolveAsync(BlueprintDb db, int? year, int? month, TimeProvider clock, CancellationToken ct)
    {
        if (year is { } asked && month is { } askedMonth)
        {
            return (asked, askedMonth);
        }

        var (defaultYear, defaultMonth) = await Reports.ReportMonth.DefaultAsync(db, clock, ct);
        var today = SupervisionLights.Today(clock);
        var y = year ?? defaultYear;
        var m = month ?? (y == defaultYear ? defaultMonth : y < today.Year ? 12 : y == today.Year ? today.Month : 1);
        return (y, m);
    }
}
