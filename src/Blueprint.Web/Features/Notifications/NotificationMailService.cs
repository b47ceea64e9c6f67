using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Notifications;

/// <summary>Runs <see cref="NotificationMailer"/> every poll interval, only when SMTP is enabled.</summary>
public sealed partial class NotificationMailService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<SmtpOptions> options, ILogger<NotificationMailService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsUsable)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
                await scope.ServiceProvider.GetRequiredService<NotificationMailer>().SendPendingAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed pass (database or relay away) must not stop mailing for good
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(e);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Mailing notifications failed; retrying")]
    private partial void LogFailed(Exception e);
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
