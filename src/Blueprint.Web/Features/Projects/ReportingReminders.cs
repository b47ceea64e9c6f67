using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Projects;

/// <summary>A unit with key-list projects not reported for a month, and what reminding it did.</summary>
public sealed record RemindedUnit(int UnitId, string UnitName, int Missing, int Notified);

/// <summary>What the office's 一键催报 did: every unit still owing the month, and how many people were told (0 for a unit already reminded today).</summary>
public sealed record RemindResult(int Year, int Month, int Units, int Notified, IReadOnlyList<RemindedUnit> Items);

/// <summary>
/// 催报 of the monthly schedule: who is reminded and with what words, for the daily job
/// (<see cref="ReportingReminderJob"/>) and the office's 一键催报 alike. A unit is reminded when
/// key-list projects of its own have not reported the month (no report, a draft, a returned one);
/// its reporters are told, or everyone of the unit where it has no reporter.
/// </summary>
public static class ReportingReminders
{
    public static string MonthLink(ReportingWindow window) =>
        string.Create(CultureInfo.InvariantCulture, $"/progress?year={window.Year}&month={window.Month}");

    /// <summary>The reporters of each unit, or everyone of a unit that has none (enabled accounts only).</summary>
    public static async Task<ILookup<int, int>> ReportersAsync(BlueprintDb db, IEnumerable<int> unitIds, CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToList();
        var reporters = from ur in db.Set<IdentityUserRole<int>>()
                        join r in db.Set<Role>() on ur.RoleId equals r.Id
                        where r.Name == Roles.UnitReporter
                        select ur.UserId;
        var users = await db.Set<User>().Where(u => ids.Contains(u.UnitId) && !u.IsDisabled)
            .Select(u => new { u.Id, u.UnitId, Reporter = reporters.Contains(u.Id) }).ToListAsync(ct);
        return users.GroupBy(u => u.UnitId)
            .SelectMany(g => g.Any(u => u.Reporter) ? g.Where(u => u.Reporter) : g)
            .ToLookup(u => u.UnitId, u => u.Id);
    }

    /// <summary>
    /// The office's 一键催报: every unit still owing the month is told now, once a day at most
    /// (a second click the same day tells nobody again, and says so unit by unit).
    /// </summary>
    public static async Task<StepOutcome<RemindResult>> RemindUnreportedAsync(
        BlueprintDb db, int windowId, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var window = await db.Set<ReportingWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == windowId, ct);
        if (window is null)
        {
            return Refusal.NotFound;
        }

        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden();
        }

        var today = CityTime.Today(clock);
        if (ReportingWindows.StateOf(window, today) is not (WindowState.Open or WindowState.PastDue))
        {
            return Refusal.Conflict("Progress.Remind.NotOpen", window.Year, window.Month);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var units = await ProgressQueries.MissingByUnitAsync(db, window.Year, window.Month, ct);
        var people = await ReportersAsync(db, units.Select(u => u.UnitId), ct);
        var items = new List<RemindedUnit>();
        foreach (var unit in units)
        {
            var notice = new Notice([.. people[unit.UnitId]], NotificationKind.Reminder,
                t["Progress.Remind.ByOffice", window.Year, window.Month, unit.Missing, window.DueOn], MonthLink(window),
                string.Create(CultureInfo.InvariantCulture, $"remind-office:{window.Id}:{unit.UnitId}:{today:yyyy-MM-dd}"),
                new NoticeText("Progress.Remind.ByOffice", window.Year, window.Month, unit.Missing, window.DueOn));
            items.Add(new RemindedUnit(unit.UnitId, unit.UnitName, unit.Missing, await Inbox.NotifyOnceAsync(db, [notice], now, ct)));
        }

        await db.SaveChangesAsync(ct);
        return new RemindResult(window.Year, window.Month, items.Count, items.Sum(i => i.Notified), items);
    }

    public static RouteGroupBuilder MapReportingReminders(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:int}/remind", async Task<Results<Ok<RemindResult>, ValidationProblem, ProblemHttpResult>> (
            int id, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            (await RemindUnreportedAsync(db, id, clock, t, ct)).ToResult(r => r, t))
            .RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));
        return group;
    }
}
