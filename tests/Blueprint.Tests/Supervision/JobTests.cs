using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Supervision;

/// <summary>The supervision job on a real database: lights, history steps and notices, each exactly once.</summary>
public sealed class JobTests
{
    // 10:00 in Ziyang on 1 March 2095.
    private static readonly DateTimeOffset Start = new(2095, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int m, int d) => new(2095, m, d);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task After_ten_days_down_one_run_marks_exactly_the_items_that_became_overdue(DatabaseProvider provider)
    {
        var (database, node) = await JobHost.StartAsync(provider, Start);
        await using var _ = database;
        using var __ = node;

        var before = await node.AssignAsync("JT-2095-001", DemoUnits.Anyue, D(2, 27), FeedbackCadence.Once); // overdue from the start
        var a = await node.AssignAsync("JT-2095-002", DemoUnits.Anyue, D(3, 5), FeedbackCadence.Once);
        var b = await node.AssignAsync("JT-2095-003", DemoUnits.Anyue, D(3, 10), FeedbackCadence.Once);
        var c = await node.AssignAsync("JT-2095-004", DemoUnits.Anyue, D(3, 11), FeedbackCadence.Once); // due the day we return
        var d = await node.AssignAsync("JT-2095-005", DemoUnits.Anyue, D(3, 14), FeedbackCadence.Once);
        var e = await node.AssignAsync("JT-2095-006", DemoUnits.Anyue, D(3, 20), FeedbackCadence.Once);
        var extended = await node.AssignAsync("JT-2095-007", DemoUnits.Anyue, D(3, 4), FeedbackCadence.Once);
        var closed = await node.AssignAsync("JT-2095-008", DemoUnits.Anyue, D(3, 6), FeedbackCadence.Once);
        await node.WithDbAsync(async db =>
        {
            (await db.Set<SupervisionItem>().SingleAsync(i => i.Id == extended)).Deadline = D(3, 25); // an approved extension
            var done = await db.Set<SupervisionItem>().SingleAsync(i => i.Id == closed);
            done.Status = SupervisionStatus.Closed;
            done.ClosedAtUtc = node.NowUtc.AddDays(2);
            return await db.SaveChangesAsync();
        });
        int[] mine = [before, a, b, c, d, e, extended, closed];

        Assert.NotNull(await node.TickAsync());
        var first = await LightsAsync(node, mine);
        Assert.Equal([before], mine.Where(i => first[i] != StatusLight.Green));
        Assert.Equal(StatusLight.Red, first[before]);

        node.Clock.Advance(TimeSpan.FromDays(10)); // down for ten days
        var result = await node.TickAsync();
        Assert.NotNull(result);

        var lights = await LightsAsync(node, mine);
        Assert.Equal([before, a, b], mine.Where(i => lights[i] == StatusLight.Red).Order());
        Assert.Equal([c, d], mine.Where(i => lights[i] == StatusLight.Yellow).Order());
        Assert.Equal([e, extended, closed], mine.Where(i => lights[i] == StatusLight.Green).Order());

        // One MarkedLight step per change: `before` once (at the first run), a and b once each now.
        var steps = await node.WithDbAsync(db => db.Set<SupervisionStep>().AsNoTracking()
            .Where(s => mine.Contains(s.SupervisionItemId) && s.Kind == SupervisionStepKind.MarkedLight).ToListAsync());
        Assert.Equal([before, a, b, c, d], steps.Select(s => s.SupervisionItemId).Order());
        Assert.Equal("正常 → 滞后", steps.Single(s => s.SupervisionItemId == a).Comment);
        Assert.All(steps, s => Assert.Null(s.ActorId));

        // Overdue: the lead unit's two users and the supervision office, once per item.
        var recipients = await RecipientsAsync(node, DemoUnits.Anyue);
        foreach (var id in new[] { before, a, b })
        {
            var overdue = await node.NotificationsAsync($"sup-overdue:{id}:");
            Assert.Equal(recipients.Order(), overdue.Select(n => n.UserId).Order());
            Assert.All(overdue, n => Assert.Equal(NotificationKind.Overdue, n.Kind));
            // Stored as a key and arguments too, so each reader reads it in their own language (issue 19).
            Assert.All(overdue, n => Assert.Equal("Supervision.Notice.Overdue", n.TextKey));
            var culture = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
            try
            {
                using var scope = node.SystemScope();
                var t = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>();
                Assert.StartsWith("Supervision item overdue (deadline ", NoticeText.Render(t, overdue[0].TextKey, overdue[0].TextArgs), StringComparison.Ordinal);
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentUICulture = culture;
            }
        }

        foreach (var id in new[] { c, d, e, extended, closed })
        {
            Assert.Empty(await node.NotificationsAsync($"sup-overdue:{id}:"));
        }

        // Ticking on: the same slot is taken; later slots change nothing and repeat no notice.
        var count = (await node.NotificationsAsync("sup-")).Count;
        Assert.Null(await node.TickAsync());
        node.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await node.TickAsync();
        Assert.NotNull(again);
        Assert.Equal(0, again.LightsChanged);
        Assert.Equal(0, again.Notified);
        Assert.Equal(count, (await node.NotificationsAsync("sup-")).Count);
        Assert.Equal(steps.Count, await node.WithDbAsync(db => db.Set<SupervisionStep>()
            .CountAsync(s => mine.Contains(s.SupervisionItemId) && s.Kind == SupervisionStepKind.MarkedLight)));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Reminds_before_a_feedback_falls_due_and_marks_a_missed_one_yellow(DatabaseProvider provider)
    {
        var (database, node) = await JobHost.StartAsync(provider, Start);
        await using var _ = database;
        using var __ = node;
        var w = await node.AssignAsync("JT-2095-101", DemoUnits.Anyue, D(4, 30), FeedbackCadence.Weekly); // due 8, 15, 22 March …
        var lead = await RecipientsAsync(node, DemoUnits.Anyue, office: false);

        await node.TickAsync();
        Assert.Empty(await node.NotificationsAsync($"sup-due:{w}:")); // 8 March is a week away

        node.Clock.Advance(TimeSpan.FromDays(5)); // 6 March: two days before
        await node.TickAsync();
        node.Clock.Advance(TimeSpan.FromMinutes(1));
        await node.TickAsync();
        var reminders = await node.NotificationsAsync($"sup-due:{w}:");
        Assert.Equal(lead.Order(), reminders.Select(n => n.UserId).Order());
        Assert.All(reminders, n => Assert.Equal($"sup-due:{w}:2095-03-08:u{n.UserId}", n.DedupKey));
        Assert.Equal(StatusLight.Green, (await LightsAsync(node, [w]))[w]);

        node.Clock.Advance(TimeSpan.FromDays(3)); // 9 March: the 8th passed without feedback
        await node.TickAsync();
        Assert.Equal(StatusLight.Yellow, (await LightsAsync(node, [w]))[w]);
        Assert.Equal(lead.Order(), (await node.NotificationsAsync($"sup-missed:{w}:2095-03-08")).Select(n => n.UserId).Order());

        node.Clock.Advance(TimeSpan.FromDays(1)); // 10 March: the lead unit answers late
        await AddFeedbackAsync(node, w, DemoUnits.Anyue);
        node.Clock.Advance(TimeSpan.FromDays(3)); // 13 March: the 15th is answered already, no reminder
        await node.TickAsync();
        Assert.Empty(await node.NotificationsAsync($"sup-due:{w}:2095-03-15"));
        Assert.Equal(StatusLight.Yellow, (await LightsAsync(node, [w]))[w]); // the 8th is still the last passed due date

        node.Clock.Advance(TimeSpan.FromDays(3)); // 16 March: the 15th was met
        await node.TickAsync();
        Assert.Equal(StatusLight.Green, (await LightsAsync(node, [w]))[w]);

        // A cooperating unit's feedback does not stand for the lead unit's.
        node.Clock.Advance(TimeSpan.FromDays(2));
        await AddFeedbackAsync(node, w, DemoUnits.AnyueHousing);
        node.Clock.Advance(TimeSpan.FromDays(5)); // 23 March: the 22nd passed
        await node.TickAsync();
        Assert.Equal(StatusLight.Yellow, (await LightsAsync(node, [w]))[w]);
        Assert.Equal(2, (await node.NotificationsAsync($"sup-missed:{w}:")).Select(n => n.DedupKey!.Split(':')[2]).Distinct().Count());
    }

    internal static async Task<Dictionary<int, StatusLight>> LightsAsync(JobHost node, int[] ids) =>
        await node.WithDbAsync(db => db.Set<SupervisionItem>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Light));

    internal static async Task<List<int>> RecipientsAsync(JobHost node, string unitCode, bool office = true) =>
        await node.WithDbAsync(async db =>
        {
            var unit = await db.Set<Unit>().SingleAsync(u => u.Code == unitCode);
            var users = await db.Set<User>().Where(u => u.UnitId == unit.Id).Select(u => u.Id).ToListAsync();
            return office ? [.. users, .. await Inbox.RoleUsers(db, Roles.SupervisionOffice).Select(u => u.Id).ToListAsync()] : users;
        });

    internal static async Task AddFeedbackAsync(JobHost node, int itemId, string unitCode) =>
        await node.WithDbAsync(async db =>
        {
            var unit = await db.Set<Unit>().SingleAsync(u => u.Code == unitCode);
            var author = await db.Set<User>().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
            db.Add(new SupervisionFeedback { SupervisionItemId = itemId, UnitId = unit.Id, AuthorId = author, Text = "按期反馈进展", CreatedAtUtc = node.NowUtc });
            return await db.SaveChangesAsync();
        });
}
