using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Audit;

/// <summary>The filters of the sign-in log; every one optional. No defaults: the API binds it with [AsParameters].</summary>
public sealed record SignInFilter(DateOnly? From, DateOnly? To, string? UserName, SignInKind? Kind);

public sealed record SignInEventDto(long Id, DateTime AtUtc, string At, int? UserId, string UserName, SignInKind Kind, string KindLabel, string? ClientIp, string? UserAgent);

/// <summary>
/// The sign-in log (登录日志): written by every way in and out (login page, /api/auth,
/// /account/logout) and by the password change; read by the audit administrator.
/// </summary>
public static class SignInLog
{
    /// <summary>Records one event. <paramref name="userName"/> is the name as typed (trimmed to the column).</summary>
    public static async Task RecordAsync(BlueprintDb db, SignInKind kind, int? userId, string userName, HttpContext? http, CancellationToken ct)
    {
        var clock = http?.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var agent = http?.Request.Headers.UserAgent.ToString();
        db.Add(new SignInEvent
        {
            AtUtc = AuditHash.Truncate(clock.GetUtcNow().UtcDateTime),
            UserId = userId,
            UserName = Cut(userName.Trim(), 256),
            Kind = kind,
            ClientIp = http?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(agent) ? null : Cut(agent, SignInEvent.UserAgentLength),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records the outcome of a password sign-in: the account's id when the name is one.</summary>
    public static async Task RecordAsync(BlueprintDb db, SignInResult result, string userName, HttpContext? http, CancellationToken ct)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        var userId = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        var kind = result.Succeeded ? SignInKind.SignedIn : result.IsLockedOut ? SignInKind.LockedOut : SignInKind.Failed;
        await RecordAsync(db, kind, userId, userName, http, ct);
    }

    /// <summary>Records a sign-out; call it before signing out, while the request still carries the user.</summary>
    public static Task RecordSignOutAsync(BlueprintDb db, HttpContext http, CancellationToken ct) =>
        http.User.Identity?.IsAuthenticated == true
            ? RecordAsync(db, SignInKind.SignedOut,
                int.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
                http.User.Identity.Name ?? "", http, ct)
            : Task.CompletedTask;

    public static IQueryable<SignInEvent> Query(BlueprintDb db, SignInFilter f)
    {
        var query = db.Set<SignInEvent>().AsNoTracking();
        if (f.From is { } from)
        {
            var fromUtc = AuditLog.StartUtc(from);
            query = query.Where(e => e.AtUtc >= fromUtc);
        }

        if (f.To is { } to)
        {
            var toUtc = AuditLog.StartUtc(to.AddDays(1));
            query = query.Where(e => e.AtUtc < toUtc);
        }

        if (!string.IsNullOrWhiteSpace(f.UserName))
        {
            var name = f.UserName.Trim();
            query = query.Where(e => e.UserName.Contains(name));
        }

        if (f.Kind is { } kind)
        {
            query = query.Where(e => e.Kind == kind);
        }

        return query.OrderByDescending(e => e.Id);
    }

    public static SignInEventDto AsDto(SignInEvent e, IStringLocalizer<SharedResource> t) =>
        new(e.Id, e.AtUtc, AuditLog.At(e.AtUtc), e.UserId, e.UserName, e.Kind, t[$"Audit.Enum.SignInKind.{e.Kind}"], e.ClientIp, e.UserAgent);

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Audit.Col.At"]), new(t["Audit.Col.User"]), new(t["SignIns.Col.Kind"]), new(t["Audit.Col.Ip"]), new(t["SignIns.Col.Agent"], Width: 60),
    ];

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<SignInEventDto> rows, IStringLocalizer<SharedResource> t) =>
        rows.Select(e => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Audit.Col.At"]] = e.At,
            [t["Audit.Col.User"]] = e.UserName,
            [t["SignIns.Col.Kind"]] = e.KindLabel,
            [t["Audit.Col.Ip"]] = e.ClientIp,
            [t["SignIns.Col.Agent"]] = e.UserAgent,
        });

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
