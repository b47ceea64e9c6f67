using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Demo;

/// <summary>One demo account per role. Listed in README.md and printed on first start.</summary>
public static class DemoAccounts
{
    public const string Password = "Ziyang@2024";

    public sealed record Account(string UserName, string DisplayName, string Role, string UnitCode, DataScope Scope);

    public static readonly IReadOnlyList<Account> All =
    [
        new("leader", "市领导", Roles.Leader, DemoUnits.City, DataScope.All),
        new("project.office", "市发改委重点项目办", Roles.ProjectOffice, DemoUnits.Development, DataScope.All),
        new("supervision.office", "市委市政府督查室", Roles.SupervisionOffice, DemoUnits.SupervisionOffice, DataScope.All),
        new("anyue.reporter", "安岳县填报员", Roles.UnitReporter, DemoUnits.Anyue, DataScope.UnitAndBelow),
        new("anyue.leader", "安岳县分管领导", Roles.UnitLeader, DemoUnits.Anyue, DataScope.UnitAndBelow),
        new("lezhi.reporter", "乐至县填报员", Roles.UnitReporter, DemoUnits.Lezhi, DataScope.UnitAndBelow),
        new("sysadmin", "系统管理员", Roles.SystemAdmin, DemoUnits.City, DataScope.All),
        new("secadmin", "安全保密管理员", Roles.SecurityAdmin, DemoUnits.City, DataScope.OwnUnit),
        new("auditadmin", "安全审计员", Roles.AuditAdmin, DemoUnits.City, DataScope.All),
    ];

    public static async Task SeedAsync(UserManager<User> users, RoleManager<Role> roles, DemoUnits units)
    {
        await AccountSeeding.EnsureRolesAsync(roles);
        foreach (var a in All)
        {
            var user = new User { UserName = a.UserName, DisplayName = a.DisplayName, UnitId = units[a.UnitCode].Id, Scope = a.Scope };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {a.UserName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, a.Role);
        }
    }

    /// <summary>Whether this database holds the demo city: its city unit and its project office account.</summary>
    public static async Task<bool> IsLoadedAsync(BlueprintDb db) =>
        await db.Set<Features.Units.Unit>().AnyAsync(u => u.Code == DemoUnits.City)
        && await db.Users.AnyAsync(u => u.NormalizedUserName == "PROJECT.OFFICE");

    public static void Print(TextWriter output)
    {
        output.WriteLine($"演示账号 / demo accounts (password {Password}):");
        foreach (var a in All)
        {
            output.WriteLine($"  {a.UserName,-20} {a.Role,-18} {a.DisplayName}");
        }
    }
}
