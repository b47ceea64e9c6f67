using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Notifications;

/// <summary>
/// The one way anything lands in a user's inbox. Entries are added to the caller's context and
/// saved with the change that caused them (same transaction). The dedup key is made per user and
/// is unique in the database, so the same event can never notify the same user twice.
/// </summary>
public static class Inbox
{
    /// <summary>Notifies every user whose home unit is <paramref name="unitId"/>.</summary>
    public static async Task NotifyUnitAsync(BlueprintDb db, int unitId, NotificationKind kind, string title,
        string? link, string? dedupKey, DateTime nowUtc, CancellationToken ct)
    {
        var users = await db.Set<User>().Where(u => u.UnitId == unitId).Select(u => u.Id).ToListAsync(ct);
        Notify(db, users, kind, title, link, dedupKey, nowUtc);
    }

    /// <summary>Notifies every user whose home unit is <paramref name="unitId"/>, each in their own language (decision 0036).</summary>
    public static async Task NotifyUnitAsync(BlueprintDb db, int unitId, NotificationKind kind, NoticeText text, IStringLocalizer t,
        string? link, string? dedupKey, DateTime nowUtc, CancellationToken ct)
    {
        var users = await db.Set<User>().Where(u => u.UnitId == unitId).Select(u => u.Id).ToListAsync(ct);
        Notify(db, users, kind, text, t, link, dedupKey, nowUtc);
    }

    /// <summary>Notifies every user holding <paramref name="role"/> (e.g. the supervision office).</summary>
    public static async Task NotifyRoleAsync(BlueprintDb db, string role, NotificationKind kind, string title,
        string? link, string? dedupKey, DateTime nowUtc, CancellationToken ct)
    {
        Notify(db, await RoleUsers(db, role).Select(u => u.Id).ToListAsync(ct), kind, title, link, dedupKey, nowUtc);
    }

    /// <summary>The users holding any of <paramref name="roles"/>, less disabled accounts (they can read nothing).</summary>
    public static IQueryable<User> RoleUsers(BlueprintDb db, params string[] roles) =>
        from u in db.Set<User>()
        join ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<int>>() on u.Id equals ur.UserId
        join r in db.Set<Role>() on ur.RoleId equals r.Id
        where roles.Contains(r.Name!) && !u.IsDisabled
        select u;

    /// <summary>
    /// The users holding any of <paramref name="roles"/> in <paramref name="unitId"/>, or else in
    /// the nearest unit above it that has some; empty when no unit up to the top has any.
    /// </summary>
    public static async Task<List<int>> NearestRoleUsersAsync(BlueprintDb db, int unitId, string[] roles, CancellationToken ct)
    {
        var people = await RoleUsers(db, roles).Select(u => new { u.Id, u.UnitId }).Distinct().ToListAsync(ct);
        int? at = unitId;
        for (var depth = 0; at is { } id && depth < 32; depth++)
        {
            var here = people.Where(p => p.UnitId == id).Select(p => p.Id).ToList();
            if (here.Count > 0)
            {
                return here;
            }

            at = await db.Set<Unit>().Where(u => u.Id == id).Select(u => u.ParentId).SingleOrDefaultAsync(ct);
        }

        return [];
    }

    /// <summary>The users of each of the given home units.</summary>
    public static async Task<ILookup<int, int>> UnitUsersAsync(BlueprintDb db, IEnumerable<int> unitIds, CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToList();
        var users = await db.Set<User>().Where(u => ids.Contains(u.UnitId)).Select(u => new { u.UnitId, u.Id }).ToListAsync(ct);
        return users.ToLookup(u => u.UnitId, u => u.Id);
    }

    /// <summary>
    /// Like <see cref="Notify"/>, for code that may raise the same event again and again (a job
    /// judging "overdue" every minute): users who already hold the event's dedup key, in the
    /// database or among this context's unsaved entries, are skipped, so saving never trips over
    /// the unique key. Returns how many notifications were added.
    /// </summary>
    public static async Task<int> NotifyOnceAsync(BlueprintDb db, IReadOnlyList<Notice> notices, DateTime nowUtc, CancellationToken ct)
    {
        var wanted = notices.SelectMany(n => n.UserIds.Distinct().Select(u => (Notice: n, UserId: u, Key: UserKey(n.DedupKey, u)))).ToList();
        var present = db.ChangeTracker.Entries<Notification>().Select(e => e.Entity.DedupKey).OfType<string>().ToHashSet();
        // IN lists stay well below any provider's parameter limit.
        foreach (var chunk in wanted.Select(w => w.Key).Chunk(500))
        {
            var keys = chunk.ToList();
            present.UnionWith(await db.Set<Notification>().IgnoreQueryFilters([BlueprintDb.InboxFilter])
                .Where(n => n.DedupKey != null && keys.Contains(n.DedupKey)).Select(n => n.DedupKey!).ToListAsync(ct));
        }

        var added = 0;
        foreach (var (notice, userId, key) in wanted)
        {
            if (present.Add(key))
            {
                Notify(db, [userId], notice.Kind, notice.Title, notice.Text, notice.Link, notice.DedupKey, nowUtc);
                added++;
            }
        }

        return added;
    }

    /// <summary>The stored, per-user form of a dedup key.</summary>
    public static string UserKey(string dedupKey, int userId) => $"{dedupKey}:u{userId}";

    public static void Notify(BlueprintDb db, IEnumerable<int> userIds, NotificationKind kind, string title,
        string? link, string? dedupKey, DateTime nowUtc) => Notify(db, userIds, kind, title, null, link, dedupKey, nowUtc);

    /// <summary>Notifies with words each reader reads in their own language (decision 0036); <paramref name="t"/> renders the stored title.</summary>
    public static void Notify(BlueprintDb db, IEnumerable<int> userIds, NotificationKind kind, NoticeText text, IStringLocalizer t,
        string? link, string? dedupKey, DateTime nowUtc) => Notify(db, userIds, kind, text.Render(t), text, link, dedupKey, nowUtc);

    private static void Notify(BlueprintDb db, IEnumerable<int> userIds, NotificationKind kind, string title, NoticeText? text,
        string? link, string? dedupKey, DateTime nowUtc)
    {
        var args = text?.ArgsJson();
        foreach (var userId in userIds.Distinct())
        {
            db.Add(new Notification
            {
                UserId = userId,
                Kind = kind,
                Title = title.Length <= 300 ? title : title[..300],
                TextKey = text?.Key,
                TextArgs = args is { Length: <= 4000 } ? args : null,
                Link = link,
                DedupKey = dedupKey is null ? null : UserKey(dedupKey, userId),
                CreatedAtUtc = nowUtc,
            });
        }
    }
}

/// <summary>One event to put in the inboxes of some users, at most once per user (see <see cref="Inbox.NotifyOnceAsync"/>); <paramref name="Text"/>, when given, is what the readers read in their own language.</summary>
public sealed record Notice(IReadOnlyCollection<int> UserIds, NotificationKind Kind, string Title, string? Link, string DedupKey, NoticeText? Text = null);
