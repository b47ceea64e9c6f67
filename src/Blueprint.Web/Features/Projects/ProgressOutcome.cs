using System.Text.Json.Serialization;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProgressFailure
{
    None = 0,
    NotFound = 1,
    Invalid = 2,
    Conflict = 3,
    Forbidden = 4,
}

/// <summary>
/// What a step of the monthly cycle did: the report, or why it was refused. The API turns it
/// into HTTP results and the pages into messages, so both apply exactly the same rules.
/// </summary>
public sealed record ProgressOutcome(ProgressReport? Report, ProgressFailure Failure = ProgressFailure.None,
    string? MessageKey = null, object[]? Args = null, Dictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Failure == ProgressFailure.None;

    public static ProgressOutcome Ok(ProgressReport report) => new(report);

    public static ProgressOutcome NotFound() => new(null, ProgressFailure.NotFound, "Error.NotFound");

    public static ProgressOutcome Conflict(string key, params object[] args) => new(null, ProgressFailure.Conflict, key, args);

    public static ProgressOutcome Forbidden(string key) => new(null, ProgressFailure.Forbidden, key);

    public static ProgressOutcome Invalid(Dictionary<string, string[]> errors) => new(null, ProgressFailure.Invalid, Errors: errors);

    /// <summary>The refusal in the user's language (field errors joined), or null on success.</summary>
    public string? Message(IStringLocalizer<SharedResource> t) => Failure switch
    {
        ProgressFailure.None => null,
        ProgressFailure.Invalid => string.Join(" ", Errors!.Values.SelectMany(v => v)),
        _ => t[MessageKey!, Args ?? []],
    };

    public Results<Ok<ProgressReportDto>, ValidationProblem, ProblemHttpResult> ToResult(IStringLocalizer<SharedResource> t) => Failure switch
    {
        ProgressFailure.None => TypedResults.Ok(ProgressReportsApi.ToDto(Report!)),
        ProgressFailure.Invalid => Problems.Invalid(Errors!),
        _ => Problem(t),
    };

    public Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult> ToCreated(IStringLocalizer<SharedResource> t) => Failure switch
    {
        ProgressFailure.None => TypedResults.Created($"/api/progress-reports/{Report!.Id}", ProgressReportsApi.ToDto(Report)),
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
