using System.Net;
using System.Net.Mail;
using System.Text;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Notifications;

/// <summary>
/// Mails new notifications to users who have an e-mail address, when SMTP is enabled. It works
/// as an outbox over the notifications table: any node may run it, and each notification is
/// claimed by a conditional update before it is sent, so two nodes never mail it twice. A failed
/// send releases the claim and is retried on the next pass. The context must act as the system.
/// </summary>
public sealed partial class NotificationMailer(BlueprintDb db, TimeProvider clock, IOptions<SmtpOptions> options, ILogger<NotificationMailer> log)
{
    /// <summary>
    /// Older notifications are not mailed: switching mail on must not send everyone their
    /// whole inbox, and a mail a day late is no reminder.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    private const int Batch = 100;

    /// <summary>Mails what waits; returns how many mails were sent. Does nothing when SMTP is off.</summary>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsUsable)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - MaxAge;
        var pending = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.EmailedAtUtc == null && n.CreatedAtUtc >= since)
            .OrderBy(n => n.Id).Take(Batch)
            .Select(n => new { n.Id, n.Title, n.Link, n.User!.Email })
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        using var smtp = new SmtpClient(o.Host, o.Port)
        {
            EnableSsl = o.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Credentials = string.IsNullOrEmpty(o.User) ? null : new NetworkCredential(o.User, o.Password),
        };
        var sent = 0;
        foreach (var n in pending)
        {
            // The claim is a technical mark, not a business change: it is not audited.
            var claimed = await db.Set<Notification>().Where(x => x.Id == n.Id && x.EmailedAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailedAtUtc, now), ct);
            if (claimed == 0 || string.IsNullOrWhiteSpace(n.Email))
            {
                continue;
            }

            try
            {
                using var message = Message(o, n.Email, n.Title, n.Link);
                await smtp.SendMailAsync(message, ct);
                sent++;
            }
            catch (SmtpException e)
            {
                LogFailed(e, n.Id);
                await db.Set<Notification>().Where(x => x.Id == n.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailedAtUtc, (DateTime?)null), ct);
            }
        }

        return sent;
    }

    private static MailMessage Message(SmtpOptions o, string to, string title, string? link)
    {
        var body = new StringBuilder(title).AppendLine().AppendLine();
        if (link is not null)
        {
            body.AppendLine(string.IsNullOrWhiteSpace(o.SiteUrl) ? link : o.SiteUrl.TrimEnd('/') + link);
        }

        return new MailMessage(o.From!, to)
        {
            Subject = "【蓝图】" + title,
            Body = body.ToString(),
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailing notification {Id} failed; it will be retried")]
    private partial void LogFailed(Exception e, long id);
}
