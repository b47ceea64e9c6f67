using Blueprint.Web.Data;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

/// <summary>Roles and data scope for one account, with the stamp the security administrator saw.</summary>
public sealed record AccessInput(List<string>? Roles, DataScope Scope, string? Version);

/// <summary>
/// 角色与权限: the security administrator gives and takes roles and the data scope, unlocks
/// accounts and resets passwords. Nobody changes their own access (no self-promotion), every
/// set of roles passes <see cref="RoleSeparation"/>, and the last enabled holder of an
/// administrator role keeps it (the rule of disabling, <see cref="AccountAdmin"/>).
///
/// A role or scope change and a password reset end every session of the account at once
/// (<see cref="Sessions"/>): the user signs in again with the new access.
/// </summary>
public sealed class AccountSecurity(BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public const string Keepers = Roles.SecurityAdmin;

    private bool CanKeep => db.CurrentUser.IsSystem || db.CurrentUser.IsInRole(Keepers);

    public async Task<StepOutcome<User>> SetAccessAsync(int id, AccessInput input, CancellationToken ct)
    {
        var (user, refusal) = await FindAsync(id, input.Version);
        if (user is null)
        {
            return refusal!;
        }

        var wanted = (input.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        if (RoleSeparation.Check(wanted) is { } broken)
        {
            return Refusal.Invalid(new() { ["roles"] = [t[broken]] });
        }

        if (!Enum.IsDefined(input.Scope))
        {
            return Refusal.Invalid(new() { ["scope"] = [t["Field.InvalidChoice"]] });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await users.GetRolesAsync(user);
        if (await AccountAdmin.IsLastAdministratorAsync(users, user, current.Except(wanted)))
        {
            return Refusal.Conflict("AccountAdmin.LastAdministratorRole");
        }

        var changed = user.Scope != input.Scope || current.Except(wanted).Any() || wanted.Except(current).Any();
        var result = await users.RemoveFromRolesAsync(user, current.Except(wanted));
        result = result.Succeeded ? await users.AddToRolesAsync(user, wanted.Except(current)) : result;
        if (result.Succeeded && user.Scope != input.Scope)
        {
            user.Scope = input.Scope;
            result = await users.UpdateAsync(user);
        }

        if (!result.Succeeded)
        {
            return Refusal.Conflict("Error.Conflict");
        }

        if (changed)
        {
            await Sessions.EndAllAsync(db, user.Id, SessionEnd.AccessChanged, clock.GetUtcNow().UtcDateTime, ct);
        }

        await transaction.CommitAsync(ct);
        return user;
    }

    /// <summary>Ends a lock-out (too many wrong passwords) at once.</summary>
    public async Task<StepOutcome<User>> UnlockAsync(int id, string? version, CancellationToken ct)
    {
        var (user, refusal) = await FindAsync(id, version);
        if (user is null)
        {
            return refusal!;
        }

        var result = await users.SetLockoutEndDateAsync(user, null);
        result = result.Succeeded ? await users.ResetAccessFailedCountAsync(user) : result;
        return result.Succeeded ? user : Refusal.Conflict("Error.Conflict");
    }

    /// <summary>A new one-time password, to be changed at the next sign-in; the old sessions end.</summary>
    public async Task<StepOutcome<CreatedAccount>> ResetPasswordAsync(int id, string? version, CancellationToken ct)
    {
        var (user, refusal) = await FindAsync(id, version);
        if (user is null)
        {
            return refusal!;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var password = InitialPassword.New();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded)
        {
            user.MustChangePassword = true;
            result = await users.UpdateAsync(user);
        }

        if (!result.Succeeded)
        {
            return Refusal.Conflict("Error.Conflict");
        }

        await transaction.CommitAsync(ct);
        return new CreatedAccount(user, password);
    }

    private async Task<(User? User, Refusal? Refusal)> FindAsync(int id, string? version)
    {
        if (!CanKeep)
        {
            return (null, Refusal.Forbidden());
        }

        if (id == db.CurrentUser.UserId)
        {
            return (null, Refusal.Forbidden("AccountSecurity.NotYourself"));
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id);
        return user is null ? (null, Refusal.NotFound)
            : user.ConcurrencyStamp != version ? (null, Refusal.Conflict("Error.Conflict"))
            : (user, null);
    }
}
