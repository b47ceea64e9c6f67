using Blueprint.Web.Features.Demo;

namespace Blueprint.Tests.Demo;

/// <summary>
/// The demo's calendar (decision 0027): the story's day maps every date to itself; any other
/// seed day moves the conference year to last year (month ends kept), the follow-up to around
/// today, and picks the open month by the windows' due day.
/// </summary>
public sealed class DemoCalendarTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void The_story_day_changes_nothing()
    {
        var calendar = new DemoCalendar(DemoCalendar.StoryDay);
        Assert.Equal((2023, 2024), (calendar.ConferenceYear, calendar.RunningYear));
        Assert.Equal((2023, 12), calendar.OpenMonth);
        Assert.Equal((2023, 12), calendar.NewestMonth);
        Assert.Null(calendar.QuietDays);
        for (var day = D(2021, 1, 1); day <= D(2026, 12, 31); day = day.AddDays(1))
        {
            Assert.Equal(day, calendar.Date(day));
            Assert.Equal(day, calendar.Story(day));
        }

        Assert.Equal("（2023年务虚会雁江区提出）", calendar.Text("（2023年务虚会雁江区提出）"));
        Assert.Equal("ZYDB-2023-001", calendar.Code("ZYDB-2023-001"));
        var instant = new DateTime(2024, 1, 13, 3, 0, 0, DateTimeKind.Utc);
        Assert.Equal(instant, calendar.StoryUtc(instant));
    }

    [Theory]
    [InlineData("2026-12-05", 2025, 2026, 10, 11)] // November's window opened on the 1st and is due on the 10th: October's is the late one
    [InlineData("2026-12-11", 2025, 2026, 11, 11)] // November's window was due yesterday
    [InlineData("2027-03-01", 2026, 2027, 1, 2)]
    [InlineData("2027-03-10", 2026, 2027, 1, 2)]  // due day itself: nobody is late yet
    [InlineData("2027-03-11", 2026, 2027, 2, 2)]
    [InlineData("2028-02-29", 2027, 2028, 1, 1)]
    public void The_open_month_is_the_latest_window_past_its_due_day(string seedDay, int conference, int running, int openMonth, int newestMonth)
    {
        var day = DateOnly.Parse(seedDay, System.Globalization.CultureInfo.InvariantCulture);
        var calendar = new DemoCalendar(day);
        Assert.Equal((conference, running), (calendar.ConferenceYear, calendar.RunningYear));
        Assert.Equal((running, openMonth), calendar.OpenMonth);
        Assert.Equal((running, newestMonth), calendar.NewestMonth);
        Assert.True(DemoCalendar.WindowDays(running, openMonth).Due < day);
        Assert.True(DemoCalendar.WindowDays(running, newestMonth).Opens <= day);
        Assert.True(openMonth == 1 || calendar.IsAccepted(running, openMonth - 1));
        Assert.True(calendar.IsAccepted(conference, 12));
    }

    [Fact]
    public void In_January_the_open_month_is_in_the_conference_year()
    {
        var calendar = new DemoCalendar(D(2027, 1, 3));
        Assert.Equal((2026, 11), calendar.OpenMonth);
        Assert.Equal((2026, 12), calendar.NewestMonth);
        Assert.True(calendar.IsAccepted(2026, 10));
        Assert.False(calendar.IsReported(2026, 12));
        Assert.False(calendar.IsReported(2027, 1));
        Assert.Equal((2026, 12), new DemoCalendar(D(2027, 1, 11)).OpenMonth);
    }

    [Fact]
    public void Month_ends_stay_month_ends_and_february_29_follows_the_year()
    {
        // conference year 2025, running year 2026: common years
        var common = new DemoCalendar(D(2026, 12, 5));
        Assert.Equal(D(2026, 2, 28), common.Date(D(2024, 2, 29)));
        Assert.Equal(D(2025, 2, 28), common.Date(D(2023, 2, 28)));
        Assert.Equal(D(2025, 11, 30), common.Date(D(2023, 11, 30)));
        Assert.Equal(D(2025, 12, 4), common.Date(D(2023, 12, 4)));

        // conference year 2028 (leap): the last day of February 2023 is the 29th
        var leapConference = new DemoCalendar(D(2029, 6, 15));
        Assert.Equal(D(2028, 2, 29), leapConference.Date(D(2023, 2, 28)));
        Assert.Equal(D(2028, 2, 27), leapConference.Date(D(2023, 2, 27)));
        Assert.Equal(D(2029, 2, 28), leapConference.Date(D(2024, 2, 29)));

        // running year 2028 (leap)
        var leapRunning = new DemoCalendar(D(2028, 2, 29));
        Assert.Equal(D(2028, 2, 29), leapRunning.Date(D(2024, 2, 29)));
        Assert.Equal(D(2027, 2, 28), leapRunning.Date(D(2023, 2, 28)));
    }

    [Fact]
    public void The_follow_up_keeps_its_distance_to_today()
    {
        var calendar = new DemoCalendar(D(2026, 12, 5));
        Assert.Equal(D(2025, 12, 8), calendar.Story(D(2023, 12, 8)));    // the conference week: calendar
        Assert.Equal(D(2026, 11, 19), calendar.Story(D(2024, 1, 15)));   // 16 days before the story's day
        Assert.Equal(D(2026, 11, 16), calendar.Story(D(2024, 1, 12)));
        Assert.Equal(D(2027, 1, 31), calendar.Story(D(2024, 2, 29)));    // end of next month
        Assert.Equal(D(2027, 2, 28), calendar.Story(D(2024, 3, 31)));
        Assert.Equal(D(2027, 8, 31), calendar.Story(D(2024, 9, 30)));
        Assert.Equal((D(2025, 12, 11), D(2026, 10, 14)), calendar.QuietDays);

        var leap = new DemoCalendar(D(2028, 2, 29));
        Assert.Equal(D(2028, 2, 13), leap.Story(D(2024, 1, 15)));
        Assert.Equal(D(2028, 3, 31), leap.Story(D(2024, 2, 29)));
        Assert.Equal("剩余2户…申请延期至3月底。", $"剩余2户…申请延期至{DemoCalendar.MonthDayText(leap.Story(D(2024, 2, 29)))}。");
    }

    [Fact]
    public void Early_in_january_the_weeks_after_the_conference_are_squeezed_before_today()
    {
        var calendar = new DemoCalendar(D(2027, 1, 3));
        var week = calendar.Story(D(2023, 12, 10));
        Assert.Equal(D(2026, 12, 10), week);
        var deadline = calendar.Story(D(2024, 1, 15));
        Assert.InRange(deadline, week.AddDays(1), calendar.SeedDay.AddDays(-1));
        Assert.True(calendar.Story(D(2024, 1, 13)) <= deadline); // the extension was asked for before the deadline
        Assert.Equal(calendar.SeedDay, calendar.Story(DemoCalendar.StoryDay));
        Assert.Null(calendar.QuietDays);
    }

    [Fact]
    public void On_every_day_of_two_years_the_story_keeps_its_order_and_its_past_stays_past()
    {
        for (var seed = D(2026, 1, 1); seed <= D(2028, 12, 31); seed = seed.AddDays(1))
        {
            var calendar = new DemoCalendar(seed);
            var previous = DateOnly.MinValue;
            for (var day = D(2023, 1, 1); day <= D(2024, 12, 31); day = day.AddDays(1))
            {
                var mapped = calendar.Story(day);
                Assert.True(mapped >= previous, $"seeded {seed}: {day} → {mapped} comes before {previous}");
                Assert.True(day > DemoCalendar.StoryDay || mapped <= seed, $"seeded {seed}: {day} → {mapped} is after the seed day");
                previous = mapped;
            }

            Assert.Equal(seed.Year - 1, calendar.Date(D(2023, 12, 4)).Year);
            Assert.True(DemoCalendar.WindowDays(calendar.OpenMonth.Year, calendar.OpenMonth.Month).Due < seed);
        }
    }

    [Fact]
    public void Years_in_texts_and_codes_move_and_other_numbers_stay()
    {
        var calendar = new DemoCalendar(D(2026, 12, 5));
        Assert.Equal("2025年新增学位2650个，2026年6月底前完工", calendar.Text("2023年新增学位2650个，2024年6月底前完工"));
        Assert.Equal("ZY2025-013", calendar.Code("ZY2023-013"));
        Assert.Equal("ZYDB-2025-001", calendar.Code("ZYDB-2023-001"));
        Assert.Equal("G318线", calendar.Text("G318线"));
    }
}
