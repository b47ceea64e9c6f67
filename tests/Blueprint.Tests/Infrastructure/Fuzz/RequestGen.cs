using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace Blueprint.Tests.Infrastructure.Fuzz;

/// <summary>One generated request: the operation it aims at, the address, and the body (JSON text, a multipart file, or none).</summary>
public sealed record FuzzRequest(ApiOperation Operation, string Url, string? Json, byte[]? File)
{
    public override string ToString()
    {
        var body = Json is null ? File is null ? "" : $" [multipart file, {File.Length} bytes]" : " " + (Json.Length > 300 ? Json[..300] + $"… ({Json.Length} chars)" : Json);
        return $"{Operation.Method} {Url}{body}";
    }
}

/// <summary>
/// CsCheck generators for requests to any operation of the <see cref="ApiSurface"/>, from its
/// schemas: mostly well-typed values that reach the handlers (small ids that exist in the demo,
/// the test years 2109–2111, real dates) mixed with what a careless or hostile client sends:
/// wrong types, missing and extra fields, nulls, huge strings, impossible dates and years,
/// negative and overflowing numbers and money, unknown enum values and ids.
/// </summary>
public sealed class RequestGen(ApiSurface api, IReadOnlySet<int> protectedAccountIds)
{
    private const int MaxDepth = 4;

    /// <summary>10,000 characters of Chinese (30 KB of UTF-8): past every column's limit.</summary>
    private static readonly string Huge = new('字', 10_000);

    private static readonly Gen<JsonNode?> Hostile = Gen.OneOf<JsonNode?>(
        null, JsonValue.Create("abc"), new JsonObject(), new JsonArray(), JsonValue.Create(true), JsonValue.Create(-1.5),
        JsonValue.Create("99999999999999999999999"), JsonValue.Create(Huge), JsonValue.Create(""), JsonValue.Create("0000-00-00"),
        JsonNode.Parse("1e400"), JsonValue.Create(long.MinValue));

    private static readonly Gen<long> Integers = Gen.Frequency(
        (8, Gen.Int[1, 40].Select(i => (long)i)),
        (2, Gen.OneOf(0L, -1L, int.MaxValue, (long)int.MaxValue + 1, int.MinValue, long.MaxValue, long.MinValue)),
        (2, Gen.Int[2109, 2111].Select(i => (long)i)),
        (2, Gen.OneOf(10000L, 9999L, 1L, 12L, 13L)),
        (1, Gen.Long));

    private static readonly Gen<string> Dates = Gen.Frequency(
        (6, Gen.Date[new DateTime(2109, 1, 1), new DateTime(2111, 12, 31)].Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (3, Gen.OneOf("2023-13-40", "0001-01-01", "9999-12-31", "10000-01-01", "0000-01-01", "2023-02-30", "yesterday", "", "2110-06-30T25:00:00")));

    private static readonly Gen<string> Texts = Gen.Frequency(
        (6, Gen.OneOf("测试", "安岳县", "ZY-AY", "2110年重点项目", "a", " ", "Project", "Leader", "Open", "Draft")),
        (2, Gen.String[0, 40]),
        (1, Gen.OneOf(Huge, "<script>alert(1)</script>", "'; DROP TABLE \"Units\";--", "\u0000\u0001\u001f", "😀𠮷", "../../etc/passwd", "%00")));

    public Gen<FuzzRequest> For(IReadOnlyList<ApiOperation> operations) =>
        Gen.Int[0, operations.Count - 1].SelectMany(i => For(operations[i]));

    public Gen<FuzzRequest> For(ApiOperation op)
    {
        var path = op.PathParameters.Aggregate(Gen.Const(op.Path), (g, p) => g.SelectMany(path => PathValue(op, p).Select(v => path.Replace("{" + p.Name + "}", Uri.EscapeDataString(v), StringComparison.Ordinal))));
        var query = op.QueryParameters.Aggregate(Gen.Const(new List<string>()), (g, p) => g.SelectMany(list => QueryValue(p).Select(v =>
        {
            if (v is not null)
            {
                list = [.. list, $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(v)}"];
            }

            return list;
        })));
        var extraQuery = Gen.Frequency((9, Gen.Const("")), (1, Gen.OneOf("&unknown=1", "&page=-1", "&pageSize=100000", "&year=0")));
        var url = path.Select(query, extraQuery, (p, q, extra) => p + (q.Count == 0 && extra.Length == 0 ? "" : "?" + string.Join('&', q) + extra));
        if (op.JsonBody is { } schema)
        {
            var body = Gen.Frequency(
                (12, Value(schema, 0).Select(n => n?.ToJsonString() ?? "null")),
                (1, Gen.OneOf("{}", "", "{", "[]", "null", "\"x\"", "{\"version\":\"abc\"}")));
            return url.Select(body, (u, b) => new FuzzRequest(op, u, b, null));
        }

        if (op.Multipart || op.IsWrite)
        {
            // Multipart endpoints (imports, uploads) and writes whose body the document does not
            // describe (they read the form themselves): a file of junk, an empty one, or nothing.
            var file = Gen.Frequency(
                (3, Gen.Byte.Array[0, 2000].Select(b => (byte[]?)b)),
                (1, Gen.Const<byte[]?>("PK\u0003\u0004"u8.ToArray())),
                (1, Gen.Const((byte[]?)null)));
            return url.Select(file, (u, f) => new FuzzRequest(op, u, null, f));
        }

        return url.Select(u => new FuzzRequest(op, u, null, null));
    }

    private Gen<string> PathValue(ApiOperation op, ApiParameter p)
    {
        var integers = Integers;
        if (op.Path.StartsWith("/api/admin/accounts/", StringComparison.Ordinal))
        {
            // The fuzzing accounts must not disable, lock or re-role themselves half way.
            integers = integers.Where(i => !protectedAccountIds.Contains((int)Math.Clamp(i, int.MinValue, int.MaxValue)));
        }

        return IsInteger(api.Resolve(p.Schema))
            ? Gen.Frequency((12, integers.Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Gen.OneOf("abc", "1.5", "99999999999")))
            // No NUL in a path: Kestrel refuses it before the app, and the in-process TestServer cannot even send it.
            : Gen.Frequency((3, Texts.Select(s => s.Replace("\0", "", StringComparison.Ordinal))), (1, Gen.OneOf("summary", "goals", "1", "")));
    }

    /// <summary>A query value as text, or null to leave the parameter out.</summary>
    private Gen<string?> QueryValue(ApiParameter p) =>
        Gen.Frequency(
            (3, Gen.Const((string?)null)),
            (6, Value(p.Schema, MaxDepth - 1).Select(n => n switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => n.ToJsonString(),
            }).Select(s => (string?)s)),
            (1, Gen.OneOf<string?>("abc", "-1", "0", "10000", "2023-13-40", "", "true", "1e9")));

