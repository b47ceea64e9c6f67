using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// No cross-site writes through the API (decision 0032). A page on another origin (a sibling
/// site, another port of the same host) can make the browser send the sign-in cookie with a
/// "simple" request: a form post or <c>fetch(..., {mode:'no-cors', credentials:'include'})</c>
/// with a form, multipart or text body. It cannot add a custom header without a CORS preflight,
/// which this server never grants. So every state-changing /api request that a signed-in
/// cookie authenticates must carry <see cref="Header"/> (any value; the product's scripts and
/// the tests send <see cref="Value"/>), else 400 with a ProblemDetails. The pages' forms are
/// covered by the antiforgery token instead (Blazor forms, /account/logout).
/// </summary>
public static class CrossSiteWrites
{
    public const string Header = "X-Requested-With";
    public const string Value = "Blueprint";

    public static IApplicationBuilder UseCrossSiteWriteCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && !HttpMethods.IsTrace(request.Method)
            && request.Path.StartsWithSegments("/api")
            && http.User.Identity?.IsAuthenticated == true
            && string.IsNullOrWhiteSpace(request.Headers[Header]))
        {
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await TypedResults.Problem(title: t["Error.CrossSite"], statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        await next(http);
    });
}
