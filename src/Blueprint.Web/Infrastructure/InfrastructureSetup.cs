using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Blueprint.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Scalar.AspNetCore;

namespace Blueprint.Web.Infrastructure;

public static partial class InfrastructureSetup
{
    /// <summary>How long a client should wait before repeating a request the database could not serve.</summary>
    private const int RetryAfterSeconds = 5;

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    public static IServiceCollection AddBlueprintInfrastructure(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        // One name per application instance, for the job tick table: which node did which slot.
        services.AddSingleton(new JobNode($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // Chinese text is written as is, not as &#x...; entities: pages stay small and readable.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // A role gate or the sign-in check answers before any handler runs, with ASP.NET's English
        // default title ("Forbidden"): say it in the user's language, as every handler's refusal does.
        // Every ProblemDetails carries the request's trace id, the number the logs and traces know it by.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Any other answer that still carries the framework's English reason phrase (a route
            // that matched no endpoint, a body of the wrong media type) or its validation title.
            var status = c.ProblemDetails.Status ?? 0;
            var key = (status, c.ProblemDetails.Title) switch
            {
                (StatusCodes.Status403Forbidden, "Forbidden") => "Error.Forbidden",
                (StatusCodes.Status401Unauthorized, "Unauthorized") => "Error.SignInFirst",
                (StatusCodes.Status404NotFound, "Not Found") => "Error.NotFound",
                (StatusCodes.Status400BadRequest, "One or more validation errors occurred.") => "Error.Invalid",
                ( >= 400 and < 500, var title) when title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) => "Error.BadRequest",
                _ => null,
            };
            if (key is not null)
            {
                c.ProblemDetails.Title = c.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()[key];
            }

            c.ProblemDetails.Extensions["traceId"] = Telemetry.TraceId(c.HttpContext);
            OutcomeLog.Told(c.HttpContext, c.ProblemDetails);
        });
        services.AddRequestBodyRules();
        services.AddBlueprintOpenApi();
        services.AddSecurityHeaders();
        services.AddOptions<XlsxUploadOptions>().BindConfiguration(XlsxUploadOptions.Section);
        return services;
    }

    public static WebApplication UseBlueprintInfrastructure(this WebApplication app)
    {
        // Before anything reads the client's address or the scheme (ReverseProxy).
        app.UseForwardedHeaders();
        // Every answer, error pages and static files included.
        app.UseSecurityHeaders();
        // Around the exception handler, so that it logs the status the handler gave.
        app.UseOutcomeLog();
        // First, so that the error and status-code answers below speak the user's language too.
        app.UseRequestLocalization();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteProblemAsync,
            // Expected outcomes (400, 403, 409, 503) are one line of the OutcomeLog; the unexpected
            // (500) is logged by WriteProblemAsync, with its stack trace and trace id.
            SuppressDiagnosticsCallback = _ => true,
        });
        // An answer without a body: ProblemDetails in the user's language on the API whatever the Accept
        // header (anonymous callers included); elsewhere the page not found, in the layout (UnknownAddress, issue 19).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(WriteStatusProblemAsync));
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePages());
        app.MapOpenApi("/openapi/{documentName}.json");
        // An intranet with no internet: Scalar's bundled script only (served by the app under
        // /docs/), system fonts instead of its CDN fonts, no telemetry, and none of the hosted
        // extras (AI agent, MCP, developer toolbar with deploy / SDK offers).
        app.MapScalarApiReference("/docs", o =>
        {
            o.Title = "Blueprint API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.HideClientButton = true;
            o.Agent = new ScalarAgentOptions { Disabled = true };
            o.Mcp = new ScalarMcpOptions { Disabled = true };
        });
        return app;
    }

    private static Task WriteStatusProblemAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var code = context.Response.StatusCode;
        var title = code switch
        {
            StatusCodes.Status401Unauthorized => text["Error.SignInFirst"],
            StatusCodes.Status403Forbidden => text["Error.Forbidden"],
            StatusCodes.Status404NotFound => text["Error.NotFound"],
            _ => text["Error.BadRequest"],
        };
        // Written as JSON whatever the Accept header says: a browser opening an /api address reads it too.
        return TypedResults.Problem(title: title.Value, statusCode: code).ExecuteAsync(context);
    }

    /// <summary>
    /// Expected failures that surface as exceptions from the data layer become ProblemDetails
    /// with a message a person understands: a stale edit is a 409, a write outside the user's
    /// scope a 403. A database that cannot be reached is a 503 with Retry-After (the request may
    /// simply be repeated), never a 500; pages get the same words and reload themselves.
    /// </summary>
    private static async Task WriteProblemAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (status, title) = error switch
        {
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, text["Error.Conflict"].Value),
            DbUpdateException unique when unique.IsUniqueViolation() => (StatusCodes.Status409Conflict, text["Error.Duplicate"].Value),
            DbUpdateException missing when missing.IsForeignKeyViolation() => (StatusCodes.Status400BadRequest,
                missing.ForeignKeyField() is { } field ? text["Error.UnknownReference", field].Value : text["Error.UnknownReferenceAny"].Value),
            BadHttpRequestException bad => (bad.StatusCode, RequestBodies.FieldOf(bad) is { } field ? text["Error.BadField", field].Value : text["Error.BadRequest"].Value),
            { } unstorable when unstorable.IsUnstorableText() => (StatusCodes.Status400BadRequest, text["Error.BadCharacter"].Value),
            BadQueryException query => (StatusCodes.Status400BadRequest, text["Error.BadQuery", query.Name].Value),
            ArgumentOutOfRangeException calendar when RequestBodies.IsCalendarOverflow(calendar) =>
                (StatusCodes.Status400BadRequest, RequestBodies.ExtremeDateParameter(context.Request.Query) is { } name
                    ? text["Error.BadQuery", name].Value : text["Error.DateOutOfRange"].Value),
            ScopeViolationException => (StatusCodes.Status403Forbidden, text["Error.OutOfScope"].Value),
            DisabledUnitException => (StatusCodes.Status400BadRequest, text["Error.UnitDisabled"].Value),
            { } away when away.IsDatabaseUnavailable() => (StatusCodes.Status503ServiceUnavailable, text["Error.DatabaseUnavailable"].Value),
            InvalidOperationException bad when UnreadableQueryParameter(bad) is { } name =>
                (StatusCodes.Status400BadRequest, text["Error.BadQuery", context.Request.Query.Keys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name].Value),
            _ => (StatusCodes.Status500InternalServerError, text["Error.Unexpected"].Value),
        };
        context.Response.StatusCode = status;
        var traceId = Telemetry.TraceId(context);
        if (status != StatusCodes.Status500InternalServerError)
        {
            // What the user was told, and the exception behind it (EF Core's concurrency message says nothing more).
            OutcomeLog.Explain(context, error is DbUpdateConcurrencyException
                ? $"{title} ({error.GetType().Name})"
                : $"{title} ({error?.GetType().Name}: {error?.GetBaseException().Message})");
        }
        else
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(OutcomeLog.Category).LogError(
                error, "{Method} {Path} failed unexpectedly (trace {TraceId})", context.Request.Method, context.Request.Path.Value, traceId);
            if (error is not null)
            {
                System.Diagnostics.Activity.Current?.AddException(error).SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = status == StatusCodes.Status500InternalServerError ? text["Error.TraceId", traceId].Value : null,
            },
        };

        // A browser asking for a page accepts no JSON problem writer: give it a plain page instead.
        if (!await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            // An unexpected error is numbered for the person who saw it to tell the administrator.
            var number = status == StatusCodes.Status500InternalServerError
                ? $"<p id=\"trace-id\">{System.Net.WebUtility.HtmlEncode(text["Error.TraceId", traceId])}</p>"
                : "";
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{status}</title>{(status == StatusCodes.Status503ServiceUnavailable ? $"<meta http-equiv=\"refresh\" content=\"{RetryAfterSeconds}\">" : "")}<body style=\"font-family:sans-serif;padding:2rem\"><h1>{status}</h1><p>{System.Net.WebUtility.HtmlEncode(title)}</p>{number}<p><a href=\"/\">首页 / Home</a></p></body></html>");
        }
    }

    /// <summary>
    /// The parameter a page could not read from the address (Blazor throws "Cannot parse the
    /// value 'x' as type 'T' for 'Name'." while supplying [SupplyParameterFromQuery] values: an
    /// edited or truncated link, e.g. ?deadlineFrom=2023-13-40), or null for any other error.
    /// Every page's query parameters are covered here at once, rather than each page parsing text.
    /// </summary>
    private static string? UnreadableQueryParameter(InvalidOperationException e) =>
        e.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) == true
            && QueryParseFailure().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot parse the value '.*' as type '.*' for '(\w+)'\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex QueryParseFailure();
}
