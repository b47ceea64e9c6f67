using Blueprint.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// Every way a password changes (the user's own change, a reset by the security administrator,
/// the admin commands) passes here: the old hash goes into <see cref="PasswordHistory"/> and
/// every session of the account ends (decision 0032).
/// </summary>
public sealed class BlueprintUserManager(
    IUserStore<User> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<User> passwordHasher,
    IEnumerable<IUserValidator<User>> userValidators, IEnumerable<IPasswordValidator<User>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<User>> logger,
    BlueprintDb db, TimeProvider clock)
    : UserManager<User>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<IdentityResult> ChangePasswordAsync(User user, string currentPassword, string newPassword) =>
        KeepingHistoryAsync(user, () => base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override Task<IdentityResult> ResetPasswordAsync(User user, string token, string newPassword) =>
        KeepingHistoryAsync(user, () => base.ResetPasswordAsync(user, token, newPassword));

    public override Task<IdentityResult> AddPasswordAsync(User user, string password) =>
        KeepingHistoryAsync(user, () => base.AddPasswordAsync(user, password));

    public override Task<IdentityResult> RemovePasswordAsync(User user) =>
        KeepingHistoryAsync(user, () => base.RemovePasswordAsync(user));

    private async Task<IdentityResult> KeepingHistoryAsync(User user, Func<Task<IdentityResult>> change)
    {
        var old = user.PasswordHash;
        var result = await change();
        if (result.Succeeded && user.Id != 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (old is not null)
            {
                db.Add(new PasswordHistory { UserId = user.Id, PasswordHash = old, ReplacedAtUtc = now });
                await db.SaveChangesAsync(CancellationToken);
            }

            await Sessions.EndAllAsync(db, user.Id, SessionEnd.PasswordChanged, now, CancellationToken);
        }

        return result;
    }

    /// <summary>The hashes of the current and the last <paramref name="count"/> − 1 passwords.</summary>
    public async Task<List<string>> RecentHashesAsync(User user, int count)
    {
        var hashes = user.Id == 0 ? [] : await db.Set<PasswordHistory>().AsNoTracking()
            .Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id).Select(h => h.PasswordHash).Take(count - 1).ToListAsync(CancellationToken);
        if (user.PasswordHash is { } current)
        {
            hashes.Insert(0, current);
        }

        return hashes;
    }
}

/// <summary>
/// The password rule (decision 0032): at least 10 characters (Identity's length check), three of
/// the four kinds of character, not containing the account name, not one of the last five.
/// </summary>
public sealed class PasswordRule : IPasswordValidator<User>
{
    public const int MinLength = 10;
    public const int Remembered = 5;

    public async Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success; // Identity's own length check answers
        }

        var errors = new List<IdentityError>();
        var kinds = new[] { password.Any(char.IsUpper), password.Any(char.IsLower), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(k => k);
        if (kinds < 3)
        {
            errors.Add(new IdentityError { Code = "PasswordTooSimple", Description = "Use three of: upper-case, lower-case, digits, other characters." });
        }

        if (user.UserName is { Length: >= 3 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "The password may not contain the account name." });
        }

        if (errors.Count == 0 && manager is BlueprintUserManager users)
        {
            foreach (var hash in await users.RecentHashesAsync(user, Remembered))
            {
                if (manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed)
                {
                    errors.Add(new IdentityError { Code = "PasswordReused", Description = "The password is one of the last five." });
                    break;
                }
            }
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}
