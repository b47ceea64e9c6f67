using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blueprint.Web.Data;

/// <summary>
/// Health for load balancers and orchestrators: /health/live answers 200 while the process
/// serves requests (no checks: a database outage must not get every node restarted);
/// /health/ready answers 200 only when the database is reachable and fully migrated, 503 otherwise.
/// </summary>
public static class DatabaseHealth
{
    private const string Ready = "ready";

    public static IServiceCollection AddDatabaseHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<BlueprintDb>("database", tags: [Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Ready]);
        return services;
    }

    public static WebApplication MapDatabaseHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).ExcludeFromDescription();
        return app;
    }

    private sealed class MigrationsCheck(BlueprintDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                return pending.Count == 0
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"{pending.Count} pending migration(s): run the migrate command.");
            }
            catch (Exception e) when (e.IsDatabaseUnavailable())
            {
                return HealthCheckResult.Unhealthy("the database cannot be reached", e);
            }
        }
    }
}
