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
                // The rule itself (three kinds of character, no account name, not one of the last
                // five) is PasswordRule; Identity checks only the length.
                o.Password.RequiredLength = PasswordRule.MinLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<BlueprintDb>()
            .AddDefaultTokenProviders()
            .AddUserManager<BlueprintUserManager>()
            .AddPasswordValidator<PasswordRule>()
            .AddSignInManager<BlueprintSignInManager>()
            .AddClaimsPrincipalFactory<BlueprintClaimsFactory>();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section);
        services.AddTransient(sp => sp.GetRequiredService<IOptions<SessionOptions>>().Value);
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section);
        services.AddSingleton<SignInThrottle>();
        // Every request checks its server-side session (Sessions, decision 0032); besides, the
        // claims are rebuilt from the account once a minute, so a changed unit shows from then on.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = Sessions.KeepKeyOnRefresh;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "blueprint.auth";
            // The cookie outlives no session: the idle and absolute limits are the session's (Sessions).
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnSigningIn = Sessions.OnSigningInAsync;
            o.Events.OnSigningOut = Sessions.OnSigningOutAsync;
            o.Events.OnValidatePrincipal = Sessions.ValidateAsync;

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
