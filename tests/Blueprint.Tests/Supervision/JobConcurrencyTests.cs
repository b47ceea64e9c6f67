using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Tests.Supervision;

/// <summary>Two web nodes on one PostgreSQL database run the job at the same moments.</summary>
public sealed class JobConcurrencyTests
{
    private static readonly DateTimeOffset Start = new(2096, 5, 1, 0, 0, 0, TimeSpan.Zero); // 08:00 in Ziyang

    [Fact]
    public async Task Two_nodes_ticking_together_do_each_tick_once_and_never_notify_twice()
    {
        var (database, first) = await JobHost.StartAsync(DatabaseProvider.Postgres, Start);
        await using var _ = database;
        using var a = first;
        // The second node's clock runs ten seconds ahead: nodes never agree to the tick.
        using var b = a.AnotherNode(Start.AddSeconds(10));

        // Items falling overdue, due for feedback and missing it during the 100 hours ticked.
        var items = new List<int>();
        for (var day = 1; day <= 4; day++)
        {
            items.Add(await a.AssignAsync($"JC-2096-{day:000}", DemoUnits.Anyue, new DateOnly(2096, 5, day), FeedbackCadence.Once));
        }

        // A weekly item started a week ago: due 1 May, 8 May …
        var weekly = await a.AssignAsync("JC-2096-101", DemoUnits.Lezhi, new DateOnly(2096, 6, 30), FeedbackCadence.Weekly);
        await a.WithDbAsync(db => db.Set<SupervisionItem>().Where(i => i.Id == weekly)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAtUtc, Start.UtcDateTime.AddDays(-7))));
        items.Add(weekly);

        var done = new List<SupervisionTickResult>();
        for (var tick = 0; tick < 100; tick++)
        {
            var results = await Task.WhenAll(Task.Run(a.TickAsync), Task.Run(b.TickAsync));
            Assert.Single(results, r => r is not null);
            done.Add(results.Single(r => r is not null)!);
            a.Clock.Advance(TimeSpan.FromHours(1));
            b.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(100, done.Select(r => r.Slot).Distinct().Count());
        var ticks = await a.WithDbAsync(db => db.Set<JobTick>().AsNoTracking().Where(t => t.Job == SupervisionJob.Name).OrderBy(t => t.Slot).ToListAsync());
        Assert.Equal(done.Select(r => r.Slot).Order(), ticks.Select(t => t.Slot));
        // Both nodes won some races (about 1 in 5 for the one a thread-pool hop behind): the election was contested.
        Assert.Equal(2, ticks.Select(t => t.Node).Distinct().Count());

        // Every notice of the job exists once per user and event, and the ticks count exactly them.
        var notices = await a.NotificationsAsync("sup-");
        var job = notices.Where(n => !n.DedupKey!.StartsWith("sup-assigned:", StringComparison.Ordinal)).ToList();
        Assert.Equal(job.Count, job.Select(n => (n.UserId, n.Kind, n.Title)).Distinct().Count());
        Assert.Equal(done.Sum(r => r.Notified), job.Count);
        Assert.Equal(ticks.Sum(t => t.Notified), job.Count);

        // What happened in those hours: the four items fell overdue (the 4 May one on the 5th), the
        // weekly item was reminded on 1 May of that day's feedback, then marked as missing it.
        foreach (var id in items.Take(4))
        {
            Assert.Contains(notices, n => n.DedupKey!.StartsWith($"sup-overdue:{id}:", StringComparison.Ordinal));
        }

        Assert.Contains(notices, n => n.DedupKey!.StartsWith($"sup-missed:{weekly}:2096-05-01", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.DedupKey!.StartsWith($"sup-due:{weekly}:2096-05-01", StringComparison.Ordinal));
        var steps = await a.WithDbAsync(db => db.Set<SupervisionStep>().AsNoTracking()
            .Where(s => items.Contains(s.SupervisionItemId) && s.Kind == SupervisionStepKind.MarkedLight)
            .GroupBy(s => new { s.SupervisionItemId, s.Comment }).Select(g => g.Count()).ToListAsync());
        Assert.All(steps, count => Assert.Equal(1, count));
        Assert.All(notices, n => Assert.Equal(NotificationKindFor(n.DedupKey!), n.Kind));
    }

    private static NotificationKind NotificationKindFor(string key) => key.Split(':')[0] switch
    {
        "sup-overdue" => NotificationKind.Overdue,
        "sup-missed" => NotificationKind.FeedbackMissed,
        "sup-due" => NotificationKind.FeedbackDue,
        _ => NotificationKind.NewAssignment,
    };
}
