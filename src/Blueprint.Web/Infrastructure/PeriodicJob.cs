using System.Globalization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The loop every periodic service of the product shares (the supervision job, the reporting
/// reminders, the cockpit refresher, the mailer): one round at start — catching up on whatever
/// happened while the process was down — unless the job says otherwise, then one round every
/// <see cref="Interval"/> by the application's clock. Each round runs in a scope of its own,
/// acting as the system and in the city's language (what a round writes for people to read is
/// stored text); a round that fails is logged and the next one retries; stopping the host stops
/// the loop. Which node does a round's work, when that matters, is the round's business: see
/// <see cref="JobTicks"/>.
/// </summary>
public abstract partial class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The language of stored texts: the city's (the neutral resources are Chinese).</summary>
    private static readonly CultureInfo City = InfrastructureSetup.Cultures[0];

    protected IServiceScopeFactory Scopes => scopes;

    protected TimeProvider Clock => clock;

    /// <summary>The time between rounds, or null (or zero) when the job does not run in this process.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>Whether the first round runs at start rather than after one interval.</summary>
    protected virtual bool RunsAtStart => true;

    /// <summary>How loud a failed round is: an error by default, a warning where the next round simply redoes it.</summary>
    protected virtual LogLevel FailureLevel => LogLevel.Error;

    /// <summary>One round. Returns a line worth logging (something changed), or null.</summary>
    protected abstract Task<string?> RoundAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Off in the Testing environment unless a setting turns it on: tests run rounds by hand with a moved clock.</summary>
    public static bool IsEnabled(bool? setting, IHostEnvironment environment) => setting ?? !environment.IsEnvironment("Testing");

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval || interval <= TimeSpan.Zero)
        {
            return;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = City;
        var job = GetType().Name;
        if (!RunsAtStart && !await WaitAsync(interval, stoppingToken))
        {
            return;
        }

        do
        {
            // A round of its own in the traces (its database commands under it), when traces are exported.
            using var activity = Telemetry.Source.StartActivity(job);
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
                if (await RoundAsync(scope.ServiceProvider, stoppingToken) is { } done)
                {
                    LogRound(job, done);
                }

                Telemetry.JobRound(job, failed: false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed round (database or mail relay briefly away) must not stop the job: the next round retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(FailureLevel, job, e);
                Telemetry.JobRound(job, failed: true);
                activity?.AddException(e).SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }
        }
        while (await WaitAsync(interval, stoppingToken));
    }

    private async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(interval, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: {Done}")]
    private partial void LogRound(string job, string done);

    [LoggerMessage(Message = "{Job}: the round failed; the next round retries")]
    private partial void LogFailed(LogLevel level, string job, Exception e);
}
