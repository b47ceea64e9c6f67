using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Access;

/// <summary>
/// Scope says which units' records a user reaches; the role says what they may do there. A
/// city leader sees everything and changes nothing; the administrators do not reach business
/// records at all (三员分立, AccountAdminTests and the authorization matrix).
/// </summary>
public sealed class RoleTests(Apps apps)
{
    [Fact]
    public async Task The_city_leader_reads_everything_and_writes_no_project_problem_or_import()
    {
        const string userName = "leader";
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var client = await app.LoginAsync(userName);
        var units = await client.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var lezhi = units!.Single(u => u.Code == "ZY-LZ").Id;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject($"RO-{userName}", lezhi), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/problems", new { title = "越权", unitId = lezhi }, ct)).StatusCode);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.xlsx" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/imports/progress", upload, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/projects/1/archive", new VersionInput(1), ct)).StatusCode);
    }

    [Fact]
    public async Task A_unit_reporter_cannot_archive_even_an_own_project()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var reporter = await app.LoginAsync("anyue.reporter");
        var units = await reporter.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        // The office puts the county's project into the library; the county only proposes (decision 0018).
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject("RO-ARCHIVE", units!.Single(u => u.Code == "ZY-AY").Id), ct)).StatusCode);
        var office = await app.LoginAsync("project.office");
        var created = await office.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject("RO-ARCHIVE", units!.Single(u => u.Code == "ZY-AY").Id), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.Content.ReadFromJsonAsync<KeyProjectDto>(ct);

        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/projects/{project!.Id}/archive", new VersionInput(project.Version), ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_inbox_is_personal_even_for_users_who_see_all_units(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        int leaderId;
        using (var system = app.SystemScope())
        {
            var db = system.ServiceProvider.GetRequiredService<BlueprintDb>();
            leaderId = await db.Set<User>().Where(u => u.UserName == "leader").Select(u => u.Id).SingleAsync(ct);
            db.Add(new Notification { UserId = leaderId, Kind = NotificationKind.General, Title = $"给市领导的通知 {provider}", CreatedAtUtc = TimeProvider.System.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }

        using var office = await app.UserScopeAsync("project.office");
        Assert.False(await office.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>().AnyAsync(n => n.UserId == leaderId, ct));
        using var leader = await app.UserScopeAsync("leader");
        Assert.True(await leader.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>().AnyAsync(n => n.UserId == leaderId, ct));
    }
}
