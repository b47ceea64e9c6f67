using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The pure rules of 催报 and 迟报, with hand-worked dates: a window open from Friday 1 June 2057,
/// due on Wednesday 13 June (3 days before = Sunday 10 June).
/// </summary>
public sealed class ReminderScheduleTests
{
    private static readonly DateOnly Opens = new(2057, 6, 1);
    private static readonly DateOnly Due = new(2057, 6, 13);
    private static readonly ReminderSchedule Plain = new(3, 10, new HashSet<DateOnly>(), new HashSet<DateOnly>());

    private static DateOnly June(int day) => new(2057, 6, day);

    [Fact]
    public void Three_days_before_the_due_day_and_each_working_day_after_for_ten_working_days()
    {
        var days = Enumerable.Range(0, 40).Select(i => Opens.AddDays(i)).Where(d => Plain.On(d, Opens, Due) is not null).ToList();

        // Sunday the 10th (a calendar day, even on a weekend), Wednesday the 13th, then Thursday and
        // Friday, and the working days of two weeks: the 10th working day after is Wednesday the 27th.
        Assert.Equal([June(10), June(13), June(14), June(15), June(18), June(19), June(20), June(21), June(22), June(25), June(26), June(27)], days);
        Assert.Equal(ReminderWhen.Before, Plain.On(June(10), Opens, Due));
        Assert.Equal(ReminderWhen.DueDay, Plain.On(June(13), Opens, Due));
        Assert.Equal(ReminderWhen.Late, Plain.On(June(18), Opens, Due));
        Assert.Equal(June(27), Plain.LastDay(Due));
    }

    [Fact]
    public void Configured_holidays_are_skipped_and_makeup_workdays_count()
    {
        // 端午 on Monday the 18th (a day off), made up on Saturday the 16th.
        var calendar = new ReminderSchedule(3, 3, new HashSet<DateOnly> { June(18) }, new HashSet<DateOnly> { June(16) });
        var days = Enumerable.Range(0, 30).Select(i => Opens.AddDays(i)).Where(d => calendar.On(d, Opens, Due) is not null);
        Assert.Equal([June(10), June(13), June(14), June(15), June(16)], days);
        Assert.True(calendar.IsWorkingDay(June(16)));
        Assert.False(calendar.IsWorkingDay(June(18)));
    }

    [Fact]
    public void No_reminder_before_the_window_opens()
    {
        // Opened two days before its due day: the "three days before" reminder has no month to remind of.
        Assert.Null(Plain.On(June(10), June(11), Due));
        Assert.Equal(ReminderWhen.DueDay, Plain.On(June(13), June(11), Due));
    }

    [Fact]
    public void After_downtime_the_latest_missed_reminder_day_is_sent_once_and_nothing_after_the_last_day()
    {
        // Ran every day: today's reminder, if today is one.
        Assert.Equal(June(13), Plain.Due(June(13), June(12), Opens, Due));
        Assert.Null(Plain.Due(June(12), June(11), Opens, Due));

        // Down from Saturday the 9th to Monday the 11th: on Tuesday the 12th the Sunday reminder goes out.
        Assert.Equal(June(10), Plain.Due(June(12), June(8), Opens, Due));

        // Down Tuesday the 19th to Friday the 22nd: on Saturday only Friday's is sent, not four.
        Assert.Equal(June(22), Plain.Due(June(23), June(18), Opens, Due));

        // Never ran (or too long ago to know): the latest reminder day so far.
        Assert.Equal(June(15), Plain.Due(June(17), null, Opens, Due));
        Assert.Null(Plain.Due(June(9), null, Opens, Due));

        // The reminders are over after the 27th, whatever was missed.
        Assert.Null(Plain.Due(June(28), June(20), Opens, Due));
    }

    [Fact]
    public void A_first_submission_after_the_due_day_is_refused_unless_reopened_and_then_late()
    {
        var pastDue = Refusal.Conflict("Progress.PastDue");
        Assert.Equal((null, false), new SubmissionDeadline(Due, false, pastDue).Judge(Due));
        Assert.Equal((pastDue, false), new SubmissionDeadline(Due, false, pastDue).Judge(Due.AddDays(1)));
        Assert.Equal((null, true), new SubmissionDeadline(Due, true, pastDue).Judge(Due.AddDays(1)));
        Assert.Equal((null, false), new SubmissionDeadline(Due, true, pastDue).Judge(Due));

        // Only a draft's submission is judged: a returned report was submitted before.
        Assert.True(SubmissionDeadline.IsFirst(SubmissionStatus.Draft));
        Assert.False(SubmissionDeadline.IsFirst(SubmissionStatus.Returned));
    }

    [Fact]
    public void A_window_is_past_due_after_its_due_day_until_the_office_closes_it()
    {
        var window = new ReportingWindow { Year = 2057, Month = 5, OpensOn = Opens, DueOn = Due };
        Assert.Equal(WindowState.NotYetOpen, ReportingWindows.StateOf(window, June(1).AddDays(-1)));
        Assert.Equal(WindowState.Open, ReportingWindows.StateOf(window, Due));
        Assert.Equal(WindowState.PastDue, ReportingWindows.StateOf(window, Due.AddDays(1)));
        window.ClosedAtUtc = new DateTime(2057, 6, 20, 2, 0, 0, DateTimeKind.Utc);
        Assert.Equal(WindowState.Closed, ReportingWindows.StateOf(window, Due.AddDays(1)));

        // The city's day turns at 16:00 UTC.
        Assert.Equal(Due, CityTime.Day(new DateTime(2057, 6, 13, 15, 59, 59, DateTimeKind.Utc)));
        Assert.Equal(Due.AddDays(1), CityTime.Day(new DateTime(2057, 6, 13, 16, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_reopening_for_a_county_covers_the_units_below_it()
    {
        Assert.True(ReportingReopenings.Covers([4], "/1/4/"));
        Assert.True(ReportingReopenings.Covers([4], "/1/4/17/"));
        Assert.False(ReportingReopenings.Covers([4], "/1/5/"));
        Assert.False(ReportingReopenings.Covers([4], "/1/44/"));
        Assert.False(ReportingReopenings.Covers([17], "/1/4/"));
    }
}
