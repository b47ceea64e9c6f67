using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

public sealed record PasswordChangeInput(string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

/// <summary>
/// A user chooses their own password: always allowed for oneself, required after an initial or
/// reset password (<see cref="PasswordGate"/>). On success the sign-in is renewed without the
/// gate's claim. The page and POST /api/auth/password both call this.
/// </summary>
public sealed class PasswordChange(BlueprintDb db, UserManager<User> users, SignInManager<User> signIn, IStringLocalizer<SharedResource> t)
{
    /// <summary>Field errors (empty on success), already in the user's language.</summary>
    public async Task<Dictionary<string, string[]>> ChangeAsync(HttpContext http, PasswordChangeInput input)
    {
        var check = new Validation(t)
            .Require(!string.IsNullOrEmpty(input.CurrentPassword), "currentPassword", "Password.CurrentRequired")
            .Require(!string.IsNullOrEmpty(input.NewPassword), "newPassword", "Password.NewRequired")
            .Require(input.ConfirmPassword is null || input.ConfirmPassword == input.NewPassword, "confirmPassword", "Password.Mismatch")
            .Require(input.NewPassword != input.CurrentPassword, "newPassword", "Password.SameAsCurrent");
        if (!check.IsValid)
        {
            return check.Errors;
        }

        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return new() { ["currentPassword"] = [t["Error.NotFound"]] };
        }

        var result = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
        if (!result.Succeeded)
        {
            return new()
            {
                [result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? "currentPassword" : "newPassword"] =
                    result.Errors.Select(e => Describe(e)).Distinct().ToArray(),
            };
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        await SignInLog.RecordAsync(db, SignInKind.PasswordChanged, user.Id, user.UserName!, http, http.RequestAborted);
        return [];
    }

    /// <summary>Identity's own messages are English; the ones a user can meet here are ours in Chinese.</summary>
    private string Describe(IdentityError e)
    {
        var text = t[$"Password.Error.{e.Code}"];
        return text.ResourceNotFound ? e.Description : text.Value;
    }
}
