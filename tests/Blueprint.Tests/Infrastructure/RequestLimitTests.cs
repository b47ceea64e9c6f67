using Blueprint.Web.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// The limit on requests running at once (RequestLimit), read from the app's own configured
/// limiter: past the permits a request waits in the queue, past the queue it is refused (the
/// middleware answers 503 with Retry-After), and health checks and static files are never held.
/// </summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task Past_the_permits_a_request_waits_past_the_queue_it_is_refused_and_health_and_files_are_never_held()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var node = app.AnotherNode(new Dictionary<string, string>
        {
            ["Blueprint:Http:MaxConcurrentRequests"] = "1",
            ["Blueprint:Http:QueueLimit"] = "1",
        });
        var options = node.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
        var limiter = Assert.IsAssignableFrom<System.Threading.RateLimiting.PartitionedRateLimiter<HttpContext>>(options.GlobalLimiter);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, options.RejectionStatusCode);

        using var first = await limiter.AcquireAsync(Request("/projects"), cancellationToken: ct);
        Assert.True(first.IsAcquired);
        var second = limiter.AcquireAsync(Request("/api/todo/count"), cancellationToken: ct).AsTask();
        Assert.False(second.IsCompleted, "the second request waits while the first holds the only permit");
        using (var third = await limiter.AcquireAsync(Request("/todo"), cancellationToken: ct))
        {
            Assert.False(third.IsAcquired, "past the queue a request is refused");
        }

        foreach (var exempt in new[] { "/health/ready", "/css/site.css", "/js/busy.js" })
        {
            using var lease = await limiter.AcquireAsync(Request(exempt), cancellationToken: ct);
            Assert.True(lease.IsAcquired, exempt);
        }

        first.Dispose();
        using var afterwards = await second.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(afterwards.IsAcquired, "the waiting request runs once the permit is free");
    }

    [Fact]
    public async Task The_limiter_is_in_the_pipeline()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var node = app.AnotherNode(new Dictionary<string, string>
        {
            ["Blueprint:Http:MaxConcurrentRequests"] = "1",
            ["Blueprint:Http:QueueLimit"] = "0",
        });
        var options = node.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
        var limiter = (System.Threading.RateLimiting.PartitionedRateLimiter<HttpContext>)options.GlobalLimiter!;
        // The only permit taken from outside: the app's own next request must be refused by the middleware.
        using var taken = await limiter.AcquireAsync(Request("/api/auth/me"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(taken.IsAcquired);
        var response = await node.CreateClient().GetAsync("/api/auth/me", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static DefaultHttpContext Request(string path) => new() { Request = { Path = path } };
}
