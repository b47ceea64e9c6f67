using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Audit;

/// <summary>
/// The audit trail never holds what would let its reader sign in as someone: password hashes
/// (tested with the account import) and an account's tokens — here an authenticator key.
/// Shared app, an account of its own (tag "auditsecret…").
/// </summary>
public sealed class AuditSecretsTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_accounts_authenticator_key_is_masked_in_the_audit(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var tag = $"auditsecret{Guid.NewGuid():N}"[..24];
        using var scope = app.SystemScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = tag, DisplayName = "审计密钥测试", UnitId = 1, Scope = Blueprint.Web.Infrastructure.DataScope.OwnUnit };
        Assert.True((await users.CreateAsync(user, "Secret@2026x")).Succeeded);
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        var key = await users.GetAuthenticatorKeyAsync(user);
        Assert.False(string.IsNullOrEmpty(key));

        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var records = await db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Entity == "IdentityUserToken`1" || r.Entity == "IdentityUserToken<int>" || r.Entity.StartsWith("IdentityUserToken"))
            .Where(r => r.EntityKey.StartsWith(user.Id + ","))
            .ToListAsync(ct);
        var written = Assert.Single(records, r => r.After is not null && r.After.Contains("AuthenticatorKey", StringComparison.Ordinal));
        Assert.Contains("\"Value\":\"***\"", written.After, StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => (r.After ?? "").Contains(key!, StringComparison.Ordinal) || (r.Before ?? "").Contains(key!, StringComparison.Ordinal));
    }
}
