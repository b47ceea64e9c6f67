using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using CsCheck;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Infrastructure.Fuzz;

/// <summary>
/// Property-based fuzzing of the whole API (issue 17): every write operation and every operation
/// with query parameters in the app's own OpenAPI document (so a new endpoint is fuzzed without
/// being listed here), with CsCheck-generated requests (<see cref="RequestGen"/>), as the demo
/// accounts whose role passes the endpoint's gate. Properties, for every answer:
/// no 5xx; a 4xx is ProblemDetails with a message in Chinese; and a request that is not answered
/// 2xx leaves every table's row count and the audit chain's head as they were.
/// Each database runs in its own app (the counts must move only through these requests).
/// </summary>
public sealed partial class FuzzTests
{
    /// <summary>
    /// 10,000 across both databases (issue 17 asks for at least 10,000): more on SQLite, where a
    /// request and the counting after it cost about half what they cost on PostgreSQL.
    /// </summary>
    private static int RequestsOn(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 6_000 : 4_000;

    private static readonly string[] Accounts =
        ["project.office", "supervision.office", "anyue.reporter", "anyue.leader", "leader", "sysadmin", "secadmin", "auditadmin"];

    /// <summary>
    /// Left out on purpose: signing out or changing the password would end the fuzzing client's own
    /// session half way (they are tested by the Access tests).
    /// </summary>
    private static readonly string[] Excluded = ["POST /api/auth/logout", "POST /api/auth/password"];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Any_request_to_any_write_or_list_api_is_2xx_or_a_4xx_problem_and_only_2xx_changes_data(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json", ct))!.AsObject();
        var api = new ApiSurface(document);
        AssertEveryMappedApiIsDescribed(app, api);

        var operations = api.Operations
            .Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && !Excluded.Contains(o.ToString()))
            .Where(o => o.IsWrite || o.QueryParameters.Count > 0)
            .ToList();
        Assert.True(operations.Count > 80, $"only {operations.Count} operations to fuzz: is the OpenAPI document complete?");

        var clients = new List<(string Name, HttpClient Client)> { ("anonymous", app.CreateClient()) };
        foreach (var name in Accounts)
        {
            clients.Add((name, await app.LoginAsync(name)));
        }

        HashSet<int> fuzzers;
        using (var scope = app.SystemScope())
        {
            var names = Accounts.ToHashSet();
            fuzzers = [.. await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<User>()
                .Where(u => names.Contains(u.UserName!)).Select(u => u.Id).ToListAsync(ct)];
        }

        var gen = new RequestGen(api, fuzzers);
        await using var snapshot = new DataSnapshot(app);
        var run = new FuzzRun(snapshot);
        var watch = Stopwatch.StartNew();

        // The role gate first: each operation once per caller; later requests go to the callers it lets in.
        var callers = new Dictionary<ApiOperation, List<int>>();
        foreach (var op in operations)
        {
            var passing = new List<int>();
            for (var c = 0; c < clients.Count; c++)
            {
                var request = gen.For(op).Single();
                var status = await run.SendAsync(clients[c].Name, clients[c].Client, request, ct);
                if (status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                {
                    passing.Add(c);
                }
            }

            callers[op] = passing.Count > 0 ? passing : [0];
        }

        var remaining = Math.Max(RequestsOn(provider) - run.Sent, 1000);
        await gen.For(operations).Select(Gen.Int[0, 1_000]).SampleAsync(async (request, pick) =>
        {
            var list = callers[request.Operation];
            var (name, client) = clients[list[pick % list.Count]];
            await run.SendAsync(name, client, request, ct);
        }, iter: remaining, threads: 1);

        var summary =
            $"{provider}: {run.Sent} requests to {operations.Count} operations in {watch.Elapsed.TotalSeconds:F0} s; " +
            $"answers {string.Join(", ", run.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; {snapshot.TableCount} tables counted; " +
            $"slowest: {string.Join(", ", run.Time.OrderByDescending(t => t.Value).Take(8).Select(t => $"{t.Key} {t.Value.TotalSeconds:F1} s"))}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(run.Sent >= RequestsOn(provider), $"only {run.Sent} requests were sent");
        // One line per operation, answer and broken property (with its first example), then the rest.
        var kinds = run.Failures.GroupBy(f => f.Kind).Select(g => $"{g.Count()}× {g.First().Text}").ToList();
        Assert.True(kinds.Count == 0,
            $"{run.Failures.Count} of {run.Sent} answers broke a property on {provider}, {kinds.Count} kinds:\n" + string.Join("\n", kinds) + "\n" + summary);
    }

    /// <summary>Every mapped /api endpoint that writes is in the document, so none escapes the fuzzing.</summary>
    private static void AssertEveryMappedApiIsDescribed(TestApp app, ApiSurface api)
    {
        var described = api.Operations.Select(o => $"{o.Method} {o.Path.TrimEnd('/')}").ToHashSet();
        var missing = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Where(m => !m.StartsWith("GET ", StringComparison.Ordinal) && !described.Contains(m))
            .ToList();
        Assert.True(missing.Count == 0, "write endpoints missing from the OpenAPI document (the fuzz test would not see them): " + string.Join(", ", missing));
    }

    private static string Normalize(string route) => RouteConstraint().Replace(route, "}").TrimEnd('/');

    [GeneratedRegex(@"(:[A-Za-z]+(\([^)]*\))?)*\??\}")]
    private static partial Regex RouteConstraint();

    /// <summary>Sends the requests and keeps what each answer says against the properties.</summary>
    private sealed partial class FuzzRun(DataSnapshot snapshot)
    {
        private string[]? _before;

        public int Sent { get; private set; }

        public List<(string Kind, string Text)> Failures { get; } = [];

        public Dictionary<string, TimeSpan> Time { get; } = [];

        public Dictionary<int, int> Statuses { get; } = [];

        public async Task<HttpStatusCode> SendAsync(string caller, HttpClient client, FuzzRequest request, CancellationToken ct)
        {
            _before ??= await snapshot.TakeAsync(ct);
            using var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), request.Url);
            if (request.Json is { } json)
            {
                message.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            else if (request.File is { } bytes)
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                form.Add(file, "file", "fuzz.xlsx");
                message.Content = form;
            }

            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(message, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Time[request.Operation.ToString()] = Time.GetValueOrDefault(request.Operation.ToString()) + Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            Sent++;
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            var counting = Stopwatch.GetTimestamp();
            // A write is followed by every table's count; a read by the audit head (see TakeHeadAsync).
            var after = request.Operation.IsWrite ? await snapshot.TakeAsync(ct) : await snapshot.TakeHeadAsync(_before, ct);
            Time["(counting rows)"] = Time.GetValueOrDefault("(counting rows)") + Stopwatch.GetElapsedTime(counting);
            var changed = _before.Zip(after).Where(p => p.First != p.Second).Select(p => $"{p.First} → {p.Second}").ToList();
            _before = after;

            var said = $"{caller}: {request} → {status}";
            if (status >= 500)
            {
                Failures.Add(($"{request.Operation} {status}", $"{said} {Shorten(body)}"));
            }
            else if (status >= 400 && !IsChineseProblem(response, body))
            {
                Failures.Add(($"{request.Operation} {status} not Chinese", $"{said} is not a ProblemDetails in Chinese: {response.Content.Headers.ContentType} {Shorten(body)}"));
            }

            // A refused sign-in counts against the account (lock-out, as MLPS asks): an audited update of the user, and nothing else.
            if (request.Operation.Path == "/api/auth/login" && status is 401 or 423)
            {
                changed.RemoveAll(c => c.StartsWith("audit head=", StringComparison.Ordinal));
            }

            if (status is < 200 or >= 300 && changed.Count > 0)
            {
                Failures.Add(($"{request.Operation} {status} changed", $"{said} but changed {string.Join("; ", changed)}"));
            }

            return response.StatusCode;
        }

        private static bool IsChineseProblem(HttpResponseMessage response, string body)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return false;
            }

            try
            {
                return JsonNode.Parse(body) is JsonObject problem && problem["status"] is not null && Chinese().IsMatch(body);
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        private static string Shorten(string body) => body.Length > 400 ? body[..400] + "…" : body;

        [GeneratedRegex(@"[\u4e00-\u9fff]|\\u[4-9][0-9a-fA-F]{3}")]
        private static partial Regex Chinese();
    }
}
