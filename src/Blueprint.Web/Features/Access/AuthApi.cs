using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

public sealed record LoginInput(string UserName, string Password);

public sealed record MeDto(int? UserId, string? UserName, int? UnitId, DataScope? Scope, string[] Roles);

/// <summary>Cookie sign-in for API clients and scripts (the pages use the login form).</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Access");

        group.MapPost("/login", async Task<Results<NoContent, ProblemHttpResult>> (
            LoginInput input, SignInManager<User> signIn, SignInThrottle throttle, BlueprintDb db, HttpContext http, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            if (throttle.IsLimited(http, input.UserName))
            {
                http.Response.Headers.RetryAfter = "60";
                return TypedResults.Problem(title: t["Login.TooMany"], statusCode: StatusCodes.Status429TooManyRequests);
            }

            var result = await signIn.PasswordSignInAsync(input.UserName, input.Password, isPersistent: false, lockoutOnFailure: true);
            await SignInLog.RecordAsync(db, result, input.UserName ?? "", http, ct);
            if (!result.Succeeded)
            {
                throttle.Failed(http, input.UserName);
            }

            return result.Succeeded ? TypedResults.NoContent()
                : result.IsLockedOut ? TypedResults.Problem(t["Login.LockedOut"], statusCode: StatusCodes.Status423Locked)
                : result.IsNotAllowed ? TypedResults.Problem(t["Login.NotAllowed"], statusCode: StatusCodes.Status401Unauthorized)
                : TypedResults.Problem(t["Login.Failed"], statusCode: StatusCodes.Status401Unauthorized);
        });

        group.MapPost("/logout", async (SignInManager<User> signIn, BlueprintDb db, HttpContext http, CancellationToken ct) =>
        {
            await SignInLog.RecordSignOutAsync(db, http, ct);
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization();

        group.MapPost("/password", async Task<Results<NoContent, ValidationProblem>> (
            PasswordChangeInput input, HttpContext http, BlueprintDb db, UserManager<User> users, SignInManager<User> signIn, IStringLocalizer<SharedResource> t) =>
        {
            var errors = await new PasswordChange(db, users, signIn, t).ChangeAsync(http, input);
            return errors.Count == 0 ? TypedResults.NoContent() : Problems.Invalid(errors);
        }).RequireAuthorization();

        group.MapGet("/me", (CurrentUser user) => TypedResults.Ok(new MeDto(
            user.UserId, user.UserName, user.UnitId, user.Scope,
            user.Principal?.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToArray() ?? [])))
            .RequireAuthorization();
        return group;
    }
}
