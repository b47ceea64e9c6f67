using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Supervision;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The daily 催报 over a whole month, with a fake clock, two web nodes on one database and two
/// spells of downtime: the right people are reminded on the right days, each day once, and a
/// restart sends the latest reminder it missed, once. The month is May 2057, open from Friday
/// 1 June and due Wednesday 13 June (see <see cref="ReminderScheduleTests"/> for its days).
/// </summary>
public sealed class ReminderJobTests
{
    // 08:00 in Ziyang on Friday 1 June 2057.
    private static readonly DateTimeOffset Start = new(2057, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly June(int day) => new(2057, 6, day);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_month_of_reminders_reaches_the_units_not_reported_on_their_days_once_even_with_two_nodes_and_downtime(DatabaseProvider provider)
    {
        var (database, first) = await JobHost.StartAsync(provider, Start);
        await using var _ = database;
        using var a = first;
        // The second node's clock runs ten seconds ahead: nodes never agree to the tick.
        using var b = a.AnotherNode(Start.AddSeconds(10));
        var (window, anyue, lezhi, lezhiProject) = await ArrangeAsync(a);
        var people = await a.WithDbAsync(db => db.Set<User>()
            .Where(u => u.UserName == "anyue.reporter" || u.UserName == "lezhi.reporter").ToDictionaryAsync(u => u.UserName!, u => u.Id));

        // Every three hours for a month, both nodes at once (PostgreSQL) or one after the other
        // (SQLite has one writer); the job is down from Saturday 9 June to Monday 11 June and from
        // Tuesday 19 June to Friday 22 June. 乐至 reports on the due day at 15:00.
        var done = new List<ReminderTickResult>();
        for (var now = Start; now < Start.AddDays(30); now = now.AddHours(3))
        {
            var city = CityTime.Of(now.UtcDateTime);
            if (city >= new DateTime(2057, 6, 13, 15, 0, 0) && !await ReportedAsync(a, lezhiProject))
            {
                await ReportAsync(a, lezhiProject, lezhi, now.UtcDateTime);
            }

            var down = (city >= new DateTime(2057, 6, 9) && city < new DateTime(2057, 6, 12)) || (city >= new DateTime(2057, 6, 19) && city < new DateTime(2057, 6, 23));
            if (!down)
            {
                var results = provider == DatabaseProvider.Postgres
                    ? await Task.WhenAll(Task.Run(a.RemindersTickAsync), Task.Run(b.RemindersTickAsync))
                    : [await a.RemindersTickAsync(), await b.RemindersTickAsync()];
                Assert.True(results.Count(r => r is not null) <= 1, $"{now:O}: two nodes did the same day");
                done.AddRange(results.OfType<ReminderTickResult>());
            }

            a.Clock.Advance(TimeSpan.FromHours(3));
            b.Clock.Advance(TimeSpan.FromHours(3));
        }

        var notices = await a.NotificationsAsync($"remind:{window}:");
        string Day(Notification n) => n.DedupKey!.Split(':')[3];
        var anyueDays = notices.Where(n => n.DedupKey!.StartsWith($"remind:{window}:{anyue}:", StringComparison.Ordinal)).ToList();
        var lezhiDays = notices.Where(n => n.DedupKey!.StartsWith($"remind:{window}:{lezhi}:", StringComparison.Ordinal)).ToList();

        // 安岳 still owes one project: 3 days before (sent on the 12th, after the first downtime), the
        // due day, each working day after it — but of 19–22 June only Friday's, sent in the night to
        // Saturday when the job came back — until the tenth working day, the 27th.
        Assert.Equal(["2057-06-10", "2057-06-13", "2057-06-14", "2057-06-15", "2057-06-18", "2057-06-22", "2057-06-25", "2057-06-26", "2057-06-27"],
            anyueDays.Select(Day).Order(StringComparer.Ordinal));
        // 乐至 is reminded until it reports on the due day, after that day's reminder.
        Assert.Equal(["2057-06-10", "2057-06-13"], lezhiDays.Select(Day).Order(StringComparer.Ordinal));

        // The right people: each unit's reporter, not its leader, nobody else; once per day each.
        Assert.All(anyueDays, n => Assert.Equal(people["anyue.reporter"], n.UserId));
        Assert.All(lezhiDays, n => Assert.Equal(people["lezhi.reporter"], n.UserId));
        Assert.Equal(notices.Count, notices.Select(n => n.DedupKey).Distinct().Count());
        Assert.All(notices, n => Assert.Equal(NotificationKind.Reminder, n.Kind));
        Assert.All(notices, n => Assert.Equal("/progress?year=2057&month=5", n.Link));

        // What they say: how many projects, and where the month stands.
        Assert.Contains("将于2057-06-13截止，本单位尚有1个项目未报送", anyueDays.Single(n => Day(n) == "2057-06-10").Title, StringComparison.Ordinal);
        Assert.Contains("今天（2057-06-13）截止", anyueDays.Single(n => Day(n) == "2057-06-13").Title, StringComparison.Ordinal);
        Assert.Contains("已于2057-06-13截止", anyueDays.Single(n => Day(n) == "2057-06-22").Title, StringComparison.Ordinal);
        // The catch-ups went out at the first tick after each downtime (02:00 in the city, by either node's clock).
        Assert.Equal("2057-06-12 02:00", CityTime.Minute(anyueDays.Single(n => Day(n) == "2057-06-10").CreatedAtUtc));
        Assert.Equal("2057-06-23 02:00", CityTime.Minute(anyueDays.Single(n => Day(n) == "2057-06-22").CreatedAtUtc));

        // Each city day was done by one node, once; the tick table counts exactly these notices.
        Assert.Equal(done.Count, done.Select(r => r.Day).Distinct().Count());
        var ticks = await a.WithDbAsync(db => db.Set<JobTick>().AsNoTracking().Where(t => t.Job == ReportingReminderJob.Name).ToListAsync());
        Assert.Equal(done.Select(r => (long)r.Day.DayNumber).Order(), ticks.Select(t => t.Slot).Order());
        Assert.Equal(notices.Count, done.Sum(r => r.Notified));
        Assert.Equal(notices.Count, ticks.Sum(t => t.Notified));

        // A node started after the last reminder day sends nothing more.
        using var late = a.AnotherNode(new DateTimeOffset(2057, 7, 2, 4, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await late.RemindersTickAsync())!.Reminded);
        Assert.Equal(notices.Count, (await a.NotificationsAsync($"remind:{window}:")).Count);
    }

    /// <summary>Projects of 2057: two of 安岳 (one reported on 5 June), one of 乐至; the month's window.</summary>
    private static async Task<(int Window, int Anyue, int Lezhi, int LezhiProject)> ArrangeAsync(JobHost node) =>
        await node.WithDbAsync(async db =>
        {
            var units = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue || u.Code == DemoUnits.Lezhi).ToDictionaryAsync(u => u.Code, u => u.Id);
            var (anyue, lezhi) = (units[DemoUnits.Anyue], units[DemoUnits.Lezhi]);
            KeyProject Project(string code, int unitId)
            {
                var project = new KeyProject { Code = code, Name = $"催报测试项目 {code}", UnitId = unitId, TotalInvestment = 10_000_0000 };
                db.Add(project);
                db.Add(new AnnualPlanEntry { Year = 2057, KeyProject = project, UnitId = unitId, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000_0000 });
                return project;
            }

            Project("RM-2057-A1", anyue);
            var reported = Project("RM-2057-A2", anyue);
            var lezhiProject = Project("RM-2057-L1", lezhi);
            var window = new ReportingWindow { Year = 2057, Month = 5, OpensOn = June(1), DueOn = June(13) };
            db.Add(window);
            await db.SaveChangesAsync();
            await ReportAsync(db, reported.Id, anyue, new DateTime(2057, 6, 5, 2, 0, 0, DateTimeKind.Utc));
            return (window.Id, anyue, lezhi, lezhiProject.Id);
        });

    private static Task<bool> ReportedAsync(JobHost node, int projectId) =>
        node.WithDbAsync(db => db.Set<ProgressReport>().AnyAsync(r => r.KeyProjectId == projectId));

    private static Task<int> ReportAsync(JobHost node, int projectId, int unitId, DateTime atUtc) =>
        node.WithDbAsync(db => ReportAsync(db, projectId, unitId, atUtc));

    /// <summary>A submitted report, as the submit step leaves it (the job reads only whether the month is reported).</summary>
    private static async Task<int> ReportAsync(BlueprintDb db, int projectId, int unitId, DateTime atUtc)
    {
        db.Add(new ProgressReport
        {
            KeyProjectId = projectId,
            UnitId = unitId,
            Year = 2057,
            Month = 5,
            InvestmentThisMonth = 100_0000,
            InvestmentYearToDate = 500_0000,
            InvestmentSinceStart = 900_0000,
            Status = SubmissionStatus.Submitted,
            RecordedAtUtc = atUtc,
        });
        return await db.SaveChangesAsync();
    }
}
