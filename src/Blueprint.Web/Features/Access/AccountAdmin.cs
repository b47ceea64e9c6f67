using System.Text.RegularExpressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

/// <summary>What the system administrator types for an account; <see cref="Version"/> is the stamp they saw (null for a new one).</summary>
public sealed record AccountInput(string? UserName, string? DisplayName, int UnitId, string? Phone, string? Email, string? Version);

/// <summary>Disable or enable: the stamp the administrator saw.</summary>
public sealed record AccountVersionInput(string? Version);

/// <summary>A new account and its one-time initial password, shown once and never stored in clear.</summary>
public sealed record CreatedAccount(User User, string InitialPassword);

/// <summary>
/// 用户管理: the system administrator opens, edits, disables and enables accounts. Roles and
/// data scope are not given here but by the security administrator (<see cref="AccountSecurity"/>),
/// so no one person can both create an account and empower it (三员分立). A new account gets
/// a generated password that must be changed at first sign-in.
/// </summary>
public sealed partial class AccountAdmin(BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public const string Keepers = Roles.SystemAdmin;

    private bool CanKeep => db.CurrentUser.IsSystem || db.CurrentUser.IsInRole(Keepers);

    public async Task<StepOutcome<CreatedAccount>> CreateAsync(AccountInput input, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var check = await ValidateAsync(null, input, ct);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var user = NewUser(input, clock.GetUtcNow().UtcDateTime);
        var password = InitialPassword.New();
        var result = await users.CreateAsync(user, password);
        return result.Succeeded ? new CreatedAccount(user, password) : Failed(result);
    }

    /// <summary>A new account as both the form and the batch open it: no role, its own unit's data, the password to be changed first.</summary>
    internal static User NewUser(AccountInput input, DateTime nowUtc) => new()
    {
        UserName = input.UserName!.Trim(),
        DisplayName = input.DisplayName!.Trim(),
        UnitId = input.UnitId,
        PhoneNumber = Blank(input.Phone),
        Email = Blank(input.Email),
        Scope = DataScope.OwnUnit,
        MustChangePassword = true,
        CreatedAtUtc = nowUtc,
    };

    public async Task<StepOutcome<User>> UpdateAsync(int id, AccountInput input, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var user = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return Refusal.NotFound;
        }

        var check = await ValidateAsync(id, input, ct);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        if (user.ConcurrencyStamp != input.Version)
        {
            return Refusal.Conflict("Error.Conflict");
        }

        user.UserName = input.UserName!.Trim();
        user.DisplayName = input.DisplayName!.Trim();
        user.UnitId = input.UnitId;
        user.PhoneNumber = Blank(input.Phone);
        user.Email = Blank(input.Email);
        var result = await users.UpdateAsync(user);
        return result.Succeeded ? user : Failed(result);
    }

    /// <summary>
    /// Disables or enables an account. Disabling changes its security stamp, which ends every
    /// session it holds at the cookie's next check. Nobody disables their own account, and the
    /// last enabled holder of an administrator role stays enabled: the city would be locked out.
    /// </summary>
    public async Task<StepOutcome<User>> SetDisabledAsync(int id, bool disabled, string? version, CancellationToken ct)
    {
        if (!CanKeep)
        {
            return Refusal.Forbidden();
        }

        var user = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return Refusal.NotFound;
        }

        if (user.ConcurrencyStamp != version)
        {
            return Refusal.Conflict("Error.Conflict");
        }

        if (disabled && user.Id == db.CurrentUser.UserId)
        {
            return Refusal.Conflict("AccountAdmin.NotYourself");
        }

        if (disabled && await IsLastAdministratorAsync(users, user, await users.GetRolesAsync(user)))
        {
            return Refusal.Conflict("AccountAdmin.LastAdministrator");
        }

        if (!disabled && await db.Set<Unit>().AnyAsync(u => u.Id == user.UnitId && u.IsDisabled, ct))
        {
            return Refusal.Conflict("AccountAdmin.UnitDisabled");
        }

        user.IsDisabled = disabled;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && disabled)
        {
            result = await users.UpdateSecurityStampAsync(user);
            await Sessions.EndAllAsync(db, user.Id, SessionEnd.AccountDisabled, clock.GetUtcNow().UtcDateTime, ct);
        }

        return result.Succeeded ? user : Failed(result);
    }

    /// <summary>
    /// Whether the enabled <paramref name="user"/> is the last enabled holder of one of the
    /// administrator <paramref name="roles"/>: disabling them, or taking that role, would leave
    /// the duty to nobody and the city ungovernable (三员 cannot be re-created from the web).
    /// </summary>
    internal static async Task<bool> IsLastAdministratorAsync(UserManager<User> users, User user, IEnumerable<string> roles)
    {
        if (user.IsDisabled)
        {
            return false;
        }

        foreach (var role in roles.Where(Roles.IsAdministrator))
        {
            var holders = await users.GetUsersInRoleAsync(role);
            if (!holders.Any(h => !h.IsDisabled && h.Id != user.Id))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<Validation> ValidateAsync(int? id, AccountInput input, CancellationToken ct)
    {
        var userName = input.UserName?.Trim() ?? "";
        var normalized = users.NormalizeName(userName);
        var unit = await db.Set<Unit>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == input.UnitId, ct);
        var current = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => (int?)u.UnitId).SingleOrDefaultAsync(ct);
        return new Validation(t)
            .Require(UserNamePattern().IsMatch(userName), "userName", "AccountAdmin.UserNameInvalid")
            .Require(!await db.Users.AnyAsync(u => u.NormalizedUserName == normalized && u.Id != (id ?? 0), ct), "userName", "AccountAdmin.UserNameTaken", userName)
            .Require(input.DisplayName?.Trim() is { Length: > 0 and <= 100 }, "displayName", "AccountAdmin.DisplayNameRequired")
            .Require(unit is not null, "unitId", "AccountAdmin.UnitRequired")
            // An account may stay in a unit disabled since, but no new one is put there.
            .Require(unit is null || !unit.IsDisabled || unit.Id == current, "unitId", "AccountAdmin.UnitDisabled")
            .Require(string.IsNullOrWhiteSpace(input.Phone) || PhonePattern().IsMatch(input.Phone.Trim()), "phone", "AccountAdmin.PhoneInvalid")
            .Require(string.IsNullOrWhiteSpace(input.Email) || EmailPattern().IsMatch(input.Email.Trim()), "email", "AccountAdmin.EmailInvalid")
            .Require((input.Email?.Trim().Length ?? 0) <= 256, "email", "Field.TooLong", 256);
    }

    private static Refusal Failed(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
            ? Refusal.Conflict("Error.Conflict")
            : Refusal.Invalid(new() { ["userName"] = result.Errors.Select(e => e.Description).ToArray() });

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")]
    internal static partial Regex UserNamePattern();

    [GeneratedRegex(@"^[0-9+\-() ]{5,20}$")]
    internal static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    internal static partial Regex EmailPattern();
}
