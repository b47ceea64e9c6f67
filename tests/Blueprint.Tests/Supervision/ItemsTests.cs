using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Supervision.FlowClient;

namespace Blueprint.Tests.Supervision;

/// <summary>Registering and editing items, and who sees them: the lead unit's scope, plus the cooperating units.</summary>
public sealed class ItemsTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Only_the_offices_register_items_and_the_form_explains_what_is_wrong(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var anyueUnit = await UnitIdAsync(app, DemoUnits.Anyue);
        var anyue = await app.LoginAsync("anyue.reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await anyue.PostAsJsonAsync("/api/supervision-items", Input(CaseNumber("unit", provider), anyueUnit), ct)).StatusCode);

        // The project office registers too; without a case number one is given.
        var projectOffice = await app.LoginAsync("project.office");
        var auto = await CreateAsync(projectOffice, Input(CaseNumber("po", provider), anyueUnit) with { CaseNumber = null });
        Assert.Matches(@"^DB-\d{4}-\d{4}$", auto.Item.CaseNumber);
        Assert.Equal(SupervisionStepKind.Assigned, auto.Steps.Single().Kind);

        var office = await app.LoginAsync("supervision.office");
        // A deadline left at its default (0001-01-01) is no date of the city's calendar: refused at once, the field named (issue 17).
        var noDeadline = await office.PostAsJsonAsync("/api/supervision-items", Input(CaseNumber("nd", provider), anyueUnit) with { Deadline = default }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noDeadline.StatusCode);
        Assert.Contains("deadline", await noDeadline.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);

        var bad = Input(auto.Item.CaseNumber, anyueUnit, anyueUnit) with { Title = " " };
        var response = await office.PostAsJsonAsync("/api/supervision-items", bad, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors");
        Assert.Equal("牵头单位不能同时作为配合单位。", errors.GetProperty("cooperatingUnitIds")[0].GetString());
        Assert.Contains("已存在", errors.GetProperty("caseNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("title", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_stale_edit_is_a_conflict(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var lezhiUnit = await UnitIdAsync(app, DemoUnits.Lezhi);
        var item = await CreateAsync(office, Input(CaseNumber("edit", provider), await UnitIdAsync(app, DemoUnits.Anyue)));
        var seen = item.Item.Version;

        var first = await office.PutAsJsonAsync($"/api/supervision-items/{item.Item.Id}",
            Input(item.Item.CaseNumber, item.Item.UnitId, lezhiUnit) with { Title = "第一次修改", Deadline = new DateOnly(2090, 7, 31), Version = seen }, ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var edited = (await first.Content.ReadFromJsonAsync<SupervisionDetailDto>(ct))!;
        Assert.Equal(("第一次修改", new DateOnly(2090, 7, 31), new DateOnly(2090, 7, 31)), (edited.Item.Title, edited.Item.Deadline, edited.Item.OriginalDeadline!.Value));
        Assert.Equal([lezhiUnit], edited.CooperatingUnits.Select(u => u.Id));
        Assert.Equal(SupervisionStepKind.Edited, edited.Steps[^1].Kind);

        var stale = await office.PutAsJsonAsync($"/api/supervision-items/{item.Item.Id}", Input(item.Item.CaseNumber, item.Item.UnitId) with { Title = "过期的修改", Version = seen }, ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("第一次修改", (await GetAsync(office, item.Item.Id)).Item.Title);

        // A unit may not edit its item's facts.
        var anyue = await app.LoginAsync("anyue.reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await anyue.PutAsJsonAsync($"/api/supervision-items/{item.Item.Id}", Input(item.Item.CaseNumber, item.Item.UnitId) with { Version = edited.Item.Version }, ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_new_lead_unit_is_told_and_sees_the_item_with_its_whole_history(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var lezhiUnit = await UnitIdAsync(app, DemoUnits.Lezhi);
        var item = await CreateAsync(office, Input(CaseNumber("lead", provider), await UnitIdAsync(app, DemoUnits.Anyue)));

        var moved = await office.PutAsJsonAsync($"/api/supervision-items/{item.Item.Id}",
            Input(item.Item.CaseNumber, lezhiUnit) with { Version = item.Item.Version }, ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var lezhi = await app.LoginAsync("lezhi.reporter");
        var notices = await lezhi.GetFromJsonAsync<Page<Blueprint.Web.Features.Notifications.NotificationDto>>("/api/notifications?pageSize=100", ct);
        Assert.Contains(notices!.Items, n => n.Link == $"/supervision/{item.Item.Id}" && n.Title.Contains("改由你单位牵头", StringComparison.Ordinal));
        var seen = await GetAsync(lezhi, item.Item.Id);
        Assert.Equal([SupervisionStepKind.Assigned, SupervisionStepKind.Edited], seen.Steps.Select(s => s.Kind));

        // The former lead unit no longer sees it.
        var anyue = await app.LoginAsync("anyue.reporter");
        Assert.Equal(HttpStatusCode.NotFound, (await anyue.GetAsync($"/api/supervision-items/{item.Item.Id}", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_cooperating_unit_sees_and_answers_its_items_and_nothing_else(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var lezhiUnit = await UnitIdAsync(app, DemoUnits.Lezhi);
        var yanjiang = await UnitIdAsync(app, DemoUnits.Yanjiang);
        var shared = await CreateAsync(office, Input(CaseNumber("co", provider), yanjiang, lezhiUnit));
        var unrelated = await CreateAsync(office, Input(CaseNumber("other", provider), yanjiang));
        var lezhi = await app.LoginAsync("lezhi.reporter");
        var anyue = await app.LoginAsync("anyue.reporter");

        // 乐至 cooperates on the first item: it sees it, in the cooperating list, and may answer.
        var seen = await GetAsync(lezhi, shared.Item.Id);
        Assert.Equal(SupervisionActor.Cooperating, seen.Actor);
        var cooperating = await lezhi.GetFromJsonAsync<Page<SupervisionItemDto>>($"/api/supervision-items?cooperating=true&q={shared.Item.CaseNumber}", ct);
        Assert.Equal([shared.Item.Id], cooperating!.Items.Select(i => i.Id));
        var leading = await lezhi.GetFromJsonAsync<Page<SupervisionItemDto>>($"/api/supervision-items?q={shared.Item.CaseNumber}", ct);
        Assert.Empty(leading!.Items);

        // Only the lead unit accepts; the cooperating unit waits, then reports.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(lezhi, shared.Item.Id, new(SupervisionAction.Accept, null, shared.Item.Version))).StatusCode);
        await SeedAcceptAsync(app, shared.Item.Id);
        var after = await DoAsync(lezhi, shared.Item.Id, new(SupervisionAction.Feedback, "乐至县配合完成用地预审。", 0));
        Assert.Equal(lezhiUnit, after.Feedback.Single().UnitId);
        Assert.Equal([SupervisionAction.Feedback], after.AllowedActions);

        // An item it does not cooperate on does not exist for it, nor do either for 安岳.
        Assert.Equal(HttpStatusCode.NotFound, (await lezhi.GetAsync($"/api/supervision-items/{unrelated.Item.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(lezhi, unrelated.Item.Id, new(SupervisionAction.Feedback, "越权反馈", 0))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyue.GetAsync($"/api/supervision-items/{shared.Item.Id}", ct)).StatusCode);
        var anyueCooperating = await anyue.GetFromJsonAsync<Page<SupervisionItemDto>>($"/api/supervision-items?cooperating=true&q={shared.Item.CaseNumber}", ct);
        Assert.Empty(anyueCooperating!.Items);
    }

    /// <summary>沿江's lead unit has no demo account: the acceptance is recorded as the system would.</summary>
    private static async Task SeedAcceptAsync(TestApp app, int id)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var item = await db.Set<SupervisionItem>().SingleAsync(i => i.Id == id, TestContext.Current.CancellationToken);
        item.Status = SupervisionStatus.Accepted;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
