using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Data;
using Blueprint.Tests.Excel;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Telemetry by settings (decision 0029): the Prometheus scrape endpoint answers only when it is
/// switched on and then shows the requests and the product's own instruments; an OTLP collector
/// receives traces (with database spans), metrics and logs; refused requests are logged as one
/// line without a stack trace, an unexpected error with the trace id the user is shown; with JSON
/// logs on, every console line is a JSON object.
/// </summary>
public sealed partial class TelemetryTests(Apps apps)
{
    private const string TellTheAdministrator = "请将此编号告知管理员：";

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Metrics_are_served_at_metrics_only_when_the_setting_is_on(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var shared = await apps.GetAsync(provider);
        Assert.Equal(HttpStatusCode.NotFound, (await shared.CreateClient().GetAsync(TelemetrySetup.MetricsPath, ct)).StatusCode);

        // A database of its own: the import below writes a project, the supervision job judges every item.
        await using var app = await TestApp.StartAsync(provider);
        await using var scraped = app.WithWebHostBuilder(b => b.UseSetting("Blueprint:Telemetry:Prometheus", "true"));
        var office = await LoginAsync(scraped, "project.office");
        var code = $"TM{(int)provider}-1";
        var imported = await ExcelFiles.UploadAsync(office, "/api/imports/projects", ExcelFiles.Workbook(ProjectSheet.SheetName, [ExcelFiles.ProjectRow(code)]));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var refused = await ExcelFiles.UploadAsync(office, "/api/imports/projects", ExcelFiles.Workbook(ProjectSheet.SheetName, [ExcelFiles.ProjectRow("")]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var leader = await LoginAsync(scraped, "leader");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/cockpit?year=2023&month=11", ct)).StatusCode); // computed
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/cockpit?year=2023&month=11", ct)).StatusCode); // kept

        using (var scope = scraped.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<SupervisionJob>().TickAsync(ct));
        }

        var metrics = await scraped.CreateClient().GetAsync(TelemetrySetup.MetricsPath, ct);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync(ct);
        // The framework's request metrics, and the product's own instruments (the meter is one per
        // process: other tests' imports may count too, hence "at least").
        Assert.True(Sum(text, "http_server_request_duration_seconds_count", ("http_route", "/api/cockpit/")) >= 2, text);
        Assert.True(Sum(text, "blueprint_imports_total", ("kind", "projects"), ("outcome", "imported")) >= 1, text);
        Assert.True(Sum(text, "blueprint_imports_total", ("kind", "projects"), ("outcome", "refused")) >= 1, text);
        Assert.True(Sum(text, "blueprint_import_rows_total", ("kind", "projects")) >= 1, text);
        Assert.True(Sum(text, "blueprint_import_duration_seconds_count", ("kind", "projects")) >= 2, text);
        Assert.True(Sum(text, "blueprint_cockpit_cache_misses_total") >= 1, text);
        Assert.True(Sum(text, "blueprint_cockpit_cache_hits_total") >= 1, text);
        Assert.True(Sum(text, "blueprint_job_slots_total", ("job", SupervisionJob.Name)) >= 1, text);
        Assert.Contains("blueprint_job_changed_total", text, StringComparison.Ordinal);
        Assert.Contains("blueprint_job_notified_total", text, StringComparison.Ordinal);
        var system = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";
        Assert.True(Sum(text, "blueprint_db_command_duration_seconds_count", ("db_system_name", system), ("db_operation_name", "SELECT")) >= 1, text);
        Assert.True(Sum(text, "blueprint_db_command_duration_seconds_count", ("db_system_name", system), ("db_operation_name", "INSERT")) >= 1, text);

        // The scrape endpoint is not an API operation.
        var document = await scraped.CreateClient().GetStringAsync("/openapi/v1.json", ct);
        Assert.DoesNotContain($"\"{TelemetrySetup.MetricsPath}\"", document, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Refusals_are_one_line_without_a_stack_trace_and_an_error_carries_the_trace_id_the_user_is_shown(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.GetAsync(provider);
        var logs = new LogCapture();
        await using var host = app.WithWebHostBuilder(b => b
            .ConfigureLogging(l => l.AddProvider(logs)
                .AddFilter<LogCapture>(null, LogLevel.Information)
                .AddFilter<LogCapture>("Microsoft", LogLevel.Warning)
                .AddFilter<ConsoleLoggerProvider>(OutcomeLog.Category, LogLevel.None)) // the failure below is made on purpose
            .ConfigureServices(s => s.AddTransient<IStartupFilter, FailingPath>()));
        KeyProject project;
        using (var scope = app.SystemScope())
        {
            project = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeyProject>().AsNoTracking().OrderBy(p => p.Id).FirstAsync(ct);
        }

        var office = await LoginAsync(host, "project.office");
        var leader = await LoginAsync(host, "leader");
        // 404 (a result), 409 (a stale version: an exception the handler answers; nothing is written),
        // 400 (field errors), 403 (the role gate).
        var notFound = await office.GetAsync("/api/projects/2147483647", ct);
        var stale = await office.PutAsJsonAsync($"/api/projects/{project.Id}",
            ConcurrencyTests.NewProject(project.Code, project.UnitId) with { Version = project.Version + 1000 }, ct);
        var invalid = await office.PostAsJsonAsync("/api/projects", ConcurrencyTests.NewProject("", project.UnitId), ct);
        var forbidden = await leader.PutAsJsonAsync($"/api/projects/{project.Id}", ConcurrencyTests.NewProject(project.Code, project.UnitId), ct);
        foreach (var (response, status, path) in new[]
        {
            (notFound, HttpStatusCode.NotFound, "/api/projects/2147483647"),
            (stale, HttpStatusCode.Conflict, $"/api/projects/{project.Id}"),
            (invalid, HttpStatusCode.BadRequest, "/api/projects"),
            (forbidden, HttpStatusCode.Forbidden, $"/api/projects/{project.Id}"),
        })
        {
            Assert.Equal(status, response.StatusCode);
            var traceId = await TraceIdAsync(response);
            var line = Assert.Single(logs.Entries, e => e.TraceId == traceId && e.Category == OutcomeLog.Category);
            Assert.Equal(LogLevel.Information, line.Level);
            Assert.Null(line.Exception);
            Assert.Contains($"{path} answered {(int)status}", line.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Entries, e => e.TraceId == traceId && (e.Level > LogLevel.Warning || e.Exception is not null));
        }

        Assert.Contains("已被他人修改", Assert.Single(logs.Entries, e => e.Message.Contains("answered 409", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("(Code)", Assert.Single(logs.Entries, e => e.Message.Contains("answered 400", StringComparison.Ordinal)).Message, StringComparison.OrdinalIgnoreCase);

        // The unexpected: a client reads the trace id in the ProblemDetails, a person on the error page.
        using var api = new HttpRequestMessage(HttpMethod.Get, FailingPath.Path);
        api.Headers.Accept.ParseAdd("application/json");
        var failed = await office.SendAsync(api, ct);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var apiTraceId = await TraceIdAsync(failed);
        Assert.Matches("^[0-9a-f]{32}$", apiTraceId);
        Assert.Contains(TellTheAdministrator + apiTraceId, await failed.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var page = new HttpRequestMessage(HttpMethod.Get, FailingPath.Path);
        page.Headers.Accept.ParseAdd("text/html");
        var errorPage = await office.SendAsync(page, ct);
        Assert.Equal(HttpStatusCode.InternalServerError, errorPage.StatusCode);
        var html = await errorPage.Content.ReadAsStringAsync(ct);
        var pageTraceId = Assert.Single(ShownTraceId().Matches(html)).Groups[1].Value;
        Assert.NotEqual(apiTraceId, pageTraceId);

        foreach (var traceId in new[] { apiTraceId, pageTraceId })
        {
            var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.TraceId == traceId);
            Assert.IsType<InvalidOperationException>(error.Exception);
            Assert.Contains(traceId, error.Message, StringComparison.Ordinal);
            Assert.Equal(traceId, error.TraceId);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task With_an_otlp_endpoint_the_collector_receives_traces_with_database_spans_metrics_and_logs(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await FakeCollector.StartAsync();
        var app = await apps.GetAsync(provider);
        var spans = new List<Activity>(); // filled as spans end; the requests below run one after the other
        var host = app.WithWebHostBuilder(b => b
            .UseSetting("Blueprint:Telemetry:OtlpEndpoint", collector.Url)
            .UseSetting("Blueprint:Telemetry:OtlpProtocol", "HttpProtobuf")
            // Export every fraction of a second (by default: spans and logs every 5 s, metrics every minute).
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200")
            .UseSetting("OTEL_BLRP_SCHEDULE_DELAY", "200")
            .UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "500")
            .ConfigureLogging(l => l.AddFilter<OpenTelemetryLoggerProvider>(OutcomeLog.Category, LogLevel.Information))
            .ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        string traceId;
        try
        {
            var leader = await LoginAsync(host, "leader");
            var missing = await leader.GetAsync("/api/projects/2147483647", ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            traceId = await TraceIdAsync(missing);
            var traceBytes = Convert.FromHexString(traceId);
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30) && !Arrived(collector, traceBytes);)
            {
                await Task.Delay(100, ct);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        var trace = spans.Where(a => a.TraceId.ToHexString() == traceId).ToList();
        Assert.Contains(trace, a => a.Kind == ActivityKind.Server);
        var system = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";
        Assert.Contains(trace, a => a.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)
            && a.Tags.Any(t => t.Key.StartsWith("db.system", StringComparison.Ordinal) && t.Value == system));

        Assert.True(Arrived(collector, Convert.FromHexString(traceId)),
            string.Join(", ", collector.Received.GroupBy(r => r.Signal).Select(g => $"{g.Key} ×{g.Count()}")));
    }

    /// <summary>
    /// The OTLP bodies are protobuf: the trace id travels as its 16 bytes, strings as UTF-8. The
    /// request's span, the product's database metric and the request's refusal line have arrived.
    /// </summary>
    private static bool Arrived(FakeCollector collector, byte[] traceId) =>
        collector.Received.Any(r => r.Signal == "traces" && Contains(r.Body, traceId))
        && collector.Received.Any(r => r.Signal == "metrics" && Contains(r.Body, "blueprint.db.command.duration"u8))
        && collector.Received.Any(r => r.Signal == "logs" && Contains(r.Body, "answered 404"u8) && Contains(r.Body, traceId));

    [Fact]
    public void A_mistyped_collector_address_stops_the_start_naming_the_setting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Blueprint:Telemetry:OtlpEndpoint"] = "collector:4317" });
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddBlueprintTelemetry());
        Assert.Contains("Blueprint:Telemetry:OtlpEndpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("collector:4317", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The product itself, started as systemd would with <c>Blueprint__Logging__Json=true</c>:
    /// every line on standard output is one JSON object, and a refused request's line carries
    /// the request's trace id in its scopes.
    /// </summary>
    [Fact]
    public async Task With_json_logs_on_every_console_line_is_a_json_object()
    {
        var ct = TestContext.Current.CancellationToken;
        var installed = AppContext.BaseDirectory.TrimEnd('/');
        var port = FreePort();
        var database = Path.Combine(Path.GetTempPath(), $"blueprint-telemetry-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var word in new[] { Path.Combine(installed, "Blueprint.Web.dll"), "--contentRoot", installed, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["Blueprint__Logging__Json"] = "true";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Blueprint"] = $"Data Source={database}";
        start.Environment["Database__SeedDemo"] = "false";
        using var process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lines.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var ready = HttpStatusCode.ServiceUnavailable;
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited && ready != HttpStatusCode.OK;)
            {
                try
                {
                    ready = (await http.GetAsync("/health/ready", ct)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500, ct);
                }
            }

            Assert.True(ready == HttpStatusCode.OK, $"/health/ready answered {ready}:\n{string.Join('\n', lines)}\n{errors}");
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/no-such-thing", ct)).StatusCode);
            // The console logger writes from a queue of its own.
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(20) && !lines.Any(l => l.Contains("answered 404", StringComparison.Ordinal));)
            {
                await Task.Delay(100, ct);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(ct);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }

        var entries = lines.Select(l =>
        {
            try
            {
                return JsonDocument.Parse(l).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"not a JSON line: {l} ({e.Message})");
            }
        }).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Category", out _) && e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Timestamp", out _)));
        var refused = Assert.Single(entries, e => e.GetProperty("Message").GetString()!.Contains("/api/no-such-thing answered 404", StringComparison.Ordinal));
        Assert.Equal(OutcomeLog.Category, refused.GetProperty("Category").GetString());
        Assert.Equal("Information", refused.GetProperty("LogLevel").GetString());
        Assert.Contains(refused.GetProperty("Scopes").EnumerateArray(),
            s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var id) && Regex.IsMatch(id.GetString()!, "^[0-9a-f]{32}$"));
    }

    /// <summary>The sum of the series of a Prometheus metric whose labels include the given ones.</summary>
    private static double Sum(string exposition, string metric, params (string Name, string Value)[] labels) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labels.All(x => l.Contains($"{x.Name}=\"{x.Value}\"", StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') is var close and >= 0 ? close + 1 : metric.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    private static async Task<string> TraceIdAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return problem.RootElement.GetProperty("traceId").GetString()!;
    }

    private static async Task<HttpClient> LoginAsync(WebApplicationFactory<Program> host, string user)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new LoginInput(user, DemoAccounts.Password), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return client;
    }

    private static bool Contains(byte[] body, ReadOnlySpan<byte> part) => body.AsSpan().IndexOf(part) >= 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(TellTheAdministrator + "([0-9a-f]{32})")]
    private static partial Regex ShownTraceId();

