using Microsoft.AspNetCore.Identity;

namespace Blueprint.Web.Features.Access;

public static class AccountSeeding
{
    public static async Task EnsureRolesAsync(RoleManager<Role> roles)
    {
        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                var result = await roles.CreateAsync(new Role(name));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Role {name}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
