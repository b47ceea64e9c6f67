using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

public sealed record SessionRow(
    long Id, string StartedAt, string LastSeenAt, string? ClientIp, string? UserAgent, bool IsLive, string? EndedAt, SessionEnd? EndReason, string Status);

/// <summary>
/// 会话管理: the security administrator sees the recent sessions of an account and ends any
/// live one (a lost phone, a shared computer, a suspected theft). The end is in the audit
/// chain as an update of the session, by the administrator who did it.
/// </summary>
public sealed class SessionAdmin(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, SessionOptions options)
{
    public const string Keepers = Roles.SecurityAdmin;

    private const int Shown = 20;

    private bool CanKeep => db.CurrentUser.IsSystem || db.CurrentUser.IsInRole(Keepers);

    /// <summary>The live sessions first, then the latest ended ones (at most 20 in all); null when there is no such account.</summary>
    public async Task<StepOutcome<List<SessionRow>>> ListAsync(int accountId, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        if (!await db.Users.AnyAsync(u => u.Id == accountId, ct))
        {
            return Refusal.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == accountId)
            .OrderByDescending(s => s.EndedAtUtc == null).ThenByDescending(s => s.Id)
            .Take(Shown)
            .ToListAsync(ct);
        return rows.Select(s => AsRow(s, now)).OrderByDescending(r => r.IsLive).ToList();
    }

    public async Task<StepOutcome<SessionRow>> EndAsync(int accountId, long sessionId, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var session = await db.Set<UserSession>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == accountId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (session is null)
        {
            return Refusal.NotFound;
        }

        if (!AsRow(session, now).IsLive)
        {
            return Refusal.Conflict("Sessions.AlreadyEnded");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await Sessions.EndAsync(db.Set<UserSession>().Where(s => s.Id == sessionId), SessionEnd.EndedByAdministrator, now, ct);
        var after = JsonSerializer.Serialize(new { session.UserId, EndReason = nameof(SessionEnd.EndedByAdministrator), session.ClientIp });
        await AuditAppender.AppendEventAsync(db, nameof(UserSession), session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Update", after, ct);
        await transaction.CommitAsync(ct);
        session.EndedAtUtc = now;
        session.EndReason = SessionEnd.EndedByAdministrator;
        return AsRow(session, now);
    }

    private SessionRow AsRow(UserSession s, DateTime now)
    {
        SessionEnd? reason = s.EndReason
            ?? (now - s.StartedAtUtc > options.AbsoluteTimeout ? SessionEnd.AbsoluteTimeout
                : now - s.LastSeenAtUtc > options.IdleTimeout ? SessionEnd.IdleTimeout
                : null);
        var live = s.EndedAtUtc is null && reason is null;
        return new SessionRow(
            s.Id, AuditLog.At(s.StartedAtUtc), AuditLog.At(s.LastSeenAtUtc), s.ClientIp, s.UserAgent, live,
            s.EndedAtUtc is { } ended ? AuditLog.At(ended) : null, reason,
            live ? t["Sessions.Live"] : t[$"Sessions.End.{reason}"]);
    }
}
