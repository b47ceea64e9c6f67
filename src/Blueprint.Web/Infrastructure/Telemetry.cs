using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The product's own measurements: one <see cref="Meter"/> and one <see cref="ActivitySource"/>,
/// both named "Blueprint", beside the framework's (requests, runtime, EF Core, Npgsql). They
/// cost one check per call while nothing listens, which is the default: the settings of
/// <see cref="TelemetrySetup"/> turn listening on (docs/decisions/0029-telemetry.md).
/// Static, because the importers and jobs that record here are created with <c>new</c> in pages
/// and endpoints alike; OpenTelemetry listens to a meter by its name in any case.
/// </summary>
public static class Telemetry
{
    public const string Name = "Blueprint";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Source = new(Name);

    // Seconds: an import takes from a fraction of a second to minutes (100,000 progress rows).
    private static readonly InstrumentAdvice<double> ImportBuckets = new() { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] };

    // Seconds: a database command takes a millisecond, a slow report query seconds.
    private static readonly InstrumentAdvice<double> CommandBuckets =
        new() { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] };

    private static readonly Counter<long> Imports = Meter.CreateCounter<long>(
        "blueprint.imports", "{import}", "Workbook imports, by kind and outcome (imported, refused: row errors or a refused file, error: unexpected)");

    private static readonly Counter<long> ImportedRows = Meter.CreateCounter<long>("blueprint.import.rows", "{row}", "Rows written by imports, by kind");

    private static readonly Histogram<double> ImportDuration = Meter.CreateHistogram(
        "blueprint.import.duration", "s", "How long an import took, reading the workbook included, by kind and outcome", advice: ImportBuckets);

    private static readonly Counter<long> JobSlots = Meter.CreateCounter<long>(
        "blueprint.job.slots", "{slot}", "Slots of a scheduled job this node did (one node does each slot), by job");

    private static readonly Counter<long> JobChanged = Meter.CreateCounter<long>(
        "blueprint.job.changed", "{record}", "Records a scheduled job changed (supervision: lights; reminders: units reminded), by job");

    private static readonly Counter<long> JobNotified = Meter.CreateCounter<long>(
        "blueprint.job.notified", "{notification}", "Notifications a scheduled job put in inboxes, by job");

    private static readonly Counter<long> JobRounds = Meter.CreateCounter<long>(
        "blueprint.job.rounds", "{round}", "Rounds of the periodic services (whether or not this node got the slot), by job and outcome (ok, failed)");

    private static readonly Counter<long> CockpitHits = Meter.CreateCounter<long>(
        "blueprint.cockpit.cache.hits", "{view}", "Cockpit views answered from the cache");

    private static readonly Counter<long> CockpitMisses = Meter.CreateCounter<long>(
        "blueprint.cockpit.cache.misses", "{view}", "Cockpit views that computed the figures");

    /// <summary>Every command EF Core sends (see Data/DbCommandMetrics), by database and operation.</summary>
    internal static readonly Histogram<double> DbCommandDuration = Meter.CreateHistogram(
        "blueprint.db.command.duration", "s", "Database commands sent by EF Core, by database, operation and error", advice: CommandBuckets);

    /// <summary>
    /// Measures one import: count, duration and outcome, and the rows written when it succeeded
    /// (<paramref name="rowsImported"/> answers null for an import that wrote nothing).
    /// </summary>
    public static async Task<T> MeasureImportAsync<T>(string kind, Func<Task<T>> import, Func<T, int?> rowsImported)
    {
        using var activity = Source.StartActivity("import " + kind);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await import();
            var rows = rowsImported(result);
            outcome = rows is null ? "refused" : "imported";
            if (rows is { } written)
            {
                ImportedRows.Add(written, new KeyValuePair<string, object?>("kind", kind));
                activity?.SetTag("blueprint.import.rows", written);
            }

            return result;
        }
        finally
        {
            var tags = new TagList { { "kind", kind }, { "outcome", outcome } };
            Imports.Add(1, tags);
            ImportDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("blueprint.import.outcome", outcome);
        }
    }

    /// <summary>A slot of a scheduled job done by this node and committed.</summary>
    public static void JobSlotDone(string job, int changed, int notified)
    {
        var tag = new KeyValuePair<string, object?>("job", job);
        JobSlots.Add(1, tag);
        JobChanged.Add(changed, tag);
        JobNotified.Add(notified, tag);
    }

    /// <summary>A round of a periodic service ended.</summary>
    public static void JobRound(string job, bool failed) =>
        JobRounds.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", failed ? "failed" : "ok"));

    /// <summary>A cockpit view was answered from the cache (or computed).</summary>
    public static void CockpitView(bool cached) => (cached ? CockpitHits : CockpitMisses).Add(1);

    /// <summary>
    /// The number a person reads out to the administrator for a request: its W3C trace id, the one
    /// the log entries (scope TraceId), the exported traces and the ProblemDetails carry; ASP.NET
    /// Core's request id when no activity runs (hosting starts one whenever logging is on).
    /// </summary>
    public static string TraceId(HttpContext context) => Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
