using System.Globalization;
using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Demo;

/// <summary>
/// When the demo city's story happens, given the day it is seeded (docs/decisions/0027-live-demo.md).
/// The story is written in its own dates: the 2023 conference year, and the first weeks of 2024,
/// told from <see cref="StoryDay"/>. Seeded on another day, the conference's year becomes last
/// year and the running year is this year:
///
/// - <see cref="Date"/>: the calendar (plans, projects, reports, indicators, reviews, milestones,
///   the conference itself) moves by whole years. A month's last day stays its last day, so
///   29 February becomes the 28th in a common year and the 28th becomes the 29th in a leap year.
/// - <see cref="Story"/>: the follow-up after the conference week (supervision feedback, the
///   extension asked for, deadlines, problems' deadlines) keeps its distance to today, so items
///   are due around today and overdue by days, not years. When today is too close to the
///   conference for that (early January), those weeks are squeezed in proportion instead. Later
///   deadlines keep their months: the end of next month stays the end of next month.
/// - <see cref="OpenMonth"/>: the months of the monthly schedule before it are reported and
///   accepted; its window is open and past its due day, with drafts and units that have not
///   reported; the next month's window (when the 10th has not passed yet) is open and empty.
///
/// Seeding on <see cref="StoryDay"/> maps every date to itself: the test apps pin it, so their
/// figures are the conference's own.
/// </summary>
public sealed partial class DemoCalendar
{
    /// <summary>The configuration key of the seed day (yyyy-MM-dd); by default the city's today.</summary>
    public const string TodayKey = "Demo:Today";

    /// <summary>The day the story is told from: December 2023 is being reported, the 2024 follow-up has begun.</summary>
    public static readonly DateOnly StoryDay = new(2024, 1, 31);

    /// <summary>The conference's year in the story; the running year is the next one.</summary>
    public const int StoryConferenceYear = 2023;

    /// <summary>
    /// The end of the conference week (the conference was on 4 December): items and problems it
    /// raised are dated up to here and move with the calendar; what follows moves with today.
    /// </summary>
    public static readonly DateOnly ConferenceWeekEnd = new(2023, 12, 10);

    public DemoCalendar(DateOnly seedDay)
    {
        SeedDay = seedDay;
        YearOffset = seedDay.Year - 1 - StoryConferenceYear;
        var back = seedDay.AddDays(-1 - DueDayOffset);
        var open = new DateOnly(back.Year, back.Month, 1).AddMonths(-1);
        OpenMonth = (open.Year, open.Month);
        var newest = new DateOnly(seedDay.Year, seedDay.Month, 1).AddMonths(-1);
        NewestMonth = (newest.Year, newest.Month);
    }

