using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Projects;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using static Blueprint.Tests.Supervision.FlowClient;

namespace Blueprint.Tests.Supervision;

/// <summary>
/// 催办 on both databases: the supervision office presses the lead unit with a message, through the
/// API and through the item's page; it stands in the item's history, reaches the lead unit's
/// inbox, leaves the item as it was, and the rankings count it (被催办). Items are due 30 June
/// 2027 (SQLite) / 2028 (PostgreSQL) and led by 乐至, whom no other test presses.
/// </summary>
public sealed class RemindTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_office_presses_an_item_with_a_message_shown_in_its_history_sent_to_the_lead_unit_and_ranked(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var lead = await app.LoginAsync("lezhi.reporter");
        var lezhi = await UnitIdAsync(app, DemoUnits.Lezhi);
        var deadline = new DateOnly(provider == DatabaseProvider.Sqlite ? 2027 : 2028, 6, 30);
        var created = await CreateAsync(office, Input(CaseNumber("remind", provider), lezhi) with { Deadline = deadline });
        var id = created.Item.Id;
        var today = CityTime.Today(TimeProvider.System);
        var ranking = $"/api/supervision/rankings?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        var before = await RemindedAsync(office, ranking, lezhi);

        // Only the office presses, and with a message.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(lead, id, new(SupervisionAction.Remind, "请加快", created.Item.Version))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(office, id, new(SupervisionAction.Remind, " ", created.Item.Version))).StatusCode);

        // Through the API: in the history with its message; the item is still waiting for the unit.
        var item = await DoAsync(office, id, new(SupervisionAction.Remind, "请于本周五前签收并报送推进计划。", created.Item.Version));
        var step = item.Steps[^1];
        Assert.Equal((SupervisionStepKind.Reminded, "请于本周五前签收并报送推进计划。", "市委市政府督查室"), (step.Kind, step.Comment, step.ActorName));
        Assert.Equal(SupervisionStatus.Assigned, item.Item.Status);
        Assert.Contains(SupervisionAction.Remind, item.AllowedActions);

        // The lead unit is told, with the message.
        var told = await NotificationsOfStepAsync(app, step.Id);
        Assert.Contains((await UserIdAsync(app, "lezhi.reporter"), NotificationKind.Reminder), told);
        var officeUser = await UserIdAsync(app, "supervision.office");
        Assert.DoesNotContain(told, n => n.UserId == officeUser);
        var inbox = await lead.GetStringAsync("/inbox", ct);
        Assert.Contains("请于本周五前签收并报送推进计划。", inbox, StringComparison.Ordinal);

        // Through the page: the office's 催办 form on the item, then the history shows both.
        var page = await office.GetStringAsync($"/supervision/{id}", ct);
        Assert.Contains("id=\"action-Remind\"", page, StringComparison.Ordinal);
        var after = await LateReportTests.PostFormAsync(office, $"/supervision/{id}", "act-Remind", new()
        {
            ["Act.Action"] = "Remind",
            ["Act.Comment"] = "第二次催办：逾期将通报。",
            ["Act.Version"] = item.Item.Version.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Contains("第二次催办：逾期将通报。", after, StringComparison.Ordinal);
        Assert.Equal([SupervisionStepKind.Reminded, SupervisionStepKind.Reminded], (await GetAsync(office, id)).Steps.Where(s => s.Kind == SupervisionStepKind.Reminded).Select(s => s.Kind));

        // The rankings count the two, on the API and on the page.
        Assert.Equal(before + 2, await RemindedAsync(office, ranking, lezhi));
        Assert.Contains("被催办", await office.GetStringAsync($"/supervision/rankings?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", ct), StringComparison.Ordinal);
    }

    private static async Task<int> RemindedAsync(HttpClient client, string url, int unitId) =>
        (await client.GetFromJsonAsync<RankingReport>(url, TestContext.Current.CancellationToken))!.Units
            .SingleOrDefault(u => u.UnitId == unitId)?.RemindedCount ?? 0;
}
