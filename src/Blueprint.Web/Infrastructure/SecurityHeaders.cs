using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The headers every answer carries (issue 17, decision 0034): a Content-Security-Policy that lets
/// scripts, styles, fonts and connections come only from the product itself (no inline script:
/// the pages have none), no framing, no MIME sniffing, no referrer to other sites, no powerful
/// browser features, no <c>Server</c> banner; over HTTPS (directly or behind the proxy, see
/// <see cref="ReverseProxy"/>) HSTS and <c>Secure</c> cookies.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Style attributes stay allowed (<c>style-src-attr</c>): ECharts writes its tooltips as HTML
    /// with style attributes, and a few bars and tree indents are sized that way. Style elements
    /// and style sheets come from the product only; scripts have no inline exception at all.
    /// </summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar, under /docs) is one page of inline configuration and styles:
    /// it gets inline script and style, and nothing else more than the rest of the product.
    /// </summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string Permissions = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), interest-cohort=()";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        // The antiforgery cookie is Secure over HTTPS like the sign-in cookie (its default is "never").
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // HSTS only over HTTPS, and never for localhost (the ASP.NET default): a developer's
        // http://localhost:5000 keeps working after a visit to an HTTPS deployment.
        app.UseHsts();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs") ? DocsPolicy : Policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = Permissions;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.Remove("Server");
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
