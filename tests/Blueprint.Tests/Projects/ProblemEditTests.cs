using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;

namespace Blueprint.Tests.Projects;

public sealed class ProblemEditTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_edit_cannot_close_a_problem_only_an_answer_can(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var unitId = units!.Single(u => u.Code == "ZY-LZ").Id;
        var created = await (await office.PostAsJsonAsync("/api/problems", new { title = "征地拆迁未完成", unitId, status = 1, answer = "已解决" }, ct))
            .Content.ReadFromJsonAsync<ProblemDto>(ct);
        Assert.Equal(ProblemStatus.Open, created!.Status);

        // Status and answer sent with an edit are not part of an edit.
        var edited = await (await office.PutAsJsonAsync($"/api/problems/{created.Id}", new { title = "征地拆迁未完成（已上报）", unitId, status = 1, answer = "已解决", version = created.Version }, ct))
            .Content.ReadFromJsonAsync<ProblemDto>(ct);
        Assert.Equal((ProblemStatus.Open, (string?)null, (DateTime?)null), (edited!.Status, edited.Answer, edited.ClosedAtUtc));

        // The answer closes it, and says how.
        var refused = await office.PostAsJsonAsync($"/api/problems/{created.Id}/answer", new ProblemAnswerInput(ProblemStatus.Resolved, " ", edited.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var answered = await (await office.PostAsJsonAsync($"/api/problems/{created.Id}/answer", new ProblemAnswerInput(ProblemStatus.Resolved, "经市领导协调已完成征地", edited.Version), ct))
            .Content.ReadFromJsonAsync<ProblemDto>(ct);
        Assert.Equal(ProblemStatus.Resolved, answered!.Status);
        Assert.NotNull(answered.ClosedAtUtc);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_description_or_coordinating_leader_longer_than_its_column_is_refused_by_field_and_nothing_is_saved(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var unitId = units!.Single(u => u.Code == "ZY-LZ").Id;
        var created = await (await office.PostAsJsonAsync("/api/problems", new { title = "协调领导字段长度测试", unitId }, ct))
            .Content.ReadFromJsonAsync<ProblemDto>(ct);

        // A database refused these with a 500 (PostgreSQL: value too long for character varying(100)); now a 400 names the field.
        var tooLongLeader = await office.PutAsJsonAsync($"/api/problems/{created!.Id}",
            new { title = "协调领导字段长度测试", unitId, coordinatingLeader = new string('字', 101), version = created.Version }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLongLeader.StatusCode);
        Assert.Contains("coordinatingLeader", await tooLongLeader.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var tooLongText = await office.PostAsJsonAsync("/api/problems", new { title = "描述字段长度测试", unitId, description = new string('字', 4001) }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLongText.StatusCode);
        Assert.Contains("description", await tooLongText.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var unchanged = await office.GetFromJsonAsync<ProblemDto>($"/api/problems/{created.Id}", ct);
        Assert.Equal((created.Version, (string?)null), (unchanged!.Version, unchanged.CoordinatingLeader));
        var leader = await office.PutAsJsonAsync($"/api/problems/{created.Id}",
            new { title = "协调领导字段长度测试", unitId, coordinatingLeader = new string('字', 100), version = created.Version }, ct);
        Assert.Equal(HttpStatusCode.OK, leader.StatusCode);
    }
}
