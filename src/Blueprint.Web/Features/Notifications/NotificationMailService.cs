using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Notifications;

/// <summary>Runs <see cref="NotificationMailer"/> every poll interval, only when SMTP is enabled; the claim on each notification keeps two nodes from mailing it twice.</summary>
public sealed class NotificationMailService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<SmtpOptions> options, ILogger<NotificationMailService> log) : PeriodicJob(scopes, clock, log)
{
    protected override TimeSpan? Interval => options.Value.IsUsable ? options.Value.PollInterval : null;

    protected override async Task<string?> RoundAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<NotificationMailer>().SendPendingAsync(ct) is var sent and > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sent} notification(s) mailed")
            : null;
}

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        services.AddScoped<NotificationMailer>();
        services.AddHostedService<NotificationMailService>();
        return services;
    }
}
