namespace Blueprint.Web.Features.Projects;

/// <summary>Settings of the reporting reminders (section Blueprint:Reminders). Every node must share them.</summary>
public sealed class ReportingReminderOptions
{
    public const string Section = "Blueprint:Reminders";

    /// <summary>How often a node looks whether the day's reminders are out.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The hour of the city's day from which that day's reminders go out (a reminder at midnight is read at nine anyway).</summary>
    public int Hour { get; set; } = 9;

    /// <summary>The first reminder, this many days before the 截止日.</summary>
    public int DaysBefore { get; set; } = 3;

    /// <summary>After the 截止日, a reminder each working day for this many working days (or until the office closes the month).</summary>
    public int LateWorkingDays { get; set; } = 10;

    /// <summary>
    /// Days off on a weekday (法定节假日), e.g. "2055-10-01". The product has no holiday calendar of
    /// its own: the State Council publishes the year's days off and 调休 each December.
    /// </summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Working Saturdays and Sundays (调休上班日).</summary>
    public List<DateOnly> Workdays { get; set; } = [];

    /// <summary>Whether the job runs in this process; null: yes, except in the Testing environment (tests tick it by hand).</summary>
    public bool? JobEnabled { get; set; }

    public ReminderSchedule Schedule => new(DaysBefore, LateWorkingDays, Holidays.ToHashSet(), Workdays.ToHashSet());
}

/// <summary>Which reminder a day gives: before the 截止日, on it, or after it.</summary>
public enum ReminderWhen
{
    Before = 0,
    DueDay = 1,
    Late = 2,
}

/// <summary>
/// The reminder days of a reporting window, pure: <see cref="ReportingReminderOptions.DaysBefore"/>
/// days before the 截止日, the 截止日 itself, then each working day after it for
/// <see cref="ReportingReminderOptions.LateWorkingDays"/> working days (weekends, and the
/// configured holidays, skipped; configured 调休 days worked). No reminder before the window opens.
/// </summary>
public sealed record ReminderSchedule(int DaysBefore, int LateWorkingDays, IReadOnlySet<DateOnly> Holidays, IReadOnlySet<DateOnly> Workdays)
{
    public bool IsWorkingDay(DateOnly day) =>
        Workdays.Contains(day) || (!Holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The reminder <paramref name="day"/> gives for a window open from <paramref name="opensOn"/> and due on <paramref name="dueOn"/>, or null.</summary>
    public ReminderWhen? On(DateOnly day, DateOnly opensOn, DateOnly dueOn)
    {
        if (day < opensOn)
        {
            return null;
        }

        if (day == dueOn)
        {
            return ReminderWhen.DueDay;
        }

        if (DaysBefore > 0 && day == dueOn.AddDays(-DaysBefore))
        {
            return ReminderWhen.Before;
        }

        return day > dueOn && day <= LastDay(dueOn) && IsWorkingDay(day) ? ReminderWhen.Late : null;
    }

    /// <summary>The last reminder day: the <see cref="LateWorkingDays"/>-th working day after the 截止日.</summary>
    public DateOnly LastDay(DateOnly dueOn)
    {
        var day = dueOn;
        for (var counted = 0; counted < LateWorkingDays;)
        {
            day = day.AddDays(1);
            counted += IsWorkingDay(day) ? 1 : 0;
        }

        return day;
    }

    /// <summary>
    /// The reminder day to send on <paramref name="today"/>, when the job last ran on
    /// <paramref name="lastRun"/> (null: never, or too long ago to know): today, if it is one; after
    /// downtime, the latest reminder day missed — one reminder, not one per missed day. Nothing
    /// once the last reminder day has passed.
    /// </summary>
    public DateOnly? Due(DateOnly today, DateOnly? lastRun, DateOnly opensOn, DateOnly dueOn)
    {
        if (today > LastDay(dueOn))
        {
            return null;
        }

        for (var day = today; day > (lastRun ?? DateOnly.MinValue) && day >= dueOn.AddDays(-DaysBefore); day = day.AddDays(-1))
        {
            if (On(day, opensOn, dueOn) is not null)
            {
                return day;
            }
        }

        return null;
    }
}
