namespace Blueprint.Web.Features.Access;

/// <summary>How long a sign-in lasts (section <c>Sessions</c>); decision 0032.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A session with no request for this long is over (等保: 登录连接超时自动退出).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>However busy, a session is over this long after its sign-in.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The last-seen time is written at most this often: one small write a minute per active user, not one per request.</summary>
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The sign-in rate limits (section <c>SignIn</c>); decision 0032.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed attempts a minute from one client address (password spraying over many names).</summary>
    public int PerAddressPerMinute { get; set; } = 10;

    /// <summary>Failed attempts a minute on one account name, from anywhere (guessing one password).</summary>
    public int PerNamePerMinute { get; set; } = 10;
}
