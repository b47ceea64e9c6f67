using System.Globalization;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Demo;

/// <summary>
/// The live demo (issue 14 item 9, decision 0027): seeded on a day of its own, with the app's
/// clock on that day, the demo city tells the conference's story with last year as the
/// conference's year — months reported and accepted up to the open one, the open one late for
/// some units, supervision due around today, and the cockpit and rankings full on first open.
/// Each day needs a database of its own (the shared apps are pinned to the story's day).
/// </summary>
public sealed class LiveDemoTests
{
    /// <summary>Today, a March 1st after a common February, a leap day, a January day (last month is last year's December).</summary>
    public static TheoryData<string, DatabaseProvider> Days()
    {
        var days = new TheoryData<string, DatabaseProvider>
        {
            { "2026-12-05", DatabaseProvider.Sqlite },
            { "2027-03-01", DatabaseProvider.Sqlite },
            { "2028-02-29", DatabaseProvider.Sqlite },
            { "2027-01-03", DatabaseProvider.Sqlite },
        };
        if (Apps.Providers.Any(row => (DatabaseProvider)row.Data == DatabaseProvider.Postgres))
        {
            days.Add("2028-02-29", DatabaseProvider.Postgres);
        }

        return days;
    }

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Seeded_on_a_day_the_demo_city_is_live_on_that_day(string seedDay, DatabaseProvider provider)
    {
        var today = DateOnly.ParseExact(seedDay, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartOnAsync(provider, today);
        var now = app.Clock!.GetUtcNow().UtcDateTime;
        var calendar = new DemoCalendar(today);
        var (openYear, openMonth) = calendar.OpenMonth;
        int Index(int year, int month) => (year * 12) + month;
        var lastMonth = today.AddMonths(-1);

        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();

            // Last year is the conference's year, this year the running one.
            Assert.Equal([today.Year - 1, today.Year], await db.Set<PlanYear>().Select(p => p.Year).OrderBy(y => y).ToListAsync(ct));
            var meeting = await db.Set<Meeting>().SingleAsync(ct);
            Assert.Equal((new DateOnly(today.Year - 1, 12, 4), $"{today.Year - 1}年市委工作务虚会"), (meeting.Date, meeting.Title));
            Assert.Equal(today.Year - 1, (await db.Set<ReviewCampaign>().SingleAsync(ct)).Year);
            Assert.True(await db.Set<KeyProject>().AnyAsync(p => p.Code == $"ZY{today.Year - 1}-001", ct));

            // The monthly schedule: every month from the conference year's January up to the open
            // month is reported, all accepted before it; the open month is past its due day, with
            // drafts and units that have not reported; nothing after it.
            var months = await db.Set<ProgressReport>().Where(r => r.IsCurrent)
                .GroupBy(r => new { r.Year, r.Month })
                .Select(g => new
                {
                    g.Key.Year,
                    g.Key.Month,
                    Count = g.Count(),
                    Accepted = g.Count(r => r.Status == SubmissionStatus.Accepted),
                    Drafts = g.Count(r => r.Status == SubmissionStatus.Draft),
                })
                .ToListAsync(ct);
            Assert.Equal(Index(openYear, openMonth) - Index(today.Year - 1, 1) + 1, months.Count);
            Assert.All(months, m => Assert.InRange(Index(m.Year, m.Month), Index(today.Year - 1, 1), Index(openYear, openMonth)));
            Assert.All(months.Where(m => Index(m.Year, m.Month) < Index(openYear, openMonth)), m => Assert.Equal(m.Count, m.Accepted));
            var open = months.Single(m => m.Year == openYear && m.Month == openMonth);
            Assert.True(open.Drafts > 0);
            Assert.True(open.Accepted > 0);
            if (today.Day > 10)
            {
                Assert.Equal((lastMonth.Year, lastMonth.Month), (openYear, openMonth)); // accepted up to the month before last month
            }
            else
            {
                var beforeLast = today.AddMonths(-2);
                Assert.Equal((beforeLast.Year, beforeLast.Month), (openYear, openMonth)); // last month's window is not due yet
            }

            var previous = new DateOnly(openYear, openMonth, 1).AddMonths(-1);
            var reportedBefore = await db.Set<ProgressReport>().Where(r => r.Year == previous.Year && r.Month == previous.Month).Select(r => r.KeyProjectId).ToListAsync(ct);
            var reportedOpen = await db.Set<ProgressReport>().Where(r => r.Year == openYear && r.Month == openMonth).Select(r => r.KeyProjectId).ToListAsync(ct);
            Assert.NotEmpty(reportedBefore.Except(reportedOpen)); // late: nothing filed at all

            var windows = await db.Set<ReportingWindow>().AsNoTracking().ToListAsync(ct);
            var openWindow = windows.Single(w => w.Year == openYear && w.Month == openMonth);
            Assert.Null(openWindow.ClosedAtUtc);
            Assert.True(openWindow.DueOn < today);
            Assert.All(windows.Where(w => Index(w.Year, w.Month) < Index(openYear, openMonth)), w => Assert.NotNull(w.ClosedAtUtc));
            Assert.Contains(windows, w => w.Year == lastMonth.Year && w.Month == lastMonth.Month && w.OpensOn <= today && w.ClosedAtUtc is null);
            Assert.All(windows, w => Assert.True(w.OpensOn <= today));

            // The figures add up as the checks on reported figures want them: 本年累计 = last 累计 + 本月.
            var chains = (await db.Set<ProgressReport>().Where(r => r.IsCurrent)
                    .Select(r => new { r.KeyProjectId, r.Year, r.Month, r.InvestmentThisMonth, r.InvestmentYearToDate, r.InvestmentSinceStart, r.KeyProject!.TotalInvestment })
                    .ToListAsync(ct))
                .GroupBy(r => (r.KeyProjectId, r.Year));
            foreach (var chain in chains)
            {
                long before = 0;
                foreach (var r in chain.OrderBy(r => r.Month))
                {
                    Assert.Equal(before + r.InvestmentThisMonth, r.InvestmentYearToDate);
                    Assert.InRange(r.InvestmentSinceStart, r.InvestmentYearToDate, r.TotalInvestment);
                    before = r.InvestmentYearToDate;
                }
            }

            // Nothing is dated after the seeding instant.
            Assert.False(await db.Set<ProgressReport>().AnyAsync(r => r.RecordedAtUtc > now || r.AcceptedAtUtc > now, ct));
            Assert.False(await db.Set<IndicatorValue>().AnyAsync(v => v.RecordedAtUtc > now || v.AcceptedAtUtc > now, ct));
            Assert.False(await db.Set<ProjectStageChange>().AnyAsync(c => c.RecordedAtUtc > now || c.OnDate > today, ct));
            Assert.False(await db.Set<SupervisionFeedback>().AnyAsync(f => f.CreatedAtUtc > now, ct));
            Assert.False(await db.Set<SupervisionStep>().AnyAsync(s => s.AtUtc > now, ct));
            Assert.False(await db.Set<SupervisionItem>().AnyAsync(i => i.CreatedAtUtc > now || i.ClosedAtUtc > now, ct));
            Assert.False(await db.Set<Problem>().AnyAsync(p => p.CreatedAtUtc > now || p.ClosedAtUtc > now, ct));
            Assert.False(await db.Set<ReviewSubmission>().AnyAsync(s => s.SubmittedAtUtc > now, ct));

            // Supervision around today: overdue by days, not years, and deadlines coming up.
            var running = await db.Set<SupervisionItem>().Where(i => i.Status != SupervisionStatus.Closed)
                .Select(i => new { i.CaseNumber, i.Deadline }).ToListAsync(ct);
            var overdueDays = running.Where(i => i.Deadline < today).Select(i => today.DayNumber - i.Deadline.DayNumber).ToList();
            Assert.NotEmpty(overdueDays);
            Assert.All(overdueDays, days => Assert.InRange(days, 1, 45));
            Assert.Contains(running, i => i.Deadline >= today && i.Deadline <= today.AddDays(62));
            var extension = await db.Set<ExtensionRequest>().SingleAsync(ct);
            Assert.True(extension.RequestedDeadline > today);
        }

        // The cockpit on first open: the open month, full.
        var leader = await app.LoginAsync("leader");
        using (var cockpit = JsonDocument.Parse(await leader.GetStringAsync("/api/cockpit", ct)))
        {
            var root = cockpit.RootElement;
            Assert.Equal((openYear, openMonth), (root.GetProperty("asOf").GetProperty("year").GetInt32(), root.GetProperty("asOf").GetProperty("month").GetInt32()));
            Assert.False(root.GetProperty("isEmpty").GetBoolean());
            Assert.True(root.GetProperty("projects").GetProperty("all").GetProperty("figures").GetProperty("totals").GetProperty("completedYearToDate").GetInt64() > 0);
            Assert.NotEmpty(root.GetProperty("completionRanking").EnumerateArray());
            var reporting = root.GetProperty("reportingRanking").EnumerateArray().ToList();
            Assert.NotEmpty(reporting);
            Assert.Contains(reporting, r => r.GetProperty("onTime").GetInt32() < r.GetProperty("projects").GetInt32()); // units late
            Assert.Contains(reporting, r => r.GetProperty("onTime").GetInt32() == r.GetProperty("projects").GetInt32());
        }

        // The cockpit of the current month: today's overdue items, ranked.
        using (var cockpit = JsonDocument.Parse(await leader.GetStringAsync($"/api/cockpit?year={today.Year}&month={today.Month}", ct)))
        {
            var root = cockpit.RootElement;
            Assert.Equal(today, DateOnly.Parse(root.GetProperty("asOf").GetProperty("day").GetString()!, CultureInfo.InvariantCulture));
            Assert.True(root.GetProperty("supervisionOverdue").GetProperty("value").GetInt32() > 0);
            Assert.NotEmpty(root.GetProperty("overdueRanking").EnumerateArray());
            Assert.NotEmpty(root.GetProperty("completionRanking").EnumerateArray());
        }

        // Nobody's to-do is older than the open month: late by days, not years.
        foreach (var user in new[] { "project.office", "supervision.office", "anyue.reporter", "anyue.leader", "lezhi.reporter" })
        {
            var client = await app.LoginAsync(user);
            using var todo = JsonDocument.Parse(await client.GetStringAsync("/api/todo?pageSize=200", ct));
            foreach (var entry in todo.RootElement.GetProperty("items").EnumerateArray())
            {
                if (entry.TryGetProperty("daysLate", out var late) && late.ValueKind == JsonValueKind.Number)
                {
                    Assert.True(late.GetInt32() <= 45, $"{user}: {entry.GetProperty("title").GetString()} is {late.GetInt32()} days late");
                }
            }
        }

        // The supervision rankings of the last three months judge real work.
        using var rankings = JsonDocument.Parse(await leader.GetStringAsync(
            $"/api/supervision/rankings?from={today.AddDays(-90):yyyy-MM-dd}&to={today:yyyy-MM-dd}", ct));
        var units = rankings.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.NotEmpty(units);
        Assert.Contains(units, u => u.GetProperty("overdueCount").GetInt32() > 0);
    }
}
