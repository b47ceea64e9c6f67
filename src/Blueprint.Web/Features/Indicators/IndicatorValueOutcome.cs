using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

/// <summary>
/// What a step of the value cycle did: the value row, or why it was refused. Same shape as
/// <see cref="ProgressOutcome"/>: the API turns it into HTTP results, the pages into messages.
/// </summary>
public sealed record IndicatorValueOutcome(IndicatorValue? Value, ProgressFailure Failure = ProgressFailure.None,
    string? MessageKey = null, object[]? Args = null, Dictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Failure == ProgressFailure.None;

    public static IndicatorValueOutcome Ok(IndicatorValue value) => new(value);

    public static IndicatorValueOutcome NotFound() => new(null, ProgressFailure.NotFound, "Error.NotFound");

    public static IndicatorValueOutcome Conflict(string key, params object[] args) => new(null, ProgressFailure.Conflict, key, args);

    public static IndicatorValueOutcome Forbidden(string key) => new(null, ProgressFailure.Forbidden, key);

    public static IndicatorValueOutcome Invalid(Dictionary<string, string[]> errors) => new(null, ProgressFailure.Invalid, Errors: errors);

    public string? Message(IStringLocalizer<SharedResource> t) => Failure switch
    {
        ProgressFailure.None => null,
        ProgressFailure.Invalid => string.Join(" ", Errors!.Values.SelectMany(v => v)),
        _ => t[MessageKey!, Args ?? []],
    };

    public Results<Ok<IndicatorValueDto>, ValidationProblem, ProblemHttpResult> ToResult(IStringLocalizer<SharedResource> t) => Failure switch
    {
        ProgressFailure.None => TypedResults.Ok(IndicatorValuesApi.ToDto(Value!)),
        ProgressFailure.Invalid => Problems.Invalid(Errors!),
        _ => Problem(t),
    };

    public Results<Created<IndicatorValueDto>, ValidationProblem, ProblemHttpResult> ToCreated(IStringLocalizer<SharedResource> t) => Failure switch
    {
        ProgressFailure.None => TypedResults.Created($"/api/indicator-values/{Value!.Id}", IndicatorValuesApi.ToDto(Value)),
        ProgressFailure.Invalid => Problems.Invalid(Errors!),
        _ => Problem(t),
    };

    private ProblemHttpResult Problem(IStringLocalizer<SharedResource> t) => TypedResults.Problem(
        title: Message(t),
        statusCode: Failure switch
        {
            ProgressFailure.NotFound => StatusCodes.Status404NotFound,
            ProgressFailure.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        });
}
