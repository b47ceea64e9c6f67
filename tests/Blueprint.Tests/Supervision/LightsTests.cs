using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Supervision;

/// <summary>The feedback calendar and the light of a supervision item, against a fake clock.</summary>
public sealed class LightsTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Today in the city for a clock set to an instant in UTC.</summary>
    private static DateOnly TodayAt(int y, int m, int d, int hourUtc) =>
        SupervisionLights.Today(new FakeTimeProvider(new DateTimeOffset(y, m, d, hourUtc, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Today_is_the_day_in_China_not_in_UTC()
    {
        Assert.Equal(D(2092, 3, 1), TodayAt(2092, 3, 1, 15)); // 23:00 in Ziyang
        Assert.Equal(D(2092, 3, 2), TodayAt(2092, 3, 1, 16)); // midnight in Ziyang
    }

    [Fact]
    public void Weekly_and_fortnightly_due_dates_count_calendar_days_from_the_start()
    {
        Assert.Equal([D(2092, 1, 8), D(2092, 1, 15), D(2092, 1, 22), D(2092, 1, 29)],
            SupervisionLights.DueDates(D(2092, 1, 1), D(2092, 1, 31), FeedbackCadence.Weekly));
        Assert.Equal([D(2092, 1, 15), D(2092, 1, 29), D(2092, 2, 12)],
            SupervisionLights.DueDates(D(2092, 1, 1), D(2092, 2, 12), FeedbackCadence.Fortnightly));
    }

    [Fact]
    public void Monthly_due_dates_clamp_to_the_month_end_and_stay_anchored_to_the_start_day()
    {
        // 2096 is a leap year, 2095 is not.
        Assert.Equal([D(2096, 2, 29), D(2096, 3, 31), D(2096, 4, 30), D(2096, 5, 31)],
            SupervisionLights.DueDates(D(2096, 1, 31), D(2096, 6, 15), FeedbackCadence.Monthly));
        Assert.Equal([D(2095, 2, 28), D(2095, 3, 31)],
            SupervisionLights.DueDates(D(2095, 1, 31), D(2095, 4, 29), FeedbackCadence.Monthly));
        Assert.Equal([D(2095, 12, 15), D(2096, 1, 15)],
            SupervisionLights.DueDates(D(2095, 11, 15), D(2096, 1, 31), FeedbackCadence.Monthly));
    }

    [Fact]
    public void Once_is_due_by_the_deadline()
    {
        Assert.Equal([D(2093, 6, 30)], SupervisionLights.DueDates(D(2093, 1, 10), D(2093, 6, 30), FeedbackCadence.Once));
    }

    [Fact]
    public void No_holidays_are_assumed()
    {
        // 2092-10-01 (国庆) is a Wednesday, 2092-10-05 a Sunday: both stay due dates.
        Assert.Equal([D(2092, 9, 24), D(2092, 10, 1), D(2092, 10, 8)],
            SupervisionLights.DueDates(D(2092, 9, 17), D(2092, 10, 10), FeedbackCadence.Weekly));
        Assert.Contains(D(2092, 10, 5), SupervisionLights.DueDates(D(2092, 9, 5), D(2092, 10, 31), FeedbackCadence.Monthly));
    }

    [Fact]
    public void An_extension_moves_the_end_of_the_calendar()
    {
        var before = SupervisionLights.DueDates(D(2094, 1, 10), D(2094, 3, 31), FeedbackCadence.Monthly).ToList();
        var after = SupervisionLights.DueDates(D(2094, 1, 10), D(2094, 5, 31), FeedbackCadence.Monthly).ToList();
        Assert.Equal([D(2094, 2, 10), D(2094, 3, 10)], before);
        Assert.Equal([D(2094, 2, 10), D(2094, 3, 10), D(2094, 4, 10), D(2094, 5, 10)], after);
    }

    [Fact]
    public void A_feedback_is_missed_when_the_last_passed_due_date_got_none_since_the_previous_one()
    {
        var start = D(2092, 1, 1);
        var deadline = D(2092, 3, 31);
        List<DateOnly> feedback = [D(2092, 1, 8)]; // on the due date itself: on time

        Assert.Null(SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Weekly, feedback, D(2092, 1, 8)));
        Assert.Null(SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Weekly, feedback, D(2092, 1, 15))); // 15th not passed yet
        Assert.Equal(D(2092, 1, 15), SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Weekly, feedback, D(2092, 1, 16)));

        // A late feedback (16th) counts for the period it was given in, so the 22nd is met.
        feedback.Add(D(2092, 1, 16));
        Assert.Equal(D(2092, 1, 15), SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Weekly, feedback, D(2092, 1, 22)));
        Assert.Null(SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Weekly, feedback, D(2092, 1, 23)));

        // Before the first due date nothing can be missed.
        Assert.Null(SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Weekly, [], D(2092, 1, 8)));
    }

    [Fact]
    public void The_next_unanswered_due_date_is_what_a_reminder_is_about()
    {
        var start = D(2092, 1, 1);
        Assert.Equal(D(2092, 1, 8), SupervisionLights.NextUnansweredDue(start, D(2092, 3, 31), FeedbackCadence.Weekly, [], D(2092, 1, 6)));
        Assert.Equal(D(2092, 1, 8), SupervisionLights.NextUnansweredDue(start, D(2092, 3, 31), FeedbackCadence.Weekly, [], D(2092, 1, 8)));
        Assert.Null(SupervisionLights.NextUnansweredDue(start, D(2092, 3, 31), FeedbackCadence.Weekly, [D(2092, 1, 3)], D(2092, 1, 6)));
        Assert.Null(SupervisionLights.NextUnansweredDue(start, D(2092, 1, 20), FeedbackCadence.Weekly, [], D(2092, 1, 21)));
    }

    [Theory]
    [InlineData(2092, 6, 26, false, false, StatusLight.Green)] // 4 days left
    [InlineData(2092, 6, 27, false, false, StatusLight.Yellow)] // 3 days left
    [InlineData(2092, 6, 30, false, false, StatusLight.Yellow)] // the deadline day
    [InlineData(2092, 7, 1, false, false, StatusLight.Red)] // overdue
    [InlineData(2092, 5, 1, false, true, StatusLight.Yellow)] // a feedback missed
    [InlineData(2092, 7, 1, false, true, StatusLight.Red)] // overdue beats missed
    [InlineData(2092, 7, 20, true, false, StatusLight.Green)] // closed: never red
    [InlineData(2092, 6, 29, true, true, StatusLight.Green)] // closed: nothing is owed
    public void The_light_follows_the_deadline_and_the_feedback(int y, int m, int d, bool closed, bool missed, StatusLight expected)
    {
        Assert.Equal(expected, SupervisionLights.Light(D(2092, 6, 30), D(y, m, d), closed, missed));
    }

    [Fact]
    public void The_light_uses_the_deadline_moved_by_an_approved_extension()
    {
        var today = D(2092, 7, 5);
        Assert.Equal(StatusLight.Red, SupervisionLights.Light(D(2092, 6, 30), today, closed: false, feedbackMissed: false));
        Assert.Equal(StatusLight.Green, SupervisionLights.Light(D(2092, 8, 31), today, closed: false, feedbackMissed: false));
        Assert.Equal(StatusLight.Yellow, SupervisionLights.Light(D(2092, 7, 7), today, closed: false, feedbackMissed: false));
        Assert.Equal(5, SupervisionLights.DaysOverdue(D(2092, 6, 30), today));
        Assert.Equal(0, SupervisionLights.DaysOverdue(D(2092, 8, 31), today));
    }

    [Fact]
    public void Yellow_by_missed_feedback_comes_from_the_calendar()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2093, 3, 2, 2, 0, 0, TimeSpan.Zero));
        var start = D(2093, 1, 31);
        var deadline = D(2093, 12, 31);
        List<DateOnly> feedback = [D(2093, 2, 20)]; // answered 28 Feb (clamped from the 31st)

        var today = SupervisionLights.Today(clock);
        var missed = SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Monthly, feedback, today);
        Assert.Equal(StatusLight.Green, SupervisionLights.Light(deadline, today, false, missed is not null));

        clock.Advance(TimeSpan.FromDays(30)); // 1 April: 31 March passed without feedback
        today = SupervisionLights.Today(clock);
        missed = SupervisionLights.MissedDue(start, deadline, FeedbackCadence.Monthly, feedback, today);
        Assert.Equal(D(2093, 3, 31), missed);
        Assert.Equal(StatusLight.Yellow, SupervisionLights.Light(deadline, today, false, missed is not null));
    }
}
