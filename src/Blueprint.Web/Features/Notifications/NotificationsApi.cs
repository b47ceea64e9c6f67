using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Notifications;

public sealed record NotificationDto(long Id, NotificationKind Kind, string Title, string? Link, DateTime CreatedAtUtc, DateTime? ReadAtUtc);

public sealed record UnreadCount(int Count);

/// <summary>The signed-in user's inbox, for the /inbox page, the top bar's badge and the API.</summary>
public static class MyInbox
{
    /// <summary>
    /// Only the user's own notifications. The context's filter already confines notifications to
    /// their user; naming the user here as well keeps an inbox personal even for code acting as
    /// the system.
    /// </summary>
    public static IQueryable<Notification> Mine(BlueprintDb db, bool unreadOnly = false)
    {
        var userId = db.CurrentUser.UserId ?? -1;
        var query = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);
        return unreadOnly ? query.Where(n => n.ReadAtUtc == null) : query;
    }

    /// <summary>A page of the inbox, each notice in the reader's language where it was stored as a key (decision 0036), else as stored.</summary>
    public static async Task<Page<NotificationDto>> PageAsync(BlueprintDb db, IStringLocalizer t, bool unreadOnly, int? page, int? pageSize, CancellationToken ct)
    {
        var rows = await Mine(db, unreadOnly).OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Select(n => new { Dto = new NotificationDto(n.Id, n.Kind, n.Title, n.Link, n.CreatedAtUtc, n.ReadAtUtc), n.TextKey, n.TextArgs })
            .ToPageAsync(page, pageSize, ct);
        return new Page<NotificationDto>(
            [.. rows.Items.Select(r => NoticeText.Render(t, r.TextKey, r.TextArgs) is { } words ? r.Dto with { Title = words } : r.Dto)],
            rows.Total, rows.PageNumber, rows.PageSize);
    }

    public static Task<int> UnreadAsync(BlueprintDb db, CancellationToken ct) => Mine(db, unreadOnly: true).CountAsync(ct);

    /// <summary>
    /// Marks one notification (or, with no id, all) as read; returns how many changed. A read mark
    /// is the reader's own bookkeeping, not a change of the city's records: it is not audited.
    /// </summary>
    public static Task<int> MarkReadAsync(BlueprintDb db, long? id, DateTime nowUtc, CancellationToken ct)
    {
        var query = Mine(db, unreadOnly: true);
        query = id is { } one ? query.Where(n => n.Id == one) : query;
        return query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, nowUtc), ct);
    }
}

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();

        group.MapGet("/", async (BlueprintDb db, IStringLocalizer<SharedResource> t, bool? unread, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await MyInbox.PageAsync(db, t, unread == true, page, pageSize, ct)));

        group.MapGet("/unread-count", async (BlueprintDb db, CancellationToken ct) =>
            TypedResults.Ok(new UnreadCount(await MyInbox.UnreadAsync(db, ct))));

        group.MapPost("/{id:long}/read", async Task<Results<Ok<UnreadCount>, ProblemHttpResult>> (
            long id, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (!await MyInbox.Mine(db).AnyAsync(n => n.Id == id, ct))
            {
                return Problems.NotFound(t);
            }

            await MyInbox.MarkReadAsync(db, id, clock.GetUtcNow().UtcDateTime, ct);
            return TypedResults.Ok(new UnreadCount(await MyInbox.UnreadAsync(db, ct)));
        });

        group.MapPost("/read-all", async (BlueprintDb db, TimeProvider clock, CancellationToken ct) =>
        {
            await MyInbox.MarkReadAsync(db, null, clock.GetUtcNow().UtcDateTime, ct);
            return TypedResults.Ok(new UnreadCount(0));
        });
        return app;
    }
}
