using Microsoft.AspNetCore.Authorization;

namespace Blueprint.Web.Features.Access;

/// <summary>The named authorization policies, for endpoints and pages alike.</summary>
public static class Policies
{
    /// <summary>
    /// The city's work: any business role, never one of the three administrators (三员分立). They
    /// keep accounts, access and the audit, and neither read nor write business records (decision 0019).
    /// </summary>
    public const string Business = "Business";

    public static AuthorizationBuilder AddBlueprintPolicies(this AuthorizationBuilder builder) =>
        builder.AddPolicy(Business, p => p.RequireRole(Roles.Business));
}
