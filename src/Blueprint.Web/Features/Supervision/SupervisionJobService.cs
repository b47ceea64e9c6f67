using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// Runs <see cref="SupervisionJob"/> on every node: once at start (catching up on whatever
/// happened while the process was down) and then every <see cref="SupervisionJobOptions.JobInterval"/>.
/// Every node ticks; the tick table lets one of them do each slot's work.
/// </summary>
public sealed partial class SupervisionJobService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<SupervisionJobOptions> options, IHostEnvironment environment,
    ILogger<SupervisionJobService> log) : BackgroundService
{
    /// <summary>Off in the Testing environment unless a test turns it on: tests tick by hand with a moved clock.</summary>
    public static bool IsEnabled(SupervisionJobOptions options, IHostEnvironment environment) =>
        options.JobEnabled ?? !environment.IsEnvironment("Testing");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled(options.Value, environment))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
                var result = await scope.ServiceProvider.GetRequiredService<SupervisionJob>().TickAsync(stoppingToken);
                if (result is { LightsChanged: > 0 } or { Notified: > 0 })
                {
                    LogTick(result.Slot, result.LightsChanged, result.Notified);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed tick (database briefly away) must not stop the job: the next tick retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(e);
            }

            try
            {
                await Task.Delay(options.Value.JobInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervision job slot {Slot}: {Lights} lights changed, {Notified} notified")]
    private partial void LogTick(long slot, int lights, int notified);

    [LoggerMessage(Level = LogLevel.Error, Message = "Supervision job tick failed; the next tick retries")]
    private partial void LogFailed(Exception e);
}

public static class SupervisionJobSetup
{
    public static IServiceCollection AddSupervisionJob(this IServiceCollection services)
    {
        services.AddOptions<SupervisionJobOptions>().BindConfiguration(SupervisionJobOptions.Section);
        // One name per application instance, for the tick table: which node did which slot.
        services.AddSingleton(new SupervisionJobNode($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"));
        services.AddScoped<SupervisionJob>();
        services.AddHostedService<SupervisionJobService>();
        return services;
    }
}
