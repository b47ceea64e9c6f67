using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Components.Account;

/// <summary>Logout and the language switch: plain endpoints the layout's forms and links call.</summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", SignOutAsync).ExcludeFromDescription();

        app.MapGet("/culture/{name}", SetCulture).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A POST with an antiforgery token, so that a page on another site cannot sign the user
    /// out. The check is explicit: the antiforgery middleware only rejects requests for
    /// endpoints that bind a form, and this one binds nothing.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(
        HttpContext http, IAntiforgery antiforgery, SignInManager<User> signIn, BlueprintDb db, IStringLocalizer<SharedResource> text)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: text["Error.Antiforgery"]);
        }

        await SignInLog.RecordSignOutAsync(db, http, http.RequestAborted);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    /// <summary>Remembers the chosen language in the cookie that the request localization reads.</summary>
    private static Results<RedirectHttpResult, ProblemHttpResult> SetCulture(
        string name, string? returnUrl, HttpContext http, IStringLocalizer<SharedResource> text)
    {
        var culture = InfrastructureSetup.Cultures.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (culture is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: text["Error.UnknownLanguage"]);
        }

        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", Secure = http.Request.IsHttps });
        return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }
}
