using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum StepFailure
{
    None = 0,
    NotFound = 1,
    Invalid = 2,
    Conflict = 3,
    Forbidden = 4,
}

/// <summary>Why a step was refused; converts to any <see cref="StepOutcome{T}"/>.</summary>
public sealed record Refusal(StepFailure Failure, string? MessageKey = null, Dictionary<string, string[]>? Errors = null, object[]? Args = null)
{
    public static readonly Refusal NotFound = new(StepFailure.NotFound, "Error.NotFound");

    public static Refusal Conflict(string key, params object[] args) => new(StepFailure.Conflict, key, Args: args);

    public static Refusal Forbidden(string key = "Error.Forbidden") => new(StepFailure.Forbidden, key);

    public static Refusal Invalid(Dictionary<string, string[]> errors) => new(StepFailure.Invalid, Errors: errors);

    /// <summary>The refusal in the user's language (field errors joined).</summary>
    public string Message(IStringLocalizer<SharedResource> t) => Failure == StepFailure.Invalid
        ? string.Join(" ", Errors!.Values.SelectMany(v => v))
        : t[MessageKey!, Args ?? []];
}

/// <summary>
/// What a step of a workflow did (a submission, a meeting, a milestone...): the record, or why
/// it was refused. The API turns it into HTTP results and the pages into messages, so both apply
/// the same rules.
/// </summary>
public sealed record StepOutcome<T>(T? Value, Refusal? Refused = null)
{
    public bool Succeeded => Refused is null;

    public static implicit operator StepOutcome<T>(Refusal refusal) => new(default, refusal);

    public static implicit operator StepOutcome<T>(T value) => new(value);

    /// <summary>The refusal in the user's language (field errors joined), or null on success.</summary>
    public string? Message(IStringLocalizer<SharedResource> t) => Refused?.Message(t);

    public Results<Ok<TDto>, ValidationProblem, ProblemHttpResult> ToResult<TDto>(Func<T, TDto> map, IStringLocalizer<SharedResource> t) =>
        Refused switch
        {
            null => TypedResults.Ok(map(Value!)),
            { Failure: StepFailure.Invalid } r => Problems.Invalid(r.Errors!),
            _ => Problem(t),
        };

    public Results<Created<TDto>, ValidationProblem, ProblemHttpResult> ToCreated<TDto>(Func<T, TDto> map, Func<T, string> location, IStringLocalizer<SharedResource> t) =>
        Refused switch
        {
            null => TypedResults.Created(location(Value!), map(Value!)),
            { Failure: StepFailure.Invalid } r => Problems.Invalid(r.Errors!),
            _ => Problem(t),
        };

    private ProblemHttpResult Problem(IStringLocalizer<SharedResource> t) => TypedResults.Problem(
        title: Message(t),
        statusCode: Refused!.Failure switch
        {
            StepFailure.NotFound => StatusCodes.Status404NotFound,
            StepFailure.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        });
}
