using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Notifies every user holding <paramref name="role"/> (e.g. the supervision office).</summary>
    public static async Task NotifyRoleAsync(BlueprintDb db, string role, NotificationKind kind, string title,
        string? link, string? dedupKey, DateTime nowUtc, CancellationToken ct)
    {
        var users = await (
            from u in db.Set<User>()
            join ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<int>>() on u.Id equals ur.UserId
            join r in db.Set<Role>() on ur.RoleId equals r.Id
            where r.Name == role
            select u.Id).ToListAsync(ct);
        Notify(db, users, kind, title, link, dedupKey, nowUtc);
    }

    public static void Notify(BlueprintDb db, IEnumerable<int> userIds, NotificationKind kind, string title,
        string? link, string? dedupKey, DateTime nowUtc)
    {
        foreach (var userId in userIds.Distinct())
        {
            db.Add(new Notification
            {
                UserId = userId,
                Kind = kind,
                Title = title.Length <= 300 ? title : title[..300],
                Link = link,
                DedupKey = dedupKey is null ? null : $"{dedupKey}:u{userId}",
                CreatedAtUtc = nowUtc,
            });
        }
    }
}
