using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Web.Features.Demo;

/// <summary>
/// Loads the demo city, 资阳, written from the 2023 municipal work conference
/// (shared/context/ziyang-2023-work-conference.txt). Deterministic: the same data every time.
/// </summary>
public sealed class DemoCitySeeder(BlueprintDb db, UserManager<User> users, RoleManager<Role> roles)
{
    public async Task<string> SeedAsync()
    {
        var units = new DemoUnits();
        await units.SeedAsync(db);
        await DemoAccounts.SeedAsync(users, roles, units);
        var content = await new DemoContent(db, units).SeedAsync();
        return $"loaded the demo city 资阳: {units.All.Count} units, {DemoAccounts.All.Count} accounts, {content}.";
    }
}
