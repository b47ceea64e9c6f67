using System.Globalization;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// Runs <see cref="SupervisionJob"/> on every node: once at start (catching up on whatever
/// happened while the process was down) and then every <see cref="SupervisionJobOptions.JobInterval"/>.
/// Every node ticks; the tick table lets one of them do each slot's work.
/// </summary>
public sealed class SupervisionJobService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<SupervisionJobOptions> options, IHostEnvironment environment,
    ILogger<SupervisionJobService> log) : PeriodicJob(scopes, clock, log)
{
    protected override TimeSpan? Interval =>
        IsEnabled(options.Value.JobEnabled, environment) ? options.Value.JobInterval : null;

    protected override async Task<string?> RoundAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<SupervisionJob>().TickAsync(ct) is { } result and ({ LightsChanged: > 0 } or { Notified: > 0 })
            ? string.Create(CultureInfo.InvariantCulture, $"slot {result.Slot}: {result.LightsChanged} lights changed, {result.Notified} notified")
            : null;
}

public static class SupervisionJobSetup
{
    public static IServiceCollection AddSupervisionJob(this IServiceCollection services)
    {
        services.AddOptions<SupervisionJobOptions>().BindConfiguration(SupervisionJobOptions.Section);
        services.AddScoped<SupervisionJob>();
        services.AddHostedService<SupervisionJobService>();
        return services;
    }
}
