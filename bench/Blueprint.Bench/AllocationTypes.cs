using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Blueprint.Bench;

/// <summary>
/// BENCH_ALLOC=1: what a page allocates, by type. The runtime samples an allocation about every
/// 100 KB (its GCAllocationTick event, with the type that crossed the mark and the amount since the
/// last tick); summed over many requests the amounts give each type's share of the bytes allocated.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    public void Print(string path, int requests)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine($"  allocations of {path}: {total / 1024.0 / requests:N0} KB per request sampled, by type:");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(25))
        {
            Console.WriteLine($"    {bytes / 1024.0 / requests,8:N1} KB  {type}");
        }
    }
}
