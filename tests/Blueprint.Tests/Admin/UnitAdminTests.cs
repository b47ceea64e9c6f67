using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Admin;

/// <summary>
/// 单位管理 through the API, as the system administrator keeps the tree: create, move a whole
/// subtree, disable bottom-up, refuse new records for a disabled unit, never delete a unit in use.
/// Each test makes its own units (codes tagged per run) under the demo city.
/// </summary>
public sealed class UnitAdminTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_subtree_moves_with_its_paths_and_a_unit_in_use_is_disabled_not_deleted(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync("sysadmin");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var units = await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var city = units!.Single(u => u.Code == "ZY");
        var anyue = units!.Single(u => u.Code == "ZY-AY");

        var zone = await CreateAsync(admin, new UnitInput($"测试园区{tag}", "园区", $"T{tag}", UnitKind.DevelopmentZone, city.Id, 90, null, 0));
        var bureau = await CreateAsync(admin, new UnitInput($"测试局{tag}", null, $"T{tag}-B", UnitKind.Department, zone.Id, 1, null, 0));
        Assert.Equal($"{city.Path}{zone.Id}/", zone.Path);
        Assert.Equal($"{zone.Path}{bureau.Id}/", bureau.Path);

        // Moving the zone under 安岳县 carries the bureau below it.
        var moved = await admin.PutAsJsonAsync($"/api/admin/units/{zone.Id}", new UnitInput(zone.Name, zone.ShortName, zone.Code, zone.Kind, anyue.Id, 90, null, zone.Version), ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var tree = await admin.GetFromJsonAsync<List<UnitAdminRow>>($"/api/admin/units?q=T{tag}", ct);
        Assert.Equal($"{anyue.Path}{zone.Id}/{bureau.Id}/", tree!.Single(u => u.Id == bureau.Id).Path);
        Assert.Contains(tree!, u => u.Id == anyue.Id); // a search keeps the hits' ancestors

        // Under itself or its own child: refused, with the reason on the field.
        var loop = await admin.PutAsJsonAsync($"/api/admin/units/{zone.Id}", new UnitInput(zone.Name, null, zone.Code, zone.Kind, bureau.Id, 90, null, zone.Version + 1), ct);
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Contains("下级", (await loop.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct))!.Errors["parentId"].Single(), StringComparison.Ordinal);
        var duplicate = await admin.PostAsJsonAsync("/api/admin/units", new UnitInput("重复代码", null, $"T{tag}", UnitKind.Department, city.Id, 0, null, 0), ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);

        // The office raises a problem for the bureau: from then on it can only be disabled.
        var office = await app.LoginAsync("project.office");
        var problem = new ProblemInput($"停用前的问题{tag}", null, ProblemKind.Funds, bureau.Id, null, null, null, 0);
        Assert.Equal(HttpStatusCode.Created, (await office.PostAsJsonAsync("/api/problems", problem, ct)).StatusCode);
        var delete = await admin.DeleteAsync($"/api/admin/units/{bureau.Id}?version={bureau.Version}", ct);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);

        // Bottom-up: the zone keeps an enabled unit below it, so it stays enabled.
        var zoneNow = tree!.Single(u => u.Id == zone.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/units/{zone.Id}/disable", new UnitVersionInput(zoneNow.Version), ct)).StatusCode);
        var bureauNow = tree!.Single(u => u.Id == bureau.Id);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/units/{bureau.Id}/disable", new UnitVersionInput(bureauNow.Version), ct)).StatusCode);

        // A disabled unit takes no new record, says why, and is still listed (history names it).
        var refused = await office.PostAsJsonAsync("/api/problems", problem with { Title = $"停用后的问题{tag}" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("已停用", (await refused.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Title, StringComparison.Ordinal);
        Assert.True((await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Id == bureau.Id).IsDisabled);

        // A unit created by mistake, with nothing in it, can be deleted.
        var typo = await CreateAsync(admin, new UnitInput($"误建单位{tag}", null, $"T{tag}-X", UnitKind.Department, city.Id, 0, null, 0));
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/admin/units/{typo.Id}?version={typo.Version}", ct)).StatusCode);

        // The export holds exactly the searched units, the parent by code so that it reads back.
        var bytes = await admin.GetByteArrayAsync($"/api/admin/units/xlsx?q=T{tag}", ct);
        var rows = ExcelFiles.Read(bytes);
        var row = rows.Single(r => (string?)r["单位代码"] == $"T{tag}-B");
        Assert.Equal($"T{tag}", row["上级单位代码"]);
        Assert.Equal("已停用", row["状态"]);
        Assert.DoesNotContain(rows, r => (string?)r["单位代码"] == $"T{tag}-X");
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_data_scope_follows_a_unit_that_moves_to_another_parent(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync("sysadmin");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var city = (await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY");
        var oldParent = await CreateAsync(admin, new UnitInput($"旧上级{tag}", null, $"T{tag}-O", UnitKind.County, city.Id, 91, null, 0));
        var newParent = await CreateAsync(admin, new UnitInput($"新上级{tag}", null, $"T{tag}-N", UnitKind.County, city.Id, 92, null, 0));
        var child = await CreateAsync(admin, new UnitInput($"移动局{tag}", null, $"T{tag}-C", UnitKind.Department, oldParent.Id, 1, null, 0));

        // A record of the child, and a reporter over each parent and everything below it.
        var office = await app.LoginAsync("project.office");
        var created = await office.PostAsJsonAsync("/api/problems", new ProblemInput($"移动前的问题{tag}", null, ProblemKind.Funds, child.Id, null, null, null, 0), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var problem = (await created.Content.ReadFromJsonAsync<ProblemDto>(ct))!;
        using (var scope = app.SystemScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            foreach (var (name, unitId) in new[] { ($"old.{tag}", oldParent.Id), ($"new.{tag}", newParent.Id) })
            {
                var user = new User { UserName = name, DisplayName = name, UnitId = unitId, Scope = DataScope.UnitAndBelow };
                Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, Roles.UnitReporter)).Succeeded);
            }
        }

        var oldSide = await app.LoginAsync($"old.{tag}");
        var newSide = await app.LoginAsync($"new.{tag}");
        Assert.Equal(HttpStatusCode.OK, (await oldSide.GetAsync($"/api/problems/{problem.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await newSide.GetAsync($"/api/problems/{problem.Id}", ct)).StatusCode);

        var moved = await admin.PutAsJsonAsync($"/api/admin/units/{child.Id}", new UnitInput(child.Name, null, child.Code, child.Kind, newParent.Id, 1, null, child.Version), ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        // The same sessions, signed in before the move: the record went with its unit.
        Assert.Equal(HttpStatusCode.OK, (await newSide.GetAsync($"/api/problems/{problem.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await oldSide.GetAsync($"/api/problems/{problem.Id}", ct)).StatusCode);
    }

    [Theory]
    [InlineData("project.office")]
    [InlineData("secadmin")]
    [InlineData("auditadmin")]
    [InlineData("anyue.reporter")]
    public async Task Only_the_system_administrator_keeps_units(string userName)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var client = await app.LoginAsync(userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/units", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/admin/units", new UnitInput("越权", null, "X-NO", UnitKind.Department, 1, 0, null, 0), ct)).StatusCode);
    }

    private static async Task<UnitAdminDto> CreateAsync(HttpClient admin, UnitInput input)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/units", input, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<UnitAdminDto>(TestContext.Current.CancellationToken))!;
    }
}
