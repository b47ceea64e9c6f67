using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Access;

/// <summary>
/// Every endpoint and every page, asked by every role, answers as <see cref="AuthorizationMatrix"/>
/// declares; an address the matrix does not name fails the test, so nothing ships unpoliced.
/// <para>
/// SQLite only: the answers come from the endpoints' role gates, the password gate and the scope
/// filters, which are the same code on both databases; the scope filters themselves are checked on
/// both by <c>ScopeTests</c>, the administrators' refusals by <c>AccountAdminTests</c>. One run asks
/// about 2,500 questions (about a minute); twice that would add a minute for no new answer.
/// </para>
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Password = "Matrix@2079x";

    [Fact]
    public async Task Every_endpoint_and_page_answers_each_role_as_the_matrix_declares()
    {
        // An app of its own: the matrix signs out every caller at the end, the three demo
        // administrators included, and a sign-out ends every session of the account.
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var rows = AuthorizationMatrix.Rows();

        var served = Served(app);
        var declared = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var unpoliced = served.Where(k => !declared.Contains(k)).ToList();
        var gone = declared.Where(k => !served.Contains(k)).ToList();
        Assert.True(unpoliced.Count == 0 && gone.Count == 0, string.Concat(
            unpoliced.Count == 0 ? "" : $"Not in AuthorizationMatrix (declare who may use it):\n  {string.Join("\n  ", unpoliced)}\n",
            gone.Count == 0 ? "" : $"In AuthorizationMatrix but not served (remove the line):\n  {string.Join("\n  ", gone)}"));

        var tag = Guid.NewGuid().ToString("N")[..6];
        var callers = await CallersAsync(app, tag);
        var samples = await MatrixSamples.LoadAsync(app, tag, callers.Single(c => c.Column == "po").Client);

        var wrong = new ConcurrentBag<string>();
        // Signing out ends the caller's session, so those rows come last.
        var ordered = rows.OrderBy(r => r.SignsOut).ToList();
        await Parallel.ForEachAsync(callers, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken }, async (caller, ct) =>
        {
            var column = Array.IndexOf(AuthorizationMatrix.Columns, caller.Column);
            foreach (var row in ordered)
            {
                var expected = row.Answers[column];
                if (expected == "-")
                {
                    if (caller.Other && samples.TryGetValue(row.Sample, out var unitRecord) && unitRecord.Other is not null)
                    {
                        wrong.Add($"{row.Key}: '{row.Sample}' is a record of a unit, so {caller.Column} (the record of another unit) needs an answer");
                    }

                    continue;
                }

                var sample = samples.TryGetValue(row.Sample, out var s) ? s : throw new InvalidOperationException($"{row.Key}: no sample named '{row.Sample}'");
                if (caller.Other && sample.Other is null)
                {
                    wrong.Add($"{row.Key}: {caller.Column} is declared, but sample '{row.Sample}' has no record of another unit (write -)");
                    continue;
                }

                var path = sample.Path(row.Route, caller.Other);
                using var request = new HttpRequestMessage(row.IsRead ? HttpMethod.Get : new HttpMethod(row.Method), path);
                using var response = await caller.Client.SendAsync(request, ct);
                var observed = Observe(response);
                if (!AuthorizationMatrix.Matches(expected, observed))
                {
                    wrong.Add($"{row.Method} {path} as {caller.Column}: declared {expected}, answered {observed} ({(int)response.StatusCode}{(response.Headers.Location is { } to ? " → " + to : "")})");
                }
            }
        });

        Assert.True(wrong.IsEmpty, $"{wrong.Count} answers differ from AuthorizationMatrix:\n{string.Join("\n", wrong.Order(StringComparer.Ordinal))}");
    }

    /// <summary>
    /// Every address the app serves: its endpoints (minimal APIs and the pages' endpoints) and every
    /// component with a route in the web assembly, checked separately so that a page is named even if
    /// it were left out of the endpoints. Static files and Blazor's own framework scripts are not ours.
    /// </summary>
    private static HashSet<string> Served(TestApp app)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText ?? "";
            if (IsStaticOrFramework(endpoint, route))
            {
                continue;
            }

            if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                keys.Add(AuthorizationMatrix.Key("PAGE", route));
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            foreach (var method in methods)
            {
                keys.Add(AuthorizationMatrix.Key(method, route));
            }
        }

        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => AuthorizationMatrix.Key("PAGE", r.Template));
        keys.UnionWith(pages);
        return keys;
    }

    private static bool IsStaticOrFramework(RouteEndpoint endpoint, string route) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")
        || route.StartsWith("_framework/", StringComparison.Ordinal)
        || route == "/_framework/opaque-redirect"
        || route == "{**path:file}";

    /// <summary>The answer, in the matrix's words.</summary>
    private static string Observe(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "in",
            HttpStatusCode.Forbidden => "403",
            HttpStatusCode.NotFound => "404",
            HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther when location.Contains("account/login", StringComparison.Ordinal) => "in",
            HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther when location.Contains("account/denied", StringComparison.Ordinal) => "403",
            >= HttpStatusCode.InternalServerError => "5xx",
            >= HttpStatusCode.OK and < HttpStatusCode.BadRequest => "ok",
            var code => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private sealed record Caller(string Column, HttpClient Client, bool Other);

    /// <summary>
    /// One signed-in client per column. The business roles get accounts of their own (tagged, the
    /// same unit and scope as the demo account of the role), so that a probe that signs out or marks
    /// the inbox read touches no demo user. The three administrators are the demo ones: a second
    /// account of theirs would let AccountAdminTests disable the "last" audit administrator.
    /// </summary>
    private static async Task<List<Caller>> CallersAsync(TestApp app, string tag)
    {
        var own = new Dictionary<string, string>
        {
            ["lead"] = Roles.Leader,
            ["po"] = Roles.ProjectOffice,
            ["so"] = Roles.SupervisionOffice,
            ["rep"] = Roles.UnitReporter,
            ["ul"] = Roles.UnitLeader,
        };
        using (var scope = app.SystemScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var units = scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>();
            foreach (var (column, role) in own.Concat(own.Where(o => o.Key is "rep" or "ul").Select(o => KeyValuePair.Create(o.Key + "2", o.Value))))
            {
                var demo = DemoAccounts.All.First(a => a.Role == role);
                var user = new User
                {
                    UserName = $"mx{tag}.{column}",
                    DisplayName = $"矩阵{column}{tag}",
                    UnitId = await units.Where(u => u.Code == demo.UnitCode).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken),
                    Scope = demo.Scope,
                };
                Assert.True((await users.CreateAsync(user, Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }
        }

        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var callers = new List<Caller> { new("anon", anonymous, false) };
        foreach (var column in own.Keys)
        {
            callers.Add(new(column, await app.LoginAsync($"mx{tag}.{column}", Password), false));
            if (column is "rep" or "ul")
            {
                // An account of its own: a sign-out ends every session of an account, and the other
                // column signs out while this one may still be asking.
                callers.Add(new(column + "~", await app.LoginAsync($"mx{tag}.{column}2", Password), true));
            }
        }

        callers.Add(new("sys", await app.LoginAsync("sysadmin"), false));
        callers.Add(new("sec", await app.LoginAsync("secadmin"), false));
        callers.Add(new("aud", await app.LoginAsync("auditadmin"), false));
        return callers;
    }
}
