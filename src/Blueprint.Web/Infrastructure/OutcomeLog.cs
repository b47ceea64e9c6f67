using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// One log line, without a stack trace, for every request the product refused: 400 (validation,
/// unreadable address, antiforgery), 401, 403, 404, 409, 413 at Information, and a 503 (the
/// database away) at Warning. Expected outcomes are no errors (STYLE.md): the refusal is the
/// product working. Only the unexpected 500 is an error, logged by the exception handler with
/// its exception and trace id. The line says what the user was told (the ProblemDetails title)
/// or, for an outcome the exception handler gave, which exception it answered.
/// </summary>
public static class OutcomeLog
{
    public const string Category = "Blueprint.Problems";

    private const string ReasonKey = "Blueprint.Outcome.Reason";

    /// <summary>What the exception handler answered with a 4xx or 503 (the exception's type and message).</summary>
    public static void Explain(HttpContext context, string reason) => context.Items[ReasonKey] = reason;

    /// <summary>What a ProblemDetails told the user, unless the exception handler already explained the outcome.</summary>
    public static void Told(HttpContext context, ProblemDetails problem) =>
        context.Items.TryAdd(ReasonKey, problem is HttpValidationProblemDetails invalid && invalid.Errors.Count > 0
            ? $"{problem.Title} ({string.Join(", ", invalid.Errors.Keys)})"
            : problem.Title);

    /// <summary>Outermost but for the forwarded headers, so that it sees the status the exception handler set.</summary>
    public static IApplicationBuilder UseOutcomeLog(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            await next(context);
            var status = context.Response.StatusCode;
            var explained = context.Items.TryGetValue(ReasonKey, out var reason);
            if (status is >= 400 and < 500 || (explained && status != StatusCodes.Status500InternalServerError))
            {
                log.Log(status >= 500 ? LogLevel.Warning : LogLevel.Information, "{Method} {Path} answered {Status}: {Reason}",
                    context.Request.Method, context.Request.Path.Value, status, reason as string ?? ReasonPhrases.GetReasonPhrase(status));
            }
        });
    }
}