    /// <summary>A JSON value for <paramref name="schema"/>: usually of its type, sometimes not.</summary>
    private Gen<JsonNode?> Value(JsonObject schema, int depth)
    {
        schema = api.Resolve(schema);
        var typed = Typed(schema, depth);
        return Gen.Frequency((10, typed), (1, Hostile));
    }

    private Gen<JsonNode?> Typed(JsonObject schema, int depth)
    {
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[key] is JsonArray choices && choices.OfType<JsonObject>().Select(api.Resolve).Where(c => !IsNullOnly(c)).ToList() is { Count: > 0 } real)
            {
                return Gen.Int[0, real.Count - 1].SelectMany(i => Typed(real[i], depth));
            }
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            var known = values.Select(v => v?.DeepClone()).ToArray();
            return Gen.Frequency((6, Gen.OneOf(known)), (1, Gen.OneOf<JsonNode?>(JsonValue.Create(999), JsonValue.Create("Nope"), JsonValue.Create(-1))));
        }

        var types = Types(schema);
        if (types.Contains("object") || schema["properties"] is JsonObject)
        {
            return depth >= MaxDepth ? Gen.Const<JsonNode?>(new JsonObject()) : Object(schema, depth);
        }

        if (types.Contains("array"))
        {
            var items = schema["items"] as JsonObject ?? [];
            return depth >= MaxDepth
                ? Gen.Const<JsonNode?>(new JsonArray())
                : Value(items, depth + 1).Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a.Select(n => n?.DeepClone())]));
        }

        if (IsInteger(schema))
        {
            return Integers.Select(i => (JsonNode?)JsonValue.Create(i));
        }

        if (types.Contains("number"))
        {
            return Gen.OneOf<JsonNode?>(JsonValue.Create(0.5), JsonValue.Create(12.5), JsonValue.Create(-3.25), JsonValue.Create(1e300), JsonValue.Create(100.0));
        }

        if (types.Contains("boolean"))
        {
            return Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b));
        }

        var format = schema["format"]?.GetValue<string>();
        if (format is "date" or "date-time")
        {
            return Dates.Select(d => (JsonNode?)JsonValue.Create(format == "date" || d.Length != 10 ? d : d + "T08:00:00Z"));
        }

        return Texts.Select(s => (JsonNode?)JsonValue.Create(s));
    }

    private Gen<JsonNode?> Object(JsonObject schema, int depth)
    {
        var properties = (schema["properties"] as JsonObject ?? []).ToList();
        var start = Gen.Const(new List<(string Name, JsonNode? Value)>());
        var fields = properties.Aggregate(start, (g, property) => g.SelectMany(list => Gen.Frequency(
            (1, Gen.Const(list)),   // left out
            (9, Value(property.Value as JsonObject ?? [], depth + 1).Select(v => (List<(string, JsonNode?)>)[.. list, (property.Key, v)])))));
        var extra = Gen.Frequency((8, Gen.Const(((string, JsonNode?)?)null)), (1, Gen.Const<(string, JsonNode?)?>(("unexpected", JsonValue.Create("额外字段")))));
        return fields.Select(extra, (list, more) =>
        {
            var json = new JsonObject();
            foreach (var (name, value) in more is { } m ? [.. list, m] : list)
            {
                json[name] = value?.DeepClone();
            }

            return (JsonNode?)json;
        });
    }

    private static HashSet<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray a => [.. a.Select(t => t!.GetValue<string>())],
        JsonValue v => [v.GetValue<string>()],
        _ => [],
    };

    private static bool IsNullOnly(JsonObject schema) => Types(schema) is { Count: 1 } t && t.Contains("null");

    private static bool IsInteger(JsonObject schema) => Types(schema).Contains("integer")
        || schema["format"]?.GetValue<string>() is "int32" or "int64";
}
