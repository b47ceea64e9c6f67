using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// At most so many requests run at once (<c>Blueprint:Http:MaxConcurrentRequests</c>, by default
/// two per processor: more only queue again for the thread pool, where writes lose their place;
/// decision 0045, amended); the others wait in memory up to <c>Blueprint:Http:QueueLimit</c> (then
/// 503 with Retry-After), writes before reads and each oldest first (<see cref="WritesFirstLimiter"/>).
/// Without it a saturated server starts every request at once: each takes database connections and
/// holds them while it waits for the processor, and under the load test on PostgreSQL requests
/// holding one connection waited for a second until the pool ran dry (docs/benchmarks.md, decision
/// 0045). Health checks and static files are never held back.
/// </summary>
public static class RequestLimit
{
    public static IServiceCollection AddRequestLimit(this IServiceCollection services, IConfiguration config)
    {
        var permits = config.GetValue("Blueprint:Http:MaxConcurrentRequests", 2 * Environment.ProcessorCount);
        var queue = config.GetValue("Blueprint:Http:QueueLimit", 5_000);
        var keepForWrites = config.GetValue("Blueprint:Http:KeepPermitForWrites", true);
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = new WritesFirstLimiter(Math.Max(1, permits), Math.Max(0, queue), keepForWrites);
        });
    }

    /// <summary>Health checks (a balancer must see a busy node as alive) and files with an extension (static assets).</summary>
    internal static bool Exempt(PathString path) =>
        path.StartsWithSegments("/health") || Path.HasExtension(path.Value);

    /// <summary>A request that may change something: anything but GET, HEAD and OPTIONS (a form post is one).</summary>
    internal static bool IsWrite(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
}

/// <summary>
/// One pool of permits for every request, with two queues: a waiting write gets the next free permit
/// before any waiting read, and within each queue the oldest goes first. Under saturation a read
/// waits for the queue ahead of it, seconds in the load test; a write, which holds SQLite's single
/// writer lock and is what a user waits on after pressing 提交, waits only for the writes ahead of it
/// (decision 0045, amended). Reads are not starved: writes are a fraction of the traffic, and each
/// finished request frees a permit. With more than one permit, reads hold at most all but one: the
/// last is kept for a write, so that a write arriving while reads fill the server starts at once
/// instead of waiting for a read to finish (amended again, stop 35).
/// </summary>
internal sealed class WritesFirstLimiter(int permits, int queueLimit, bool keepForWrites = true) : PartitionedRateLimiter<HttpContext>
{
    /// <summary>How many permits reads may hold at once: all but the one kept for writes (<c>Blueprint:Http:KeepPermitForWrites</c>).</summary>
    private readonly int _maxReads = keepForWrites && permits > 1 ? permits - 1 : permits;

    private static readonly RateLimitLease Exempted = new Lease(null);
    private static readonly RateLimitLease Refused = new RefusedLease();

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _writes = new();
    private readonly LinkedList<Waiter> _reads = new();
    private int _available = permits;
    private int _readsHeld;
    private long _refused;
    private long _granted;

    public override RateLimiterStatistics? GetStatistics(HttpContext resourceID)
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _available,
                CurrentQueuedCount = _writes.Count + _reads.Count,
                TotalFailedLeases = _refused,
                TotalSuccessfulLeases = _granted,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (RequestLimit.Exempt(resource.Request.Path))
        {
            return Exempted;
        }

        lock (_lock)
        {
            return TryTake(RequestLimit.IsWrite(resource.Request)) ?? Refuse();
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (RequestLimit.Exempt(resource.Request.Path))
        {
            return ValueTask.FromResult(Exempted);
        }

        Waiter waiter;
        var isWrite = RequestLimit.IsWrite(resource.Request);
        lock (_lock)
        {
            if (TryTake(isWrite) is { } lease)
            {
                return ValueTask.FromResult<RateLimitLease>(lease);
            }

            if (_writes.Count + _reads.Count >= queueLimit)
            {
                return ValueTask.FromResult(Refuse());
            }

            waiter = new Waiter(isWrite);
            var queue = isWrite ? _writes : _reads;
            waiter.Node = queue.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Cancellation = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        }

        return new ValueTask<RateLimitLease>(waiter.Task.Task);
    }

    /// <summary>
    /// A permit when one is free and nobody of the request's kind waits ahead (held under the lock): for a read,
    /// also no write waiting and fewer reads running than <see cref="_maxReads"/>.
    /// </summary>
    private Lease? TryTake(bool isWrite)
    {
        if (_available == 0 || _writes.Count > 0 || (!isWrite && (_reads.Count > 0 || _readsHeld >= _maxReads)))
        {
            return null;
        }

        return Grant(isWrite);
    }

    private Lease Grant(bool isWrite)
    {
        _available--;
        _granted++;
        _readsHeld += isWrite ? 0 : 1;
        return new Lease(this, isWrite);
    }

    private RateLimitLease Refuse()
    {
        _refused++;
        return Refused;
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is not { } queue)
            {
                return; // already given its permit
            }

            queue.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Task.TrySetCanceled(cancellationToken);
    }

    /// <summary>
    /// A permit is given back: to the first waiting write, else to the first waiting read while reads hold fewer
    /// than <see cref="_maxReads"/>, else to the pool.
    /// </summary>
    private void Release(bool wasWrite)
    {
        Waiter? next = null;
        Lease? lease = null;
        lock (_lock)
        {
            _available++;
            _readsHeld -= wasWrite ? 0 : 1;
            var queue = _writes.Count > 0 ? _writes : _reads.Count > 0 && _readsHeld < _maxReads ? _reads : null;
            if (queue is not null)
            {
                next = queue.First!.Value;
                queue.RemoveFirst();
                next.Node = null;
                lease = Grant(next.IsWrite);
            }
        }

        if (next is not null)
        {
            next.Cancellation.Dispose();
            if (!next.Task.TrySetResult(lease!))
            {
                lease!.Dispose(); // cancelled in between: the permit goes on
            }
        }
    }

    private sealed class Waiter(bool isWrite)
    {
        public bool IsWrite { get; } = isWrite;

        public TaskCompletionSource<RateLimitLease> Task { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }

    private sealed class Lease(WritesFirstLimiter? owner, bool isWrite = false) : RateLimitLease
    {
        private int _released;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (owner is not null && Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(isWrite);
            }

            base.Dispose(disposing);
        }
    }

    private sealed class RefusedLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
