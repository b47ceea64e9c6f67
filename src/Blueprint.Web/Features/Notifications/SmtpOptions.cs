namespace Blueprint.Web.Features.Notifications;

/// <summary>
/// Optional e-mail of notifications (section Blueprint:Smtp), off by default: a city's intranet
/// often has no mail relay, and the in-app inbox is the channel of record.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Blueprint:Smtp";

    public bool Enabled { get; set; }
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? From { get; set; }
    public bool EnableSsl { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>The site's public address, so a mail can carry a full link (e.g. https://blueprint.ziyang.gov.cn).</summary>
    public string? SiteUrl { get; set; }

    /// <summary>How often each node looks for notifications to mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsUsable => Enabled && !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
