using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

/// <summary>Expected failures as ProblemDetails, worded in the user's language.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(IStringLocalizer<SharedResource> t) =>
        TypedResults.Problem(title: t["Error.NotFound"], statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(IStringLocalizer<SharedResource> t, string key) =>
        TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Conflict(IStringLocalizer<SharedResource> t, string key) =>
        TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status409Conflict);

    /// <summary>Field errors, keyed by field name, each message already localised.</summary>
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors);
}

/// <summary>Collects field errors for one request; the messages come from the resources.</summary>
public sealed class Validation(IStringLocalizer<SharedResource> t)
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public Dictionary<string, string[]> Errors => _errors;

    public Validation Require(bool condition, string field, string key, params object[] args)
    {
        if (!condition && !_errors.ContainsKey(field))
        {
            _errors[field] = [t[key, args]];
        }

        return this;
    }
}
