using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

/// <summary>A batch: the accounts opened with their one-time passwords, or the row errors, or a refusal of the whole file.</summary>
public sealed record AccountImportOutcome(IReadOnlyList<IssuedPassword>? Issued, ImportErrors? Errors, ProblemHttpResult? Refusal);

/// <summary>
/// 批量开户: the system administrator opens the accounts of many units from one sheet, all or
/// nothing, under the rules of <see cref="AccountAdmin"/> (user name, unit enabled, phone,
/// e-mail). Each account gets its own one-time password and must change it at first sign-in;
/// the passwords exist only in the answer (decision 0020). No role is given here.
/// </summary>
public sealed class AccountImport(BlueprintDb db, UserManager<User> users, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    /// <summary>Each password is hashed on purpose slowly (PBKDF2): a thousand accounts is a long minute.</summary>
    public const int MaxRows = 1_000;

    public Task<AccountImportOutcome> ImportAsync(byte[] content, CancellationToken ct) =>
        Telemetry.MeasureImportAsync("accounts", () => ReadAndSaveAsync(content, ct), o => o.Issued?.Count);

    private async Task<AccountImportOutcome> ReadAndSaveAsync(byte[] content, CancellationToken ct)
    {
        if (!db.CurrentUser.IsSystem && !db.CurrentUser.IsInRole(AccountAdmin.Keepers))
        {
            return Refuse("Error.Forbidden", StatusCodes.Status403Forbidden);
        }

        var (sheet, early) = SheetImport.Open(content, AccountSheet.SheetName, AccountSheet.Columns, MaxRows, t);
        if (early is not null)
        {
            return new(null, early.Errors, early.Refusal);
        }

        var errors = new ImportErrors(t);
        var accounts = await ParseAsync(sheet!, errors, ct);
        if (errors.Any)
        {
            return new(null, errors, null);
        }

        // Hashing is the slow part; done before the transaction, which then holds its locks
        // only for the inserts. The passwords meet the policy by construction (InitialPassword).
        var now = clock.GetUtcNow().UtcDateTime;
        var opened = accounts.Select(a =>
        {
            var user = AccountAdmin.NewUser(a.Input, now);
            var password = InitialPassword.New();
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            return (User: user, Issued: new IssuedPassword(user.UserName!, user.DisplayName, a.Unit.Code, a.Unit.Name, password));
        }).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var (user, _) in opened)
            {
                // Through the user manager, as for one account: stamps, normalised name, its own checks.
                if (!(await users.CreateAsync(user)).Succeeded)
                {
                    db.ChangeTracker.Clear();
                    return Refuse("AccountImport.Conflict", StatusCodes.Status409Conflict);
                }
            }

            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same user name opened by someone else since the sheet was checked.
            db.ChangeTracker.Clear();
            return Refuse("AccountImport.Conflict", StatusCodes.Status409Conflict);
        }

        return new([.. opened.Select(o => o.Issued)], null, null);
    }

    private async Task<List<(AccountInput Input, Unit Unit)>> ParseAsync(SheetData sheet, ImportErrors errors, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, ct);
        var names = sheet.Rows.Select(r => XlsxCells.Text(r.Cells.GetValueOrDefault(AccountSheet.UserName))).OfType<string>()
            .Select(n => users.NormalizeName(n)).Distinct().ToList();
        var taken = (await db.Users.Where(u => names.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var accounts = new List<(AccountInput, Unit)>(sheet.Rows.Count);
        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var userName = cells.Text(AccountSheet.UserName, required: true);
            if (userName is not null && !AccountAdmin.UserNamePattern().IsMatch(userName))
            {
                cells.Error(AccountSheet.UserName, "AccountAdmin.UserNameInvalid");
            }
            else if (userName is not null && taken.Contains(users.NormalizeName(userName)))
            {
                cells.Error(AccountSheet.UserName, "AccountAdmin.UserNameTaken", userName);
            }
            else if (userName is not null && !firstRow.TryAdd(users.NormalizeName(userName), row.Number))
            {
                cells.Error(AccountSheet.UserName, "AccountImport.UserNameDuplicate", firstRow[users.NormalizeName(userName)]);
            }

            var displayName = cells.Text(AccountSheet.DisplayName, required: true, maxLength: 100);
            var unit = UnitOf(cells, units);
            var phone = cells.Text(AccountSheet.Phone);
            if (phone is not null && !AccountAdmin.PhonePattern().IsMatch(phone))
            {
                cells.Error(AccountSheet.Phone, "AccountAdmin.PhoneInvalid");
            }

            var email = cells.Text(AccountSheet.Email, maxLength: 256);
            if (email is not null && !AccountAdmin.EmailPattern().IsMatch(email))
            {
                cells.Error(AccountSheet.Email, "AccountAdmin.EmailInvalid");
            }

            if (unit is not null)
            {
                accounts.Add((new AccountInput(userName, displayName, unit.Id, phone, email, null), unit));
            }
        }

        return accounts;
    }

    private static Unit? UnitOf(RowReader cells, Dictionary<string, Unit> units)
    {
        var code = cells.Text(AccountSheet.UnitCode, required: true);
        if (code is null)
        {
            return null;
        }

        if (!units.TryGetValue(code, out var unit))
        {
            cells.Error(AccountSheet.UnitCode, "Import.UnitUnknown");
            return null;
        }

        if (unit.IsDisabled)
        {
            // An account is not opened in a unit that takes no new records.
            cells.Error(AccountSheet.UnitCode, "AccountAdmin.UnitDisabled");
            return null;
        }

        return unit;
    }

    private AccountImportOutcome Refuse(string key, int status) => new(null, null, TypedResults.Problem(title: t[key], statusCode: status));
}
