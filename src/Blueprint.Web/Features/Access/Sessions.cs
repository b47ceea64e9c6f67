using System.Security.Claims;
using System.Security.Cryptography;
using Blueprint.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// The server-side sessions behind the sign-in cookie (decision 0032). A sign-in opens a row
/// and puts its key in the cookie; every cookie-authenticated request looks the row up (one
/// primary-key-sized read, no cache, so an end on any node holds on every node at once) and is
/// refused when the row is ended, idle past <see cref="SessionOptions.IdleTimeout"/> or older
/// than <see cref="SessionOptions.AbsoluteTimeout"/>. Sign-out, a password change, a reset,
/// disabling the account and a change of its roles or scope end every session of the account.
/// </summary>
public static class Sessions
{
    public const string Claim = "bp:sid";

    /// <summary>Static files: reading one with an ended session reveals nothing, and a page asks for a dozen.</summary>
    private static readonly string[] Assets = ["/_framework/", "/_content/", "/css/", "/js/", "/lib/", "/favicon"];

    /// <summary>The cookie's SigningIn event: a new session, a new key (the one the request came with, if any, ends).</summary>
    public static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        var http = context.HttpContext;
        if (context.Principal?.Identity is not ClaimsIdentity identity
            || !int.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            return;
        }

        var db = http.RequestServices.GetRequiredService<BlueprintDb>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (http.User.FindFirst(Claim)?.Value is { } previous)
        {
            await EndAsync(db.Set<UserSession>().Where(s => s.Key == previous), SessionEnd.SignedInAgain, now, http.RequestAborted);
        }

        foreach (var old in identity.FindAll(Claim).ToList())
        {
            identity.RemoveClaim(old);
        }

        var agent = http.Request.Headers.UserAgent.ToString();
        var session = new UserSession
        {
            Key = Convert.ToHexString(RandomNumberGenerator.GetBytes(UserSession.KeyLength / 2)),
            UserId = userId,
            StartedAtUtc = now,
            LastSeenAtUtc = now,
            ClientIp = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(agent) ? null : agent[..Math.Min(agent.Length, 256)],
        };
        db.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        db.Entry(session).State = EntityState.Detached;
        identity.AddClaim(new Claim(Claim, session.Key));
    }

    /// <summary>
    /// The cookie's SigningOut event: every session of the account ends, the other devices' too
    /// (issue 17: a sign-out ends every session of the account at once). A rejected cookie (ended,
    /// timed out) is signed out by <see cref="ValidateAsync"/> with no user on the request: nothing to end.
    /// </summary>
    public static async Task OnSigningOutAsync(CookieSigningOutContext context)
    {
        var http = context.HttpContext;
        if (http.User.FindFirst(Claim) is not null
            && int.TryParse(http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            var db = http.RequestServices.GetRequiredService<BlueprintDb>();
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            await EndAllAsync(db, userId, SessionEnd.SignedOut, now, http.RequestAborted);
        }
    }

    /// <summary>
    /// The cookie's ValidatePrincipal event, on every request: the session must be live. Then
    /// Identity's own check (the claims are rebuilt from the account once a minute).
    /// <para>
    /// The session row is read through <see cref="EveryPageDb"/>, a small pooled context: the
    /// check runs before the request has a user, and the request's own context chooses
    /// its model by the reader's scope when first used (decision 0038), so it cannot serve; a full
    /// context of its own was a fifth of the check's time. Identity's check needs the account, so
    /// it runs in a scope of its own, and only when it is due.
    /// </para>
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var path = http.Request.Path.Value ?? "/";
        if (Assets.Any(a => path.StartsWith(a, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<SessionOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var key = context.Principal?.FindFirst(Claim)?.Value;
        var userId = context.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        SessionEnd? timedOut;
        bool ended;
        await using (var db = await services.GetRequiredService<IDbContextFactory<EveryPageDb>>().CreateDbContextAsync(http.RequestAborted))
        {
            var session = key is null ? null : await db.SessionAsync(key, http.RequestAborted);
            ended = session is null || session.EndedAtUtc is not null
                || session.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) != userId;
            timedOut = ended ? null
                : now - session!.StartedAtUtc > options.AbsoluteTimeout ? SessionEnd.AbsoluteTimeout
                : now - session.LastSeenAtUtc > options.IdleTimeout ? SessionEnd.IdleTimeout
                : null;
            if (timedOut is { } reason)
            {
                await EndAsync(db.Sessions.Where(s => s.Id == session!.Id), reason, now, http.RequestAborted);
            }
            else if (!ended && now - session!.LastSeenAtUtc >= options.TouchInterval)
            {
                await db.Sessions.Where(s => s.Id == session.Id && s.EndedAtUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAtUtc, now), http.RequestAborted);
            }
        }

        if (!ended && timedOut is null && !StampCheckDue(context, services))
        {
            return;
        }

        // Signing out and Identity's check resolve the account's services: in a scope of their own (see above).
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        try
        {
            if (ended || timedOut is not null)
            {
                context.RejectPrincipal();
                await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        finally
        {
            http.RequestServices = services;
        }
    }

    /// <summary>
    /// Whether Identity's check would do anything now: as <see cref="SecurityStampValidator{TUser}"/>
    /// decides, once the cookie is older than the validation interval (or has no issue instant), by its clock.
    /// </summary>
    private static bool StampCheckDue(CookieValidatePrincipalContext context, IServiceProvider services)
    {
        var stamp = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        return context.Properties.IssuedUtc is not { } issued
            || (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued > stamp.ValidationInterval;
    }

    /// <summary>Keeps the session key when Identity rebuilds the claims from the account.</summary>
    public static Task KeepKeyOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(Claim) is { } key && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(Claim, key.Value));
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends every live session of the account (password, disabling, access change).</summary>
    public static Task<int> EndAllAsync(BlueprintDb db, int userId, SessionEnd reason, DateTime now, CancellationToken ct) =>
        EndAsync(db.Set<UserSession>().Where(s => s.UserId == userId), reason, now, ct);

    public static Task<int> EndAsync(IQueryable<UserSession> sessions, SessionEnd reason, DateTime now, CancellationToken ct) =>
        sessions.Where(s => s.EndedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAtUtc, now).SetProperty(s => s.EndReason, reason), ct);
}