    /// <summary>
    /// A path that fails, in the test host only. Its endpoint is chosen before the product's pipeline
    /// (routing keeps an endpoint already set, so the product's catch-all not-found page does not take
    /// the path) and runs inside it, so its error meets the product's handler.
    /// </summary>
    private sealed class FailingPath : IStartupFilter
    {
        public const string Path = "/test-only/fails";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var failing = new Endpoint(_ => throw new InvalidOperationException("a failure made by the test"), EndpointMetadataCollection.Empty, "test-only failure");
            app.Use((context, rest) =>
            {
                if (context.Request.Path == Path && context.GetEndpoint() is null)
                {
                    context.SetEndpoint(failing);
                }

                return rest(context);
            });
            next(app);
        };
    }

    /// <summary>Every log entry of one host, with the trace id of its scope.</summary>
    private sealed class LogCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception, string? TraceId);

        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string? traceId = null;
                owner._scopes?.ForEachScope(
                    (scope, _) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.FirstOrDefault(p => p.Key == "TraceId").Value is { } id)
                        {
                            traceId = id.ToString();
                        }
                    },
                    (object?)null);
                owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception, traceId));
            }
        }
    }

    /// <summary>An OTLP/HTTP collector on loopback that keeps what it receives.</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeCollector(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Signal, byte[] Body)> Received { get; } = new();

        public string Url => _app.Urls.Single();

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var collector = new FakeCollector(builder.Build());
            collector._app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector.Received.Enqueue((signal, body.ToArray()));
                return Results.Bytes([], "application/x-protobuf");
            });
            await collector._app.StartAsync(TestContext.Current.CancellationToken);
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
