using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// At most so many requests run at once (<c>Blueprint:Http:MaxConcurrentRequests</c>, by default
/// eight per processor); the others wait in memory, oldest first, up to
/// <c>Blueprint:Http:QueueLimit</c> (then 503 with Retry-After). Without it a saturated server
/// starts every request at once: each takes database connections and holds them while it waits
/// for the processor, and under the load test on PostgreSQL requests holding one connection
/// waited for a second until the pool ran dry (docs/benchmarks.md). Health checks and static files
/// are never held back.
/// </summary>
public static class RequestLimit
{
    public static IServiceCollection AddRequestLimit(this IServiceCollection services, IConfiguration config)
    {
        var permits = config.GetValue("Blueprint:Http:MaxConcurrentRequests", 8 * Environment.ProcessorCount);
        var queue = config.GetValue("Blueprint:Http:QueueLimit", 5_000);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Exempt(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetConcurrencyLimiter("requests", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = Math.Max(1, permits),
                    QueueLimit = Math.Max(0, queue),
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
        });
    }

    /// <summary>Health checks (a balancer must see a busy node as alive) and files with an extension (static assets).</summary>
    internal static bool Exempt(PathString path) =>
        path.StartsWithSegments("/health") || Path.HasExtension(path.Value);
}
