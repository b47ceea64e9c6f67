using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blueprint.Web.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// The OpenAPI document as a client generator meets it: it loads, Microsoft.OpenApi 3.x reads it
/// without a single error or warning, every /api endpoint the app maps is in it with an
/// operationId, a summary and its ProblemDetails answers, and /docs needs no internet.
/// </summary>
public sealed partial class OpenApiTests(Apps apps)
{
    private static readonly string[] ProblemStatuses = ["400", "404", "409"];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_document_reads_without_errors_or_warnings_and_lists_every_api_endpoint(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var response = await app.CreateClient().GetAsync("/openapi/v1.json", ct);
        var json = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);

        var (errors, warnings) = OpenApi3Reader.Read(json);
        Assert.Equal(3, OpenApi3Reader.LibraryVersion.Major);
        Assert.Empty(errors);
        Assert.Empty(warnings);

        using var document = JsonDocument.Parse(json);
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Key: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToList();
        var documented = operations.Select(o => o.Key).ToHashSet();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {OpenApiPath(e.RoutePattern)}"))
            .ToList();
        Assert.NotEmpty(mapped);
        var missing = mapped.Where(m => !documented.Contains(m)).ToList();
        Assert.True(missing.Count == 0, "not in the document: " + string.Join(", ", missing));

        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("operationId").GetString()), o.Key);
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()), o.Key);
            var responses = o.Operation.GetProperty("responses");
            Assert.All(ProblemStatuses, status => Assert.True(responses.TryGetProperty(status, out _), $"{o.Key} lacks {status}"));
        });
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // Enums travel by name: no schema lists numbers as its allowed values.
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var status = schemas.GetProperty("SubmissionStatus").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Contains("Submitted", status);
        Assert.DoesNotContain(schemas.EnumerateObject(), s => s.Value.TryGetProperty("enum", out var values)
            && values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Number));
    }

    [Fact]
    public void The_reader_does_report_a_broken_document()
    {
        var (errors, _) = OpenApi3Reader.Read("""{ "openapi": "3.1.1", "paths": { "/x": { "get": { "responses": {} } } } }""");

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task The_reference_page_loads_nothing_from_another_host()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateClient();

        var html = await client.GetStringAsync("/docs/", ct);

        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        foreach (Match script in ScriptSource().Matches(html))
        {
            var asset = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/docs/"), script.Groups[1].Value), ct);
            Assert.True(asset.IsSuccessStatusCode, script.Groups[1].Value);
        }
    }

    /// <summary>"/api/projects/{id:int}" → "/api/projects/{id}", the way the document names it.</summary>
    private static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"<script[^>]+src=""([^""]+)""")]
    private static partial Regex ScriptSource();
}
