using System.Security.Cryptography;
using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Blueprint.Web.Features.Portal;

/// <summary>
/// The HTTP rules of the public site under /public: it does not exist unless configured
/// (<c>Blueprint:Portal:Enabled</c>, off by default), and what it serves may be cached by any
/// proxy for five minutes and revalidated by ETag.
/// </summary>
public static class PortalSite
{
    public const string Path = "/public";
    public const string EnabledKey = "Blueprint:Portal:Enabled";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, false);

    public static IApplicationBuilder UsePortalSite(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), site => site.Use(ServeAsync));

    private static async Task WriteNotFoundAsync(HttpContext context, MemoryStream buffer)
    {
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var culture = System.Globalization.CultureInfo.CurrentUICulture.Name;
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = $"<!DOCTYPE html><html lang=\"{culture}\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">"
            + $"<title>{Encode(t["Error.NotFound"])} - {Encode(t["Portal.Brand"])}</title><body style=\"font-family:sans-serif;padding:2rem\">"
            + $"<h1>{Encode(t["Error.NotFound"])}</h1><p id=\"portal-not-found\"><a href=\"{Path}\">{Encode(t["Portal.Back"])}</a></p></body></html>";
        await buffer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(html), context.RequestAborted);
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static async Task ServeAsync(HttpContext context, RequestDelegate next)
    {
        // Checked per request, before any page runs: a disabled portal is indistinguishable from no portal.
        if (!IsEnabled(context.RequestServices.GetRequiredService<IConfiguration>()))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        // The page is buffered so its hash can be the ETag: pages are small, and a hash of the
        // rendered bytes changes exactly when anything shown changes (figures, language, data).
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
            var headers = context.Response.Headers;
            // Nothing on the portal is personal and it has no forms: no cookie may be set on a
            // response a shared cache keeps, and the antiforgery "no-store" does not apply.
            headers.Remove(HeaderNames.SetCookie);
            headers.Remove(HeaderNames.Pragma);
            headers.CacheControl = "public, max-age=300";
            headers.ETag = etag;
            // The language comes from the culture cookie or Accept-Language (InfrastructureSetup).
            headers.Vary = "Accept-Language, Cookie";
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                return;
            }
        }

        if (context.Response.StatusCode == StatusCodes.Status404NotFound && buffer.Length == 0)
        {
            // Blazor leaves the body of a 404 to the status-code pages, whose text is for APIs;
            // a visitor gets a page in their language with the way back.
            await WriteNotFoundAsync(context, buffer);
        }

        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}
