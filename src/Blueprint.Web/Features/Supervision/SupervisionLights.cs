using Blueprint.Web.Features.Figures;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// The pure rules of a supervision item's follow-up: the feedback calendar, "a feedback missed"
/// and the light (PRODUCT.md: yellow within 3 days of the deadline, red when overdue). No I/O:
/// the job, the rankings and the pages all judge through here.
///
/// Days are the city's calendar days (China, UTC+8, no daylight saving). No holidays are
/// assumed: a due date on a Sunday or on 国庆 is still that day.
/// </summary>
public static class SupervisionLights
{
    /// <summary>The city's calendar day of an instant (UTC+8 all year).</summary>
    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8));

    /// <summary>Today in the city.</summary>
    public static DateOnly Today(TimeProvider clock) => Day(clock.GetUtcNow().UtcDateTime);

    /// <summary>The end of a day in the city (UTC+8) as a UTC instant: 16:00 UTC of that day.</summary>
    public static DateTime EndOfDayUtc(DateOnly day) => day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);

    /// <summary>
    /// The days by which the lead unit owes a feedback, counted from the item's start:
    /// weekly every 7 days, fortnightly every 14, monthly on the start's day of month (clamped to
    /// the month's end and counted from the start each time, so 31 Jan → 29 Feb → 31 Mar stays
    /// anchored to the 31st), once = the deadline. The calendar ends at <paramref name="deadline"/>
    /// (the current one, i.e. after any approved extension): what is still open after it is the
    /// overdue rule's business, not the feedback calendar's.
    /// </summary>
    public static IEnumerable<DateOnly> DueDates(DateOnly start, DateOnly deadline, FeedbackCadence cadence)
    {
        if (cadence == FeedbackCadence.Once)
        {
            yield return deadline;
            yield break;
        }

        for (var k = 1; ; k++)
        {
            var due = cadence switch
            {
                FeedbackCadence.Weekly => start.AddDays(7 * k),
                FeedbackCadence.Fortnightly => start.AddDays(14 * k),
                _ => start.AddMonths(k), // DateOnly.AddMonths clamps to the month's last day
            };
            if (due > deadline)
            {
                yield break;
            }

            yield return due;
        }
    }

    /// <summary>
    /// The due dates with the window of feedback days each one accepts: a feedback counts for
    /// due date D when it is given after the previous due date and no later than D (the first
    /// window opens on the start day itself).
    /// </summary>
    public static IEnumerable<(DateOnly Due, DateOnly From)> Windows(DateOnly start, DateOnly deadline, FeedbackCadence cadence)
    {
        var from = start;
        foreach (var due in DueDates(start, deadline, cadence))
        {
            yield return (due, from);
            from = due.AddDays(1);
        }
    }

    /// <summary>Whether a lead-unit feedback was given within a window.</summary>
    public static bool Answered((DateOnly Due, DateOnly From) window, IEnumerable<DateOnly> leadFeedbackDays) =>
        leadFeedbackDays.Any(d => d >= window.From && d <= window.Due);

    /// <summary>
    /// "A feedback missed": the latest due date that has passed (before today) got no feedback
    /// from the lead unit since the previous due date. Returns that due date, or null. Only the
    /// latest passed due date matters: a unit that missed one period and answered the next is
    /// back on track; a late feedback counts for the period it was given in.
    /// </summary>
    public static DateOnly? MissedDue(DateOnly start, DateOnly deadline, FeedbackCadence cadence,
        IReadOnlyCollection<DateOnly> leadFeedbackDays, DateOnly today)
    {
        var last = Windows(start, deadline, cadence).TakeWhile(w => w.Due < today).LastOrDefault();
        return last == default || Answered(last, leadFeedbackDays) ? null : last.Due;
    }

    /// <summary>
    /// The next due date from today on (today included) whose window has no lead-unit feedback
    /// yet: the one a reminder is about. Null when none is owed.
    /// </summary>
    public static DateOnly? NextUnansweredDue(DateOnly start, DateOnly deadline, FeedbackCadence cadence,
        IReadOnlyCollection<DateOnly> leadFeedbackDays, DateOnly today)
    {
        var next = Windows(start, deadline, cadence).FirstOrDefault(w => w.Due >= today);
        return next == default || Answered(next, leadFeedbackDays) ? null : next.Due;
    }

    /// <summary>
    /// The item's light: red when overdue (today after the current deadline); yellow within 3
    /// days of the deadline or with a feedback missed; green otherwise. A closed item is never
    /// red (nor yellow): it is done.
    /// </summary>
    public static StatusLight Light(DateOnly deadline, DateOnly today, bool closed, bool feedbackMissed)
    {
        var light = StatusLights.ForDeadline(deadline, today, closed);
        return light == StatusLight.Green && feedbackMissed && !closed ? StatusLight.Yellow : light;
    }

    /// <summary>Whole days past the deadline (0 when not overdue).</summary>
    public static int DaysOverdue(DateOnly deadline, DateOnly today) => Math.Max(0, today.DayNumber - deadline.DayNumber);
}
