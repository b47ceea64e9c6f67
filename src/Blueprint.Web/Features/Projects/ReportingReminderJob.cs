using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Projects;

/// <summary>What one node's tick did: the city day whose reminders it sent, how many unit reminders, how many inbox entries.</summary>
public sealed record ReminderTickResult(DateOnly Day, int Reminded, int Notified);

/// <summary>
/// The daily 催报 of every open month (<see cref="ReminderSchedule"/>). Its slot is the city's day
/// (from <see cref="ReportingReminderOptions.Hour"/> on), claimed in the job tick table, so one node
/// sends a day's reminders, once; a notice's dedup key (month, unit, reminder day) makes a repeat
/// impossible even so. After downtime the first tick sends the latest reminder day missed since
/// the last tick, once (docs/decisions/0024-one-periodic-job.md). The context must act as the system.
/// </summary>
public sealed class ReportingReminderJob(BlueprintDb db, TimeProvider clock, IOptions<ReportingReminderOptions> options, JobNode node, IStringLocalizer<SharedResource> t)
{
    /// <summary>The job's name in the tick table.</summary>
    public const string Name = "reporting-reminders";

    /// <summary>Slots (days) kept to know when the job last ran; beyond, a restart only sends the latest reminder.</summary>
    private const int KeepDays = 31;

    /// <summary>Sends the reminders of the current day, or returns null when that day is done (by this node or another).</summary>
    public async Task<ReminderTickResult?> TickAsync(CancellationToken ct)
    {
        // Stored texts are in the city's language, whatever thread runs the tick.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = InfrastructureSetup.Cultures[0];
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var day = CityTime.Day(now.AddHours(-Math.Clamp(o.Hour, 0, 23)));
        var slot = (long)day.DayNumber;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await JobTicks.ClaimAsync(db, Name, slot, node, now, ct))
        {
            return null;
        }

        DateOnly? lastRun = await JobTicks.LastBeforeAsync(db, Name, slot, ct) is { } last ? DateOnly.FromDayNumber((int)last) : null;
        var schedule = o.Schedule;
        // Months the office has not closed whose reminders may fall on this day: due within the
        // days before, and not so long ago that the late reminders are over (a working day takes
        // at most a few calendar days, holidays included).
        var from = day.AddDays(-(3 * schedule.LateWorkingDays) - 30);
        var until = day.AddDays(schedule.DaysBefore);
        var windows = await db.Set<ReportingWindow>().AsNoTracking()
            .Where(w => w.ClosedAtUtc == null && w.DueOn >= from && w.DueOn <= until).ToListAsync(ct);

        var notices = new List<Notice>();
        foreach (var window in windows)
        {
            if (schedule.Due(day, lastRun, window.OpensOn, window.DueOn) is not { } on)
            {
                continue;
            }

            var when = schedule.On(on, window.OpensOn, window.DueOn)!.Value;
            var units = await ProgressQueries.MissingByUnitAsync(db, window.Year, window.Month, ct);
            var people = await ReportingReminders.ReportersAsync(db, units.Select(u => u.UnitId), ct);
            notices.AddRange(units.Select(unit => new Notice([.. people[unit.UnitId]], NotificationKind.Reminder,
                t[$"Progress.Remind.{when}", window.Year, window.Month, window.DueOn, unit.Missing], ReportingReminders.MonthLink(window),
                string.Create(CultureInfo.InvariantCulture, $"remind:{window.Id}:{unit.UnitId}:{on:yyyy-MM-dd}"),
                new NoticeText($"Progress.Remind.{when}", window.Year, window.Month, window.DueOn, unit.Missing))));
        }

        var notified = await Inbox.NotifyOnceAsync(db, notices, now, ct);
        await db.SaveChangesAsync(ct);
        await JobTicks.FinishAsync(db, Name, slot, notices.Count, notified, slot - KeepDays, ct);
        await tx.CommitAsync(ct);
        Telemetry.JobSlotDone(Name, notices.Count, notified);
        return new ReminderTickResult(day, notices.Count, notified);
    }
}

/// <summary>Runs <see cref="ReportingReminderJob"/> on every node, at start and every <see cref="ReportingReminderOptions.JobInterval"/>.</summary>
public sealed class ReportingReminderService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReportingReminderOptions> options, IHostEnvironment environment,
    ILogger<ReportingReminderService> log) : PeriodicJob(scopes, clock, log)
{
    protected override TimeSpan? Interval => IsEnabled(options.Value.JobEnabled, environment) ? options.Value.JobInterval : null;

    protected override async Task<string?> RoundAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<ReportingReminderJob>().TickAsync(ct) is { Reminded: > 0 } result
            ? string.Create(CultureInfo.InvariantCulture, $"{result.Day:yyyy-MM-dd}: {result.Reminded} unit reminders, {result.Notified} notified")
            : null;
}

public static class ReportingReminderSetup
{
    public static IServiceCollection AddReportingReminders(this IServiceCollection services)
    {
        services.AddOptions<ReportingReminderOptions>().BindConfiguration(ReportingReminderOptions.Section);
        services.AddScoped<ReportingReminderJob>();
        services.AddHostedService<ReportingReminderService>();
        return services;
    }
}
