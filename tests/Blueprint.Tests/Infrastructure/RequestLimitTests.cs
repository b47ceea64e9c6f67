using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
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
    public async Task A_waiting_write_runs_before_the_reads_that_waited_longer_and_a_cancelled_wait_gives_its_turn_on()
    {
        var ct = TestContext.Current.CancellationToken;
        using var limiter = new WritesFirstLimiter(permits: 1, queueLimit: 10);
        var running = await limiter.AcquireAsync(Request("/projects"), cancellationToken: ct);
        Assert.True(running.IsAcquired);

        var firstRead = limiter.AcquireAsync(Request("/todo"), cancellationToken: ct).AsTask();
        using var gone = new CancellationTokenSource();
        var cancelledRead = limiter.AcquireAsync(Request("/problems"), cancellationToken: gone.Token).AsTask();
        var secondRead = limiter.AcquireAsync(Request("/progress"), cancellationToken: ct).AsTask();
        var write = limiter.AcquireAsync(Request("/api/problems", "POST"), cancellationToken: ct).AsTask();
        var formPost = limiter.AcquireAsync(Request("/progress/1/2026/1", "POST"), cancellationToken: ct).AsTask();
        Assert.Equal(5, limiter.GetStatistics(Request("/"))!.CurrentQueuedCount);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledRead);
        Assert.Equal(4, limiter.GetStatistics(Request("/"))!.CurrentQueuedCount);

        // Each finished request hands its permit to the next in line: the writes in their order, then the reads in theirs.
        var order = new List<string>();
        foreach (var (name, next) in new[] { ("write", write), ("form post", formPost), ("first read", firstRead), ("second read", secondRead) })
        {
            Assert.False(next.IsCompleted, name + " waits while the permit is held");
            running.Dispose();
            running = await next.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.True(running.IsAcquired, name);
            order.Add(name);
        }

        running.Dispose();
        Assert.Equal(["write", "form post", "first read", "second read"], order);
        var statistics = limiter.GetStatistics(Request("/"))!;
        Assert.Equal((1, 0L), (statistics.CurrentAvailablePermits, statistics.CurrentQueuedCount));

        // A lease given back twice frees one permit only.
        var once = await limiter.AcquireAsync(Request("/"), cancellationToken: ct);
        once.Dispose();
        once.Dispose();
        Assert.Equal(1, limiter.GetStatistics(Request("/"))!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task Reads_leave_one_permit_to_writes_so_a_write_starts_while_reads_fill_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        using var limiter = new WritesFirstLimiter(permits: 3, queueLimit: 10);
        var firstRead = await limiter.AcquireAsync(Request("/projects"), cancellationToken: ct);
        var secondRead = await limiter.AcquireAsync(Request("/todo"), cancellationToken: ct);
        Assert.True(firstRead.IsAcquired && secondRead.IsAcquired);

        // A third read waits although a permit is free: it is kept for a write.
        var thirdRead = limiter.AcquireAsync(Request("/problems"), cancellationToken: ct).AsTask();
        Assert.False(thirdRead.IsCompleted);
        Assert.False(limiter.AttemptAcquire(Request("/progress")).IsAcquired);
        Assert.Equal(1, limiter.GetStatistics(Request("/"))!.CurrentAvailablePermits);

        // A write takes it at once; a second write waits for a permit, and gets the first one freed, before the read.
        var write = await limiter.AcquireAsync(Request("/api/problems", "POST"), cancellationToken: ct);
        Assert.True(write.IsAcquired);
        var secondWrite = limiter.AcquireAsync(Request("/api/problems", "POST"), cancellationToken: ct).AsTask();
        Assert.False(secondWrite.IsCompleted);
        firstRead.Dispose();
        var writing = await secondWrite.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(writing.IsAcquired);
        Assert.False(thirdRead.IsCompleted);

        // A write's permit freed goes to the waiting read (reads now hold one); the next one freed stays for writes.
        write.Dispose();
        var reading = await thirdRead.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(reading.IsAcquired);
        writing.Dispose();
        Assert.Equal(1, limiter.GetStatistics(Request("/"))!.CurrentAvailablePermits);
        Assert.False(limiter.AttemptAcquire(Request("/progress")).IsAcquired);
        secondRead.Dispose();
        reading.Dispose();
        Assert.Equal(3, limiter.GetStatistics(Request("/"))!.CurrentAvailablePermits);
        using var again = limiter.AttemptAcquire(Request("/progress"));
        Assert.True(again.IsAcquired);
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

    private static DefaultHttpContext Request(string path, string method = "GET") => new() { Request = { Path = path, Method = method } };
}
