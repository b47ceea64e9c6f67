using System.Net;
using System.Net.Http.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Two web nodes on one database, each with its own in-memory state, as behind a load balancer:
/// a sign-in made on one is honoured by the other, for reads and writes, because the key ring is
/// in the database (and no key material ever reaches the audit log).
/// </summary>
public sealed class SharedKeysTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_cookie_from_one_node_reads_and_writes_on_another(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.StartAsync(provider);
        await using var second = first.AnotherNode();

        var signIn = await first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false })
            .PostAsJsonAsync("/api/auth/login", new LoginInput("project.office", DemoAccounts.Password), ct);
        signIn.EnsureSuccessStatusCode();
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var other = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        other.DefaultRequestHeaders.Add("Cookie", cookie);
        var me = await other.GetFromJsonAsync<MeDto>("/api/auth/me", ct);
        Assert.Equal("project.office", me!.UserName);
        var units = await other.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var problem = new ProblemInput("另一节点写入的问题", null, ProblemKind.Funds, units!.Single(u => u.Code == DemoUnits.Lezhi).Id, null, null, null, 0);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/problems", problem, ct)).StatusCode);

        // A forged cookie is still refused: sharing keys is not accepting anything.
        var stranger = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        stranger.DefaultRequestHeaders.Add("Cookie", "blueprint.auth=CfDJ8forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/auth/me", ct)).StatusCode);

        using var scope = first.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync(ct));
        Assert.False(await db.Set<AuditRecord>().AnyAsync(a => a.Entity == "DataProtectionKey" || (a.After != null && a.After.Contains("<key ")), ct));
    }
}
