using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;

namespace Blueprint.Tests.Data;

public sealed class ConcurrencyTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Two_concurrent_edits_of_one_record_give_the_second_a_409(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var other = await app.LoginAsync("project.office");

        var units = await office.GetFromJsonAsync<List<Blueprint.Web.Features.Units.UnitDto>>("/api/units", ct);
        var unitId = units!.Single(u => u.Code == "ZY-LZ").Id;
        var created = await office.PostAsJsonAsync("/api/projects", NewProject($"CC-{provider}", unitId), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = (await created.Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;

        // Both users opened the record at the same version.
        var first = await office.PutAsJsonAsync($"/api/projects/{project.Id}", NewProject(project.Code, unitId) with { Name = "第一位用户的修改", Version = project.Version }, ct);
        var second = await other.PutAsJsonAsync($"/api/projects/{project.Id}", NewProject(project.Code, unitId) with { Name = "第二位用户的修改", Version = project.Version }, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadAsStringAsync(ct);
        Assert.Contains("已被他人修改", problem, StringComparison.Ordinal);

        var stored = await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{project.Id}", ct);
        Assert.Equal("第一位用户的修改", stored!.Name);
        Assert.Equal(project.Version + 1, stored.Version);
    }

    internal static KeyProjectInput NewProject(string code, int unitId) => new(
        code, "乐至县城区路网改造工程", unitId, "县政府县长", ProjectCategory.Infrastructure, ProjectStage.Planning,
        null, ChainLink.None, "乐至县", 1_234_567_890_123, new DateOnly(2024, 3, 1), new DateOnly(2025, 12, 31), null, null, null, null);
}
