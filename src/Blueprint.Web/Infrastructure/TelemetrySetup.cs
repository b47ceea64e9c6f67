using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Blueprint.Web.Infrastructure;

/// <summary>Settings of section <c>Blueprint:Telemetry</c>; everything is off by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Blueprint:Telemetry";

    /// <summary>
    /// An OpenTelemetry collector (<c>http://collector:4317</c>): traces, metrics and logs are sent
    /// there. Empty: nothing is sent.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318; /v1/traces … are appended).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Serve the metrics at <see cref="TelemetrySetup.MetricsPath"/> for Prometheus to scrape (never through nginx).</summary>
    public bool Prometheus { get; set; }
}

/// <summary>
/// Telemetry by settings (docs/decisions/0029-telemetry.md, docs/deploy.md): JSON console logs,
/// an OTLP exporter and a Prometheus scrape endpoint, each off unless its setting turns it on.
/// With neither exporter nothing listens to the instruments and no span is recorded; the trace
/// id still exists (ASP.NET Core starts an activity per request), so errors are still numbered.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>One JSON object per log line, with the scopes (TraceId, RequestPath) and UTC timestamps.</summary>
    public const string JsonLogsKey = "Blueprint:Logging:Json";

    public static WebApplicationBuilder AddBlueprintTelemetry(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(JsonLogsKey))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }

        // Read and checked now, so a mistyped address stops the start with its name.
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        var collector = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null
            : Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
            : throw new InvalidOperationException($"{TelemetryOptions.Section}:OtlpEndpoint: \"{options.OtlpEndpoint}\" is not an address such as http://collector:4317");
        builder.Services.AddSingleton(options);
        if (collector is null && !options.Prometheus)
        {
            return builder;
        }

        var version = typeof(Telemetry).Assembly.GetName().Version?.ToString();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("blueprint", serviceVersion: version))
            .WithMetrics(metrics =>
            {
                // Requests (http.server.*), outgoing HTTP, the runtime; EF Core's own counters
                // (queries, SaveChanges, concurrency failures) and Npgsql's connection pool.
                metrics.AddMeter(Telemetry.Name, "Microsoft.EntityFrameworkCore", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (collector is not null)
        {
            otel.WithTracing(tracing => tracing
                    .AddSource(Telemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => Traced(c.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation())
                .WithLogging(configureBuilder: null, configureOptions: o => o.IncludeFormattedMessage = true)
                .UseOtlpExporter(options.OtlpProtocol, collector);
        }

        return builder;
    }

    /// <summary>The scrape endpoint, when <c>Blueprint:Telemetry:Prometheus</c> is on (not in the API document).</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TelemetryOptions>().Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>Scrapes and load-balancer probes come every few seconds and say nothing about users' requests.</summary>
    private static bool Traced(PathString path) => !path.StartsWithSegments(MetricsPath) && !path.StartsWithSegments("/health");
}
