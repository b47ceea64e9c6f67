using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Supervision;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Blueprint.Tests.Notifications;

/// <summary>
/// The inbox through its API and page, and the optional e-mail. A database of its own, so that
/// unread counts are not moved by other test classes notifying the same demo users.
/// </summary>
public sealed class NotificationsTests
{
    private static readonly DateTimeOffset Now = new(2098, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_user_sees_and_marks_only_their_own_notifications(DatabaseProvider provider)
    {
        var (database, node) = await JobHost.StartAsync(provider, Now);
        await using var _ = database;
        using var __ = node;
        var (anyue, lezhi) = await NotifyAsync(node);
        var ct = TestContext.Current.CancellationToken;

        var client = await node.LoginAsync("anyue.reporter");
        var page = await client.GetFromJsonAsync<Page<NotificationDto>>("/api/notifications?pageSize=500", ct);
        Assert.Equal(["安岳测试消息 1", "安岳测试消息 2", "安岳测试消息 3"], page!.Items.Select(n => n.Title).Order());
        Assert.Equal(3, (await client.GetFromJsonAsync<UnreadCount>("/api/notifications/unread-count", ct))!.Count);

        // Someone else's notification is not found, not marked.
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/notifications/{lezhi[0]}/read", null, ct)).StatusCode);
        var after = await (await client.PostAsync($"/api/notifications/{anyue[0]}/read", null, ct)).Content.ReadFromJsonAsync<UnreadCount>(ct);
        Assert.Equal(2, after!.Count);
        var unread = await client.GetFromJsonAsync<Page<NotificationDto>>("/api/notifications?unread=true", ct);
        Assert.Equal(2, unread!.Total);
        Assert.DoesNotContain(unread.Items, n => n.Id == anyue[0]);

        // The page and the top bar's badge.
        var html = await client.GetStringAsync("/inbox", ct);
        Assert.Contains("安岳测试消息 2", html);
        Assert.DoesNotContain("乐至测试消息", html);
        Assert.Contains("id=\"inbox-badge\"", html);
        Assert.Contains("href=\"supervision/", html);

        Assert.Equal(0, (await (await client.PostAsync("/api/notifications/read-all", null, ct)).Content.ReadFromJsonAsync<UnreadCount>(ct))!.Count);
        Assert.Equal(0, (await client.GetFromJsonAsync<UnreadCount>("/api/notifications/unread-count", ct))!.Count);
        Assert.DoesNotContain("id=\"inbox-badge\"", await client.GetStringAsync("/inbox", ct));

        // Lezhi's stay unread: marking all is one's own all.
        var other = await node.LoginAsync("lezhi.reporter");
        Assert.Equal(lezhi.Count, (await other.GetFromJsonAsync<UnreadCount>("/api/notifications/unread-count", ct))!.Count);
    }

    [Fact]
    public async Task New_notifications_are_mailed_only_when_smtp_is_enabled()
    {
        var (database, node) = await JobHost.StartAsync(DatabaseProvider.Sqlite, Now);
        await using var _ = database;
        using var __ = node;
        await using var smtp = new SmtpListener();
        await node.WithDbAsync(async db =>
        {
            (await db.Set<User>().SingleAsync(u => u.UserName == "anyue.reporter")).Email = "anyue.reporter@ziyang.test";
            return await db.SaveChangesAsync();
        });
        var (anyue, lezhi) = await NotifyAsync(node);
        var settings = new SmtpOptions { Enabled = false, Host = "127.0.0.1", Port = smtp.Port, From = "blueprint@ziyang.test", SiteUrl = "https://blueprint.test" };

        Assert.Equal(0, await MailAsync(node, settings));
        Assert.Equal(0, smtp.Connections);
        Assert.True(await node.WithDbAsync(db => db.Set<Notification>().AllAsync(n => n.EmailedAtUtc == null)));

        settings.Enabled = true;
        Assert.Equal(anyue.Count, await MailAsync(node, settings)); // lezhi.reporter has no address
        Assert.Equal(anyue.Count, smtp.Received.Count);
        Assert.All(smtp.Received, m => Assert.Equal(["anyue.reporter@ziyang.test"], m.Recipients));
        Assert.Contains(smtp.Received, m => m.Body == "安岳测试消息 1\n\nhttps://blueprint.test/supervision/1\n");

        // Every notification was taken once: a second pass (or another node) mails nothing.
        Assert.Equal(0, await MailAsync(node, settings));
        Assert.Equal(anyue.Count, smtp.Received.Count);
        Assert.Equal(anyue.Count + lezhi.Count, await node.WithDbAsync(db => db.Set<Notification>().CountAsync(n => n.EmailedAtUtc != null)));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_notice_stored_as_a_key_is_read_in_the_readers_language_and_an_old_one_as_stored(DatabaseProvider provider)
    {
        var (database, node) = await JobHost.StartAsync(provider, Now);
        await using var _ = database;
        using var __ = node;
        var ct = TestContext.Current.CancellationToken;

        // Caused by a Chinese-speaking office: the stored title is Chinese, the key and arguments are kept.
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            using var scope = node.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var zh = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Blueprint.Web.SharedResource>>();
            var user = await db.Set<User>().Where(u => u.UserName == "anyue.reporter").Select(u => u.Id).SingleAsync(ct);
            Inbox.Notify(db, [user], NotificationKind.Approved,
                new NoticeText("PortalReviews.Notice.Approved", new NoticeWord("Portal.Kind.Project"), "临空物流港"), zh, "/portal/reviews/1", "lang-1", node.NowUtc);
            Inbox.Notify(db, [user], NotificationKind.General, "旧消息：只有标题", "/inbox", "lang-2", node.NowUtc.AddMinutes(1));
            await db.SaveChangesAsync(ct);
            var stored = await db.Set<Notification>().SingleAsync(n => n.DedupKey!.StartsWith("lang-1"), ct);
            Assert.Equal("PortalReviews.Notice.Approved", stored.TextKey);
            Assert.Equal("您提请公开的重点项目「临空物流港」已通过保密审查，已在门户公开。", stored.Title);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }

        var client = await node.LoginAsync("anyue.reporter");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var english = (await client.GetFromJsonAsync<Page<NotificationDto>>("/api/notifications", ct))!.Items;
        Assert.Equal("The Key project \"临空物流港\" you proposed passed the review and is now public.", english.Single(n => n.Link == "/portal/reviews/1").Title);
        Assert.Equal("旧消息：只有标题", english.Single(n => n.Link == "/inbox").Title);

        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = (await client.GetFromJsonAsync<Page<NotificationDto>>("/api/notifications", ct))!.Items;
        Assert.Equal("您提请公开的重点项目「临空物流港」已通过保密审查，已在门户公开。", chinese.Single(n => n.Link == "/portal/reviews/1").Title);
    }

    private static Task<int> MailAsync(JobHost node, SmtpOptions settings) => node.WithDbAsync(db =>
        new NotificationMailer(db, node.Clock, Options.Create(settings), NullLogger<NotificationMailer>.Instance).SendPendingAsync(default));

    /// <summary>Three notifications for 安岳县填报员 and two for 乐至县填报员; returns their ids.</summary>
    private static Task<(List<long> Anyue, List<long> Lezhi)> NotifyAsync(JobHost node) => node.WithDbAsync(async db =>
    {
        var users = await db.Set<User>().Where(u => u.UserName == "anyue.reporter" || u.UserName == "lezhi.reporter").ToDictionaryAsync(u => u.UserName!, u => u.Id);
        for (var i = 1; i <= 3; i++)
        {
            Inbox.Notify(db, [users["anyue.reporter"]], NotificationKind.FeedbackDue, $"安岳测试消息 {i}", $"/supervision/{i}", $"nt-anyue-{i}", node.NowUtc.AddMinutes(i));
        }

        for (var i = 1; i <= 2; i++)
        {
            Inbox.Notify(db, [users["lezhi.reporter"]], NotificationKind.Overdue, $"乐至测试消息 {i}", null, $"nt-lezhi-{i}", node.NowUtc.AddMinutes(i));
        }

        await db.SaveChangesAsync();
        var mine = await db.Set<Notification>().Where(n => n.DedupKey!.StartsWith("nt-")).Select(n => new { n.Id, n.UserId }).ToListAsync();
        return (mine.Where(n => n.UserId == users["anyue.reporter"]).Select(n => n.Id).Order().ToList(),
                mine.Where(n => n.UserId == users["lezhi.reporter"]).Select(n => n.Id).Order().ToList());
    });
}
