using System.Text.Json.Nodes;

namespace Blueprint.Tests.Infrastructure.Fuzz;

/// <summary>One operation of the OpenAPI document: what the fuzz test may send to it.</summary>
public sealed record ApiOperation(
    string Method, string Path, IReadOnlyList<ApiParameter> PathParameters, IReadOnlyList<ApiParameter> QueryParameters,
    JsonObject? JsonBody, bool Multipart)
{
    public bool IsWrite => Method != "GET";

    public override string ToString() => $"{Method} {Path}";
}

public sealed record ApiParameter(string Name, JsonObject Schema, bool Required);

/// <summary>
/// The API as the app itself describes it (/openapi/v1.json, built from the mapped endpoints), so
/// that an endpoint added tomorrow is fuzzed without anyone listing it here. Schemas are kept as
/// JSON and resolved against components/schemas when generated.
/// </summary>
public sealed class ApiSurface(JsonObject document)
{
    public IReadOnlyList<ApiOperation> Operations { get; } = Read(document);

    public JsonObject Resolve(JsonObject schema)
    {
        for (var i = 0; i < 10 && schema["$ref"] is JsonValue reference; i++)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            schema = document["components"]!["schemas"]![name]!.AsObject();
        }

        return schema;
    }

    private static List<ApiOperation> Read(JsonObject document)
    {
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || method is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var parameters = (op["parameters"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(p => (In: p["in"]!.GetValue<string>(), Parameter: new ApiParameter(
                        p["name"]!.GetValue<string>(), p["schema"] as JsonObject ?? [], p["required"]?.GetValue<bool>() ?? false)))
                    .ToList();
                var content = op["requestBody"]?["content"] as JsonObject;
                operations.Add(new ApiOperation(
                    method.ToUpperInvariant(), path,
                    [.. parameters.Where(p => p.In == "path").Select(p => p.Parameter)],
                    [.. parameters.Where(p => p.In == "query").Select(p => p.Parameter)],
                    content?["application/json"]?["schema"] as JsonObject,
                    content?.ContainsKey("multipart/form-data") == true));
            }
        }

        return operations;
    }
}
