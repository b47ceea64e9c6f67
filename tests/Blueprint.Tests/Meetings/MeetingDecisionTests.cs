using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Meetings;

public sealed class MeetingDecisionTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_decision_becomes_a_supervision_item_and_the_meeting_shows_its_status(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var reporter = await app.LoginAsync("anyue.reporter");
        var units = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.ToDictionary(u => u.Code, u => u.Id);
        var input = new MeetingInput(new DateOnly(2093, 12, 4), $"测试务虚会 {provider}", 800, 100, 240, "会议纪要", [units["ZY-AY"], units["ZY-LZ"]]);

        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/meetings", input, ct)).StatusCode);
        var invalid = await office.PostAsJsonAsync("/api/meetings", input with { Title = " ", DurationMinutes = -1 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var meeting = await Read<MeetingDto>(await office.PostAsJsonAsync("/api/meetings", input, ct), HttpStatusCode.Created, ct);
        Assert.Equal(["安岳县", "乐至县"], meeting.Units.Select(u => u.Name).ToArray());

        var decision = await Read<DecisionDto>(await office.PostAsJsonAsync($"/api/meetings/{meeting.Id}/decisions",
            new DecisionInput("安岳县城区雨污分流工程6月底前全面完工"), ct), HttpStatusCode.Created, ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"/api/meetings/decisions/{decision.Id}/assign",
            new DecisionAssignInput(units["ZY-AY"], new DateOnly(2094, 6, 30)), ct)).StatusCode);
        var item = await Read<SupervisionItemDto>(await office.PostAsJsonAsync($"/api/meetings/decisions/{decision.Id}/assign",
            new DecisionAssignInput(units["ZY-AY"], new DateOnly(2094, 6, 30), FeedbackCadence.Monthly, null, [units["ZY-AY-ZJJ"]]), ct), HttpStatusCode.Created, ct);
        Assert.Equal((SupervisionSource.MeetingDecision, SupervisionStatus.Assigned, units["ZY-AY"]), (item.Source, item.Status, item.UnitId));
        Assert.Equal("安岳县城区雨污分流工程6月底前全面完工", item.Title);

        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var stored = await db.Set<SupervisionItem>().Include(i => i.CooperatingUnits).SingleAsync(i => i.Id == item.Id, ct);
            Assert.Equal(decision.Id, stored.DecisionId);
            Assert.Equal([units["ZY-AY-ZJJ"]], stored.CooperatingUnits.Select(c => c.UnitId).ToArray());
            Assert.True(await db.Set<SupervisionStep>().AnyAsync(s => s.SupervisionItemId == item.Id && s.Kind == SupervisionStepKind.Assigned, ct));
            Assert.True(await db.Set<Notification>().AnyAsync(n => n.DedupKey != null && n.DedupKey.StartsWith($"sup-assigned:{item.CaseNumber}:"), ct));
        }

        // The meeting lists its decision with the item's case number and status; the unit sees it too.
        var shown = await office.GetFromJsonAsync<MeetingDto>($"/api/meetings/{meeting.Id}", ct);
        Assert.Equal((item.CaseNumber, SupervisionStatus.Assigned), (shown!.Decisions.Single().Items.Single().CaseNumber, shown.Decisions.Single().Items.Single().Status));
        var page = await reporter.GetFromJsonAsync<Blueprint.Web.Infrastructure.Page<MeetingRow>>($"/api/meetings?year=2093&q={Uri.EscapeDataString(provider.ToString())}", ct);
        Assert.Equal(1, page!.Items.Single(m => m.Id == meeting.Id).ItemCount);

        // A decision being supervised cannot be deleted, nor its meeting.
        Assert.Equal(HttpStatusCode.Conflict, (await office.DeleteAsync($"/api/meetings/decisions/{decision.Id}?version={decision.Version}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.DeleteAsync($"/api/meetings/{meeting.Id}?version={shown.Version}", ct)).StatusCode);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }
}
