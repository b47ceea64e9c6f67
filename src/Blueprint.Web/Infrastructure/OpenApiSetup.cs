using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The OpenAPI document as generated clients need it, in one place instead of per endpoint:
/// every operation gets an operationId and a summary derived from its route, and the
/// ProblemDetails answers every endpoint can give (400 invalid, 401 not signed in, 403 outside
/// the user's rights or units, 404 not found or outside scope, 409 stale edit or duplicate).
/// Enums travel as their names, so a client sees "Submitted", not 2: each enum carries
/// [JsonConverter(typeof(JsonStringEnumConverter))] itself, so the app, its tests and any .NET
/// client read and write the same form (OpenApiTests fails on an enum that does not).
/// </summary>
public static class OpenApiSetup
{
    private const string ProblemSchema = "ProblemDetails";

    private static readonly (int Status, string Description)[] Problems =
    [
        (StatusCodes.Status400BadRequest, "Bad Request: the input is invalid (field errors in `errors`)."),
        (StatusCodes.Status401Unauthorized, "Unauthorized: not signed in."),
        (StatusCodes.Status403Forbidden, "Forbidden: the user's role or units do not allow this."),
        (StatusCodes.Status404NotFound, "Not Found: no such record within the user's units."),
        (StatusCodes.Status409Conflict, "Conflict: the record was changed by someone else (stale version) or already exists."),
    ];

    public static IServiceCollection AddBlueprintOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Blueprint API";
                document.Info.Description = "蓝图 Blueprint: key projects, indicators, supervision and reports. Sign in with POST /api/auth/login (cookie).";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(DescribeAsync);
        });
        return services;
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var path = context.Description.RelativePath ?? "";
        operation.OperationId ??= OperationId(method, path);
        operation.Summary ??= Summary(method, path);

        if (context.Document is not { } document)
        {
            return;
        }

        if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
        {
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct));
        }

        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= [];
        foreach (var (status, description) in Problems)
        {
            var code = status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(code) || (!signedIn && status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden))
            {
                continue;
            }

            operation.Responses[code] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            };
        }
    }

    /// <summary>"POST api/progress-reports/{id}/submit" → "postProgressReportsByIdSubmit": unique, stable, greppable back to the route.</summary>
    internal static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in Segments(path))
        {
            var isParameter = segment.StartsWith('{');
            if (isParameter)
            {
                id.Append("By");
            }

            foreach (var word in segment.Trim('{', '}').Split('-', '_', '.'))
            {
                if (word.Length > 0)
                {
                    id.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
                }
            }
        }

        return id.ToString();
    }

    /// <summary>
    /// A plain-words summary for an operation that has none: "List progress reports", "Get
    /// progress reports by id", "Submit progress reports by id", "Get overview of units by id".
    /// An endpoint's own WithSummary wins.
    /// </summary>
    internal static string Summary(string method, string path)
    {
        var segments = Segments(path).ToList();
        var last = segments.LastOrDefault() ?? "";
        var endsWithId = last.StartsWith('{');
        var isAction = segments.Count >= 2 && !endsWithId && segments[^2].StartsWith('{');
        var subject = string.Join(' ', (isAction ? segments[..^1] : segments).Select(Words));
        var verb = method.ToUpperInvariant() switch
        {
            _ when isAction && method.Equals("POST", StringComparison.OrdinalIgnoreCase) => Capitalised(Words(last)),
            "GET" when isAction => $"Get {Words(last)} of",
            "GET" => endsWithId ? "Get" : "List",
            "POST" => "Create",
            "PUT" => "Update",
            "PATCH" => "Change",
            "DELETE" => "Delete",
            var other => other,
        };
        return $"{verb} {subject}".Trim();
    }

    private static IEnumerable<string> Segments(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.Equals("api", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.StartsWith('{') ? "{" + s.Trim('{', '}').Split(':', '=', '?')[0] + "}" : s);

    private static string Words(string segment) =>
        segment.StartsWith('{') ? "by " + segment.Trim('{', '}') : segment.Replace('-', ' ');

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
