using System.Security.Cryptography.X509Certificates;
using Blueprint.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// Data-protection keys (what signs and encrypts the sign-in cookie, antiforgery tokens and
/// one-time links) live in the database, not in one machine's home folder, so every node
/// behind a load balancer reads what any other wrote. The application name is fixed, so nodes
/// installed in different folders still share one purpose. With
/// <c>Blueprint:DataProtection:Certificate</c> (a .pfx path) and its <c>…:CertificatePassword</c>
/// the keys are encrypted at rest with that certificate; without, the database's own access
/// control protects them (decision 0017).
/// </summary>
public static class SharedKeys
{
    public static IServiceCollection AddSharedKeys(this IServiceCollection services, IConfiguration config)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName("Blueprint")
            .PersistKeysToDbContext<BlueprintDb>();
        if (config["Blueprint:DataProtection:Certificate"] is { Length: > 0 } path)
        {
            builder.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, config["Blueprint:DataProtection:CertificatePassword"]));
        }

        return services;
    }
}
