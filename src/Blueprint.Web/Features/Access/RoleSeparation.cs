namespace Blueprint.Web.Features.Access;

/// <summary>
/// 三员分立 (MLPS 2.0 level 3) in one rule: an account holds at most one administrator role,
/// and an administrator holds no business role. Every place that gives roles — the security
/// administrator's page and API, <c>create-admin</c>, the demo — asks this function.
/// </summary>
public static class RoleSeparation
{
    /// <summary>The resource key of the broken rule, or null when the set of roles is allowed.</summary>
    public static string? Check(IReadOnlyCollection<string> roles)
    {
        if (roles.Any(r => !Roles.All.Contains(r)))
        {
            return "Access.RoleUnknown";
        }

        var administrators = roles.Count(Roles.IsAdministrator);
        return administrators > 1 ? "Access.TwoAdministratorRoles"
            : administrators == 1 && roles.Count > 1 ? "Access.AdministratorWithBusinessRole"
            : null;
    }
}
