using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Access;

public static class AccessSetup
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddIdentity<User, Role>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<BlueprintDb>()
            .AddDefaultTokenProviders()
            .AddSignInManager<BlueprintSignInManager>()
            .AddClaimsPrincipalFactory<BlueprintClaimsFactory>();
        // Each sign-in cookie is checked against the account once a minute: a changed role,
        // scope or unit is in the claims from then on, and a disabled account or reset
        // password (new security stamp) ends the session.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "blueprint.auth";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);

            // The API answers 401/403 instead of redirecting to the login page.
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder().AddBlueprintPolicies();
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Puts the user's unit, its tree path and the data scope into the sign-in cookie.</summary>
public sealed class BlueprintClaimsFactory(
    UserManager<User> users, RoleManager<Role> roles, IOptions<IdentityOptions> options, BlueprintDb db)
    : UserClaimsPrincipalFactory<User, Role>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var unit = await db.Set<Unit>().AsNoTracking().SingleAsync(u => u.Id == user.UnitId);
        identity.AddClaim(new Claim(CurrentUser.UnitClaim, unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(CurrentUser.UnitPathClaim, unit.Path));
        identity.AddClaim(new Claim(CurrentUser.ScopeClaim, user.Scope.ToString()));
        identity.AddClaim(new Claim("bp:display", user.DisplayName));
        identity.AddClaim(new Claim("bp:unit_name", unit.Name));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(PasswordGate.Claim, "true"));
        }

        return identity;
    }
}
