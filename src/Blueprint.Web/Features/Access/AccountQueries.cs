using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Access;

/// <summary>One account in the administrators' lists. <see cref="Version"/> is the stamp an edit sends back; no password, hash or stamp of the password is ever in it.</summary>
public sealed record AccountRow(
    int Id, string UserName, string DisplayName, int UnitId, string UnitName, string? Phone, string? Email,
    string[] Roles, DataScope Scope, bool IsDisabled, bool MustChangePassword, bool IsLockedOut, string? Version);

/// <summary>A new account or a reset: the row and the one-time password, shown once.</summary>
public sealed record AccountPasswordDto(AccountRow Account, string InitialPassword);

/// <summary>The list's filters: words of the user name or display name, a unit, a role, a status (enabled, disabled, locked).</summary>
public sealed record AccountFilter(string? Q = null, int? UnitId = null, string? Role = null, string? Status = null);

public static class AccountQueries
{
    public static async Task<IQueryable<Access.User>> FilteredAsync(BlueprintDb db, AccountFilter f, DateTime nowUtc, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            query = query.Where(u => u.UserName!.Contains(q) || u.DisplayName.Contains(q));
        }

        query = f.UnitId is { } unitId ? query.Where(u => u.UnitId == unitId) : query;
        if (!string.IsNullOrWhiteSpace(f.Role))
        {
            var roleIds = db.Roles.Where(r => r.Name == f.Role).Select(r => r.Id);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)));
        }

        return f.Status switch
        {
            "enabled" => query.Where(u => !u.IsDisabled),
            "disabled" => query.Where(u => u.IsDisabled),
            "locked" => await LockedAsync(query, nowUtc, ct),
            _ => query,
        };
    }

    /// <summary>
    /// Accounts locked out now. SQLite cannot compare a DateTimeOffset in SQL (the query failed
    /// with 500), so the few accounts that carry a lock-out end are compared here.
    /// </summary>
    private static async Task<IQueryable<Access.User>> LockedAsync(IQueryable<Access.User> query, DateTime nowUtc, CancellationToken ct)
    {
        var ends = await query.Where(u => u.LockoutEnd != null).Select(u => new { u.Id, u.LockoutEnd }).ToListAsync(ct);
        var ids = ends.Where(e => e.LockoutEnd > new DateTimeOffset(nowUtc, TimeSpan.Zero)).Select(e => e.Id).ToList();
        return query.Where(u => ids.Contains(u.Id));
    }

    public static async Task<Page<AccountRow>> PageAsync(BlueprintDb db, AccountFilter f, DateTime nowUtc, int? page, int? pageSize, CancellationToken ct)
    {
        var users = await (await FilteredAsync(db, f, nowUtc, ct)).OrderBy(u => u.UnitId).ThenBy(u => u.UserName).ToPageAsync(page, pageSize, ct);
        return new Page<AccountRow>(await RowsAsync(db, users.Items, nowUtc, ct), users.Total, users.PageNumber, users.PageSize);
    }

    public static async Task<List<AccountRow>> ListAsync(BlueprintDb db, AccountFilter f, DateTime nowUtc, CancellationToken ct) =>
        await RowsAsync(db, await (await FilteredAsync(db, f, nowUtc, ct)).OrderBy(u => u.UnitId).ThenBy(u => u.UserName).ToListAsync(ct), nowUtc, ct);

    public static async Task<AccountRow?> FindAsync(BlueprintDb db, int id, DateTime nowUtc, CancellationToken ct) =>
        (await RowsAsync(db, await db.Users.AsNoTracking().Where(u => u.Id == id).ToListAsync(ct), nowUtc, ct)).SingleOrDefault();

    private static async Task<List<AccountRow>> RowsAsync(BlueprintDb db, IReadOnlyList<Access.User> users, DateTime nowUtc, CancellationToken ct)
    {
        var ids = users.Select(u => u.Id).ToList();
        var unitIds = users.Select(u => u.UnitId).Distinct().ToList();
        var roles = (await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            where ids.Contains(ur.UserId)
                            select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name!);
        var units = await db.Set<Unit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return users.Select(u => new AccountRow(
            u.Id, u.UserName!, u.DisplayName, u.UnitId, units.GetValueOrDefault(u.UnitId, ""), u.PhoneNumber, u.Email,
            roles[u.Id].Order(StringComparer.Ordinal).ToArray(), u.Scope, u.IsDisabled, u.MustChangePassword,
            u.LockoutEnd is { } end && end.UtcDateTime > nowUtc, u.ConcurrencyStamp)).ToList();
    }

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) => XlsxColumn.Texts(
        t["AccountAdmin.Col.UserName"], t["AccountAdmin.Col.DisplayName"], t["AccountAdmin.Col.Unit"], t["AccountAdmin.Col.Phone"],
        t["AccountAdmin.Col.Email"], t["AccountAdmin.Col.Roles"], t["AccountAdmin.Col.Scope"], t["AccountAdmin.Col.Status"]);

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<AccountRow> rows, IStringLocalizer<SharedResource> t) =>
        rows.Select(a => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["AccountAdmin.Col.UserName"]] = a.UserName,
            [t["AccountAdmin.Col.DisplayName"]] = a.DisplayName,
            [t["AccountAdmin.Col.Unit"]] = a.UnitName,
            [t["AccountAdmin.Col.Phone"]] = a.Phone,
            [t["AccountAdmin.Col.Email"]] = a.Email,
            [t["AccountAdmin.Col.Roles"]] = string.Join("、", a.Roles.Select(r => t[$"Role.{r}"].Value)),
            [t["AccountAdmin.Col.Scope"]] = t[$"Scope.{a.Scope}"].Value,
            [t["AccountAdmin.Col.Status"]] = Status(a, t),
        });

    public static string Status(AccountRow a, IStringLocalizer<SharedResource> t) =>
        a.IsDisabled ? t["AccountAdmin.Status.Disabled"]
        : a.IsLockedOut ? t["AccountAdmin.Status.Locked"]
        : a.MustChangePassword ? t["AccountAdmin.Status.Initial"]
        : t["AccountAdmin.Status.Enabled"];
}
