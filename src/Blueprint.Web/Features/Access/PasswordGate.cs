using Blueprint.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// An account signed in with an initial or reset password may do one thing: choose its own.
/// Pages redirect to the change form; the API answers 403 saying why. Signing out, the
/// language switch and the assets the form needs stay open.
/// </summary>
public static class PasswordGate
{
    public const string Claim = "bp:must_change_password";
    public const string FormPath = "/account/password";

    private static readonly string[] Open = [FormPath, "/account/logout", "/api/auth/", "/culture/", "/_framework/", "/_content/", "/css/", "/js/", "/lib/", "/favicon"];

    public static IApplicationBuilder UsePasswordGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path.Value ?? "/";
        if (http.User.HasClaim(c => c.Type == Claim) && !Open.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            {
                var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                await TypedResults.Problem(title: t["Password.MustChange"], statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
                return;
            }

            http.Response.Redirect(FormPath);
            return;
        }

        await next(http);
    });
}