    /// <summary>The seed day from configuration (<see cref="TodayKey"/>), else the city's today.</summary>
    public static DemoCalendar From(IConfiguration configuration, TimeProvider clock)
    {
        var configured = configuration[TodayKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new DemoCalendar(Projects.ReportingWindows.Today(clock));
        }

        return DateOnly.TryParseExact(configured, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DemoCalendar(day)
            : throw new InvalidOperationException($"{TodayKey} must be a date written yyyy-MM-dd, not '{configured}'.");
    }

    /// <summary>The day the demo is seeded for: its "today".</summary>
    public DateOnly SeedDay { get; }

    /// <summary>Whole years between the story's calendar and the seeded one.</summary>
    public int YearOffset { get; }

    /// <summary>The conference's year: last year.</summary>
    public int ConferenceYear => StoryConferenceYear + YearOffset;

    /// <summary>The running year: this year.</summary>
    public int RunningYear => ConferenceYear + 1;

    /// <summary>The latest month whose reporting window is past its due day: open, with drafts and late units.</summary>
    public (int Year, int Month) OpenMonth { get; }

    /// <summary>Last month: the newest window, opened on the first of this month.</summary>
    public (int Year, int Month) NewestMonth { get; }

    /// <summary>A month's window opens on the first of the next month and is due on its 10th.</summary>
    private const int DueDayOffset = 9;

    public static (DateOnly Opens, DateOnly Due) WindowDays(int year, int month)
    {
        var opens = new DateOnly(year, month, 1).AddMonths(1);
        return (opens, opens.AddDays(DueDayOffset));
    }

    /// <summary>Whether the month's window exists: it has opened by the seed day.</summary>
    public bool HasWindow(int year, int month) => Compare((year, month), NewestMonth) <= 0;

    /// <summary>Reported and accepted, its window closed.</summary>
    public bool IsAccepted(int year, int month) => Compare((year, month), OpenMonth) < 0;

    /// <summary>The open month: reported, except for drafts and the units that are late.</summary>
    public bool IsOpen(int year, int month) => Compare((year, month), OpenMonth) == 0;

    /// <summary>Accepted or open: the month has reports.</summary>
    public bool IsReported(int year, int month) => Compare((year, month), OpenMonth) <= 0;

    /// <summary>The story's year in the seeded calendar.</summary>
    public int Year(int storyYear) => storyYear + YearOffset;

    /// <summary>A calendar date of the story, moved by whole years; a month's last day stays its last day.</summary>
    public DateOnly Date(DateOnly story) => MoveMonths(story, 12 * YearOffset);

    /// <summary>An instant of the story (UTC), its city day moved as <see cref="Date"/>, its time of day kept.</summary>
    public DateTime Utc(DateTime storyUtc) => Shift(storyUtc, Date);

    /// <summary>
    /// A date of the follow-up after the conference: up to <see cref="ConferenceWeekEnd"/> as the
    /// calendar; up to <see cref="StoryDay"/> as many days before today as it was before the story's
    /// day (squeezed in proportion when the conference week is nearer to today than that); later
    /// (deadlines), as many months after this month as it was after the story's, on the same day of
    /// the month, a month's last day staying its last day. Never decreasing: the story keeps its order.
    /// </summary>
    public DateOnly Story(DateOnly story)
    {
        if (story <= ConferenceWeekEnd)
        {
            return Date(story);
        }

        if (story <= StoryDay)
        {
            var shift = SeedDay.DayNumber - StoryDay.DayNumber;
            var weekEnd = Date(ConferenceWeekEnd);
            var span = StoryDay.DayNumber - ConferenceWeekEnd.DayNumber;
            var spanNow = SeedDay.DayNumber - weekEnd.DayNumber;
            return spanNow >= span
                ? story.AddDays(shift)
                : weekEnd.AddDays((int)((long)(story.DayNumber - ConferenceWeekEnd.DayNumber) * spanNow / span));
        }

        // The story's day is a month's last day, so every later date is in a later month.
        var months = ((story.Year - StoryDay.Year) * 12) + story.Month - StoryDay.Month;
        var month = new DateOnly(SeedDay.Year, SeedDay.Month, 1).AddMonths(months);
        var last = month.AddMonths(1).AddDays(-1);
        return IsMonthEnd(story) || story.Day > last.Day ? last : new DateOnly(month.Year, month.Month, story.Day);
    }

    /// <summary>An instant of the follow-up (UTC), its city day moved as <see cref="Story"/>, its time of day kept.</summary>
    public DateTime StoryUtc(DateTime storyUtc) => Shift(storyUtc, Story);

    /// <summary>
    /// The days no story date maps to: between the conference week and the follow-up's first
    /// weeks, when the seed day is months after the story's day. Routine work fills them.
    /// </summary>
    public (DateOnly From, DateOnly To)? QuietDays
    {
        get
        {
            var from = Date(ConferenceWeekEnd).AddDays(1);
            var to = Story(ConferenceWeekEnd.AddDays(1)).AddDays(-1);
            return to >= from ? (from, to) : null;
        }
    }

    /// <summary>A text of the story with its years (2023年, 2024年 …) moved to the seeded calendar.</summary>
    public string Text(string story) =>
        YearOffset == 0 ? story : YearInText().Replace(story, m => Year(int.Parse(m.Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));

    /// <summary>A code with the story's year in it (ZY2023-001, ZYDB-2023-001), with the seeded year.</summary>
    public string Code(string story) =>
        YearOffset == 0 ? story : YearInCode().Replace(story, m => Year(int.Parse(m.Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));

    /// <summary>"2月底" for a month's last day, else "2月15日".</summary>
    public static string MonthDayText(DateOnly date) =>
        IsMonthEnd(date) ? $"{date.Month}月底" : $"{date.Month}月{date.Day}日";

    public static bool IsMonthEnd(DateOnly date) => date.AddDays(1).Day == 1;

    private static DateOnly MoveMonths(DateOnly date, int months) =>
        IsMonthEnd(date)
            ? new DateOnly(date.Year, date.Month, 1).AddMonths(months + 1).AddDays(-1)
            : date.AddMonths(months); // not a month's last day: the same day exists in every month

    private static DateTime Shift(DateTime utc, Func<DateOnly, DateOnly> move)
    {
        // The story's instants are daytime in the city (UTC+8); the city's day is the one that moves.
        var day = DateOnly.FromDateTime(utc.AddHours(8));
        return DateTime.SpecifyKind(utc.AddDays(move(day).DayNumber - day.DayNumber), DateTimeKind.Utc);
    }

    private static int Compare((int Year, int Month) a, (int Year, int Month) b) =>
        ((a.Year * 12) + a.Month).CompareTo((b.Year * 12) + b.Month);

    [GeneratedRegex("(?<![0-9])20[0-9]{2}(?=年)")]
    private static partial Regex YearInText();

    [GeneratedRegex("(?<![0-9])20[0-9]{2}(?![0-9])")]
    private static partial Regex YearInCode();
}
