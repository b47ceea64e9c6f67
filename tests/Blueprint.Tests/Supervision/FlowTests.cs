using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using static Blueprint.Tests.Supervision.FlowClient;

namespace Blueprint.Tests.Supervision;

/// <summary>The whole flow through the API on both databases, with its history and inbox entries.</summary>
public sealed class FlowTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_item_goes_from_push_back_through_extension_and_a_returned_closure_to_closed(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("supervision.office");
        var anyue = await app.LoginAsync("anyue.reporter");
        var lezhi = await app.LoginAsync("lezhi.reporter");
        var anyueUnit = await UnitIdAsync(app, DemoUnits.Anyue);
        var lezhiUnit = await UnitIdAsync(app, DemoUnits.Lezhi);
        var officeUser = await UserIdAsync(app, "supervision.office");
        var anyueUser = await UserIdAsync(app, "anyue.reporter");

        var item = await CreateAsync(office, Input(CaseNumber("flow", provider), anyueUnit, lezhiUnit));
        var id = item.Item.Id;
        Assert.Equal((SupervisionStatus.Assigned, new DateOnly(2090, 6, 30)), (item.Item.Status, item.Item.OriginalDeadline!.Value));

        // The lead unit asks for a rewording; the office is told, and may not be skipped.
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(anyue, id, new(SupervisionAction.PushBack, "请修改", item.Item.Version))).StatusCode);
        item = await DoAsync(anyue, id, new(SupervisionAction.PushBack, "交办内容涉及市级部门职责，请调整表述。", item.Item.Version, SupervisionPushBackKind.Reword));
        Assert.Equal(SupervisionStatus.PushedBack, item.Item.Status);
        var pushBack = item.Steps[^1];
        Assert.Equal(SupervisionPushBackKind.Reword, pushBack.PushBackKind);
        Assert.Contains((officeUser, NotificationKind.General), await NotificationsOfStepAsync(app, pushBack.Id));

        // The office rewords and assigns again; the unit accepts.
        item = await DoAsync(office, id, new(SupervisionAction.Reword, "已按意见调整表述。", item.Item.Version, Title: item.Item.Title + "（调整后）"));
        Assert.Equal(SupervisionStatus.Assigned, item.Item.Status);
        Assert.EndsWith("（调整后）", item.Item.Title, StringComparison.Ordinal);
        item = await DoAsync(anyue, id, new(SupervisionAction.Accept, null, item.Item.Version));
        Assert.Equal(SupervisionStatus.Accepted, item.Item.Status);

        // A cooperating unit reports without moving the status; the lead unit's feedback starts the work.
        item = await DoAsync(lezhi, id, new(SupervisionAction.Feedback, "乐至县已完成配合部分的资料收集。", 0));
        Assert.Equal(SupervisionStatus.Accepted, item.Item.Status);
        item = await DoAsync(anyue, id, new(SupervisionAction.Feedback, "已完成方案编制，正在组织实施。", item.Item.Version));
        Assert.Equal(SupervisionStatus.InProgress, item.Item.Status);
        Assert.Equal([lezhiUnit, anyueUnit], item.Feedback.Select(f => f.UnitId));

        // Extension: one request at a time; approved, the deadline moves and the first one is kept.
        item = await DoAsync(anyue, id, new(SupervisionAction.RequestExtension, "受汛期影响，申请延期。", item.Item.Version, RequestedDeadline: new DateOnly(2090, 9, 30)));
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(anyue, id, new(SupervisionAction.RequestExtension, "再次申请", item.Item.Version, RequestedDeadline: new DateOnly(2090, 10, 30)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(anyue, id, new(SupervisionAction.ApproveExtension, null, item.Item.Version))).StatusCode);
        item = await DoAsync(office, id, new(SupervisionAction.ApproveExtension, "同意。", item.Item.Version));
        Assert.Equal((new DateOnly(2090, 9, 30), new DateOnly(2090, 6, 30)), (item.Item.Deadline, item.Item.OriginalDeadline!.Value));
        Assert.Equal(ExtensionStatus.Approved, item.Extensions.Single().Status);
        Assert.Contains((anyueUser, NotificationKind.ExtensionAnswered), await NotificationsOfStepAsync(app, item.Steps[^1].Id));

        // Closure requested, returned with a comment, requested again and closed.
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(office, id, new(SupervisionAction.Close, null, item.Item.Version))).StatusCode);
        item = await DoAsync(anyue, id, new(SupervisionAction.RequestClosure, "已完成，申请办结。", item.Item.Version));
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(office, id, new(SupervisionAction.ReturnClosure, " ", item.Item.Version))).StatusCode);
        item = await DoAsync(office, id, new(SupervisionAction.ReturnClosure, "请补充验收材料。", item.Item.Version));
        Assert.Equal(SupervisionStatus.InProgress, item.Item.Status);
        Assert.Contains((anyueUser, NotificationKind.Returned), await NotificationsOfStepAsync(app, item.Steps[^1].Id));
        item = await DoAsync(anyue, id, new(SupervisionAction.RequestClosure, "已补充验收材料。", item.Item.Version));
        item = await DoAsync(office, id, new(SupervisionAction.Close, "同意办结。", item.Item.Version));
        Assert.Equal(SupervisionStatus.Closed, item.Item.Status);
        Assert.NotNull(item.Item.ClosedAtUtc);
        Assert.Contains((anyueUser, NotificationKind.Approved), await NotificationsOfStepAsync(app, item.Steps[^1].Id));
        Assert.Empty(item.AllowedActions);

        // The history holds every step in order, each with its actor.
        SupervisionStepKind[] expected =
        [
            SupervisionStepKind.Assigned, SupervisionStepKind.PushedBack, SupervisionStepKind.Reworded, SupervisionStepKind.Accepted,
            SupervisionStepKind.Feedback, SupervisionStepKind.Feedback, SupervisionStepKind.ExtensionRequested, SupervisionStepKind.ExtensionApproved,
            SupervisionStepKind.ClosureRequested, SupervisionStepKind.ClosureReturned, SupervisionStepKind.ClosureRequested, SupervisionStepKind.Closed,
        ];
        var history = (await GetAsync(office, id)).Steps;
        Assert.Equal(expected, history.Select(s => s.Kind));
        Assert.Equal(["市委市政府督查室", "安岳县填报员", "市委市政府督查室", "安岳县填报员", "乐至县填报员", "安岳县填报员"], history.Take(6).Select(s => s.ActorName));
        Assert.Equal("请补充验收材料。", history[9].Comment);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.AtUtc <= p.Second.AtUtc));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_office_accepts_an_explanation_and_the_item_closes(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("supervision.office");
        var anyue = await app.LoginAsync("anyue.reporter");
        var item = await CreateAsync(office, Input(CaseNumber("explain", provider), await UnitIdAsync(app, DemoUnits.Anyue)));

        item = await DoAsync(anyue, item.Item.Id, new(SupervisionAction.PushBack, "该事项已于去年完成，不属于问题。", item.Item.Version, SupervisionPushBackKind.ExplanationOnly));
        Assert.Equal([SupervisionAction.Reword, SupervisionAction.AcceptExplanation, SupervisionAction.Insist], (await GetAsync(office, item.Item.Id)).AllowedActions);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(office, item.Item.Id, new(SupervisionAction.AcceptExplanation, null, item.Item.Version))).StatusCode);
        item = await DoAsync(office, item.Item.Id, new(SupervisionAction.AcceptExplanation, "情况属实，采纳说明。", item.Item.Version));

        Assert.Equal(SupervisionStatus.Closed, item.Item.Status);
        Assert.Equal(SupervisionStepKind.ExplanationAccepted, item.Steps[^1].Kind);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_stale_action_is_a_conflict_and_changes_nothing(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var office = await app.LoginAsync("supervision.office");
        var anyue = await app.LoginAsync("anyue.reporter");
        var item = await CreateAsync(office, Input(CaseNumber("stale-act", provider), await UnitIdAsync(app, DemoUnits.Anyue)));
        var seen = item.Item.Version;

        // The office edits the item while the unit still has the old page open.
        var edit = await office.PutAsJsonAsync($"/api/supervision-items/{item.Item.Id}", Input(item.Item.CaseNumber, item.Item.UnitId) with { Title = "调整后的事项", Version = seen }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        var stale = await ActAsync(anyue, item.Item.Id, new(SupervisionAction.Accept, null, seen));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var after = await GetAsync(office, item.Item.Id);
        Assert.Equal(SupervisionStatus.Assigned, after.Item.Status);
        Assert.DoesNotContain(after.Steps, s => s.Kind == SupervisionStepKind.Accepted);
    }
}
