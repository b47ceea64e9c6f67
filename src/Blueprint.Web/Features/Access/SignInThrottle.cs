using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// Failed sign-ins a minute, per client address and per account name (decision 0032), with
/// the fixed-window limiters ASP.NET Core's rate limiting is built on. Called from the sign-in
/// code rather than as endpoint middleware because the name is in the body (JSON or form) and
/// the form answers in its own page. Only failures spend a permit: whoever types the right
/// password is never slowed, while guessing (one name) and spraying (one address) are. The
/// limits are per node: two nodes let twice as many through, still far below a flood.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byName;

    public SignInThrottle(IOptions<SignInLimitOptions> options)
    {
        _byAddress = Limiter(options.Value.PerAddressPerMinute);
        _byName = Limiter(options.Value.PerNamePerMinute);
    }

    /// <summary>Whether this attempt must be refused (429) before its password is even checked.</summary>
    public bool IsLimited(HttpContext http, string? userName) =>
        Exhausted(_byName, NameKey(userName)) || (AddressKey(http) is { } address && Exhausted(_byAddress, address));

    /// <summary>A failed attempt spends one permit of each.</summary>
    public void Failed(HttpContext http, string? userName)
    {
        using var byName = _byName.AttemptAcquire(NameKey(userName));
        if (AddressKey(http) is { } address)
        {
            using var byAddress = _byAddress.AttemptAcquire(address);
        }
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byName.Dispose();
    }

    private static bool Exhausted(PartitionedRateLimiter<string> limiter, string key) =>
        limiter.GetStatistics(key)?.CurrentAvailablePermits <= 0;

    private static string NameKey(string? userName) => (userName ?? "").Trim().ToUpperInvariant();

    // In-process test hosts have no remote address; a real server (Kestrel, behind the proxy
    // through the forwarded headers) always does.
    private static string? AddressKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static PartitionedRateLimiter<string> Limiter(int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, perMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
