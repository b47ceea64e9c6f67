using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// A request that cannot be read is the client's mistake (400), never a 500 deep in a handler.
/// Two general rules instead of a null check in every endpoint (issue 17):
/// <list type="bullet">
/// <item>a request body's record parameter that is a non-nullable reference (<c>string Name</c>,
/// <c>List&lt;int&gt; UnitIds</c>) and has no default must be in the JSON and not null: the
/// compiler trusts the annotation, System.Text.Json does not, so <c>{}</c> used to reach the
/// handler with nulls where none can be;</item>
/// <item>binding failures (unreadable JSON, a query value of the wrong type, a missing body) are
/// thrown (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) so that the exception handler
/// answers them as every other refusal: ProblemDetails, in the user's language, naming the field.</item>
/// </list>
/// Only this assembly's types are checked, and only when a request is read: responses are untouched.
/// </summary>
public static partial class RequestBodies
{
    public static IServiceCollection AddRequestBodyRules(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(RequireDeclaredNonNulls));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new BoundedDateOnly());
            o.SerializerOptions.Converters.Add(new BoundedDateTime());
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>A field that must be there, as the request names it (camelCase).</summary>
    public sealed class RequiredFieldException(string field)
        : JsonException($"The field '{field}' is required and may not be null.")
    {
        public string Field { get; } = field;
    }

    private static void RequireDeclaredNonNulls(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Assembly != typeof(RequestBodies).Assembly)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        var required = info.Properties
            .Where(p => p.Get is not null && p.AssociatedParameter is { ParameterType.IsValueType: false, AttributeProvider: ParameterInfo })
            .Select(p => (p, Parameter: nullability.Create((ParameterInfo)p.AssociatedParameter!.AttributeProvider!)))
            .Select(x => (x.p.Name, Get: x.p.Get!,
                Required: !x.p.AssociatedParameter!.HasDefaultValue && x.Parameter.WriteState == NullabilityState.NotNull,
                NoNullItems: HasNonNullableItems(x.Parameter)))
            .Where(x => x.Required || x.NoNullItems)
            .ToList();
        if (required.Count == 0)
        {
            return;
        }

        var then = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            foreach (var (name, get, isRequired, noNullItems) in required)
            {
                // A list of records ([{...}, null]) is read as the records and a null, which the handler does not expect either.
                var field = get(value);
                if ((isRequired && field is null) || (noNullItems && field is System.Collections.IEnumerable items and not string && items.Cast<object?>().Any(i => i is null)))
                {
                    throw new RequiredFieldException(name);
                }
            }

            then?.Invoke(value);
        };
    }

    /// <summary>
    /// The dates a request may carry. Every rule adds or subtracts days, months or the city's
    /// offset, which overflows at the ends of the calendar (0001-01-01, 9999-12-31); nothing in
    /// the city's plans lies outside these years.
    /// </summary>
    public const int FirstYear = 1900, LastYear = 2200;

    public static bool IsCalendarYear(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>
    /// Date arithmetic that left the calendar (DateOnly.AddDays, DateTime minus an offset): only an
    /// extreme date from a query string gets there, the JSON bodies being bounded by the converters.
    /// </summary>
    public static bool IsCalendarOverflow(ArgumentOutOfRangeException error) =>
        error.TargetSite?.DeclaringType is { } type
        && (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type.DeclaringType == typeof(DateOnly) || type.DeclaringType == typeof(DateTime));

    /// <summary>The query parameter holding a date outside <see cref="FirstYear"/>–<see cref="LastYear"/>, if any.</summary>
    public static string? ExtremeDateParameter(IQueryCollection query) =>
        query.FirstOrDefault(q => DateOnly.TryParse(q.Value.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var d) && !IsCalendarYear(d.Year)).Key;

    private sealed class BoundedDateOnly : System.Text.Json.Serialization.JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String
                || !DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value))
            {
                throw new JsonException("a date written yyyy-MM-dd is expected");
            }

            return IsCalendarYear(value.Year) ? value : throw new JsonException($"the date {value:yyyy-MM-dd} is outside {FirstYear}–{LastYear}");
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class BoundedDateTime : System.Text.Json.Serialization.JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var value))
            {
                throw new JsonException("a time written as ISO 8601 is expected");
            }

            return IsCalendarYear(value.Year) ? value : throw new JsonException($"the time {value:O} is outside {FirstYear}–{LastYear}");
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>A list or array whose items are declared non-nullable references (<c>List&lt;Item&gt;</c>, <c>string[]</c>).</summary>
    private static bool HasNonNullableItems(NullabilityInfo info) =>
        (info.ElementType ?? (info.GenericTypeArguments is [var only] ? only : null)) is { Type.IsValueType: false, ReadState: NullabilityState.NotNull };

    /// <summary>The field a failed binding names, as the client wrote it, or null when it names none.</summary>
    public static string? FieldOf(BadHttpRequestException error)
    {
        switch (error.InnerException)
        {
            case RequiredFieldException missing:
                return missing.Field;
            case JsonException { Path: { Length: > 2 } path } when path.StartsWith("$.", StringComparison.Ordinal):
                return path[2..];
            case JsonException { Path: ['$', '[', ..] path }:
                return path[1..];
        }

        // "Failed to bind parameter "int? year" from "abc"." / "Required parameter "string q" was not provided from query string."
        return BoundParameter().Match(error.Message) is { Success: true } m ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("parameter \"(?:[^\"]* )?([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BoundParameter();
}

/// <summary>
/// A query parameter that was read but is out of range for what it names (a year outside
/// 1–9999): answered 400 with the parameter's name, on the API and the pages alike.
/// </summary>
public sealed class BadQueryException(string name) : Exception($"The query parameter '{name}' is out of range.")
{
    public string Name { get; } = name;

    /// <summary>Years the calendar can hold: <c>new DateOnly(year, 1, 1)</c> throws outside them.</summary>
    public static int? Year(int? year, string name = "year") =>
        year is null or (>= 1 and <= 9999) ? year : throw new BadQueryException(name);
}
