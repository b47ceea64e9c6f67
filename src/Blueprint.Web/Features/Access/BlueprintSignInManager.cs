using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// A disabled account cannot sign in, whatever its password (Identity then answers "not allowed").
/// An unknown name costs the same password-hash work as a known one, so the answer time does
/// not tell which names exist (decision 0032).
/// </summary>
public sealed class BlueprintSignInManager(
    UserManager<User> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<User>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation)
    : SignInManager<User>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly User Nobody = new() { DisplayName = "", UserName = "nobody" };
    private static string? _nobodysHash;

    public override async Task<bool> CanSignInAsync(User user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // Hashed with the same hasher and settings as every account's password.
            _nobodysHash ??= UserManager.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            UserManager.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysHash, password ?? "");
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }
}
