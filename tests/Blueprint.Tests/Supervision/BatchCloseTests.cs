using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Supervision.FlowClient;

namespace Blueprint.Tests.Supervision;

/// <summary>
/// 批量办结 (issue 14 item 7): the office closes several items in one request, each judged by
/// the single close's rule and answered on its own — closed with its history step, audit row and
/// notice to the lead unit, or refused (not waiting for closure, changed since the list was read,
/// gone) and left as it was. Through the API and through the list page's form.
/// </summary>
public sealed partial class BatchCloseTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Several_items_are_closed_in_one_request_and_the_others_refused_each_with_its_reason(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var anyue = await app.LoginAsync("anyue.reporter");
        var anyueUser = await UserIdAsync(app, "anyue.reporter");
        var tag = $"{(int)provider}{Guid.NewGuid():N}"[..7];

        // Three items whose closure 安岳 asked for, one still in progress.
        var a = await ClosureRequestedAsync(app, office, anyue, provider, $"T-bclose-{tag}-1");
        var b = await ClosureRequestedAsync(app, office, anyue, provider, $"T-bclose-{tag}-2");
        var stale = await ClosureRequestedAsync(app, office, anyue, provider, $"T-bclose-{tag}-3");
        var working = await InProgressAsync(app, office, anyue, provider, $"T-bclose-{tag}-4");

        SupervisionBatchItem[] items =
        [
            new(a.Item.Id, a.Item.Version), new(b.Item.Id, b.Item.Version), new(stale.Item.Id, stale.Item.Version - 1),
            new(working.Item.Id, working.Item.Version), new(-5, 1),
        ];
        var results = await ReadAsync<List<SupervisionBatchResult>>(
            await office.PostAsJsonAsync("/api/supervision-items/batch-close", new SupervisionBatchCloseInput([.. items], "已核实，同意办结。"), ct));

        Assert.Equal(items.Select(i => i.Id), results.Select(r => r.Id));
        Assert.Equal([true, true, false, false, false], results.Select(r => r.Succeeded));
        Assert.Equal([SupervisionStatus.Closed, SupervisionStatus.Closed, SupervisionStatus.ClosureRequested, SupervisionStatus.InProgress, null],
            results.Select(r => r.Status));
        Assert.Equal("该记录已被他人修改，请刷新后重试。", results[2].Message);
        Assert.Equal("事项当前状态下不能执行此操作，请刷新后查看。", results[3].Message);
        Assert.Equal("未找到该记录，或它不在您的数据范围内。", results[4].Message);
        Assert.All(results.Where(r => r.Succeeded), r => Assert.Null(r.Message));

        // Each closed item as the single close leaves it: closed, its step with the office's comment, the lead unit told, audited.
        var officeUser = await UserIdAsync(app, "supervision.office");
        foreach (var closed in new[] { a, b })
        {
            var now = await GetAsync(office, closed.Item.Id);
            Assert.Equal(SupervisionStatus.Closed, now.Item.Status);
            Assert.NotNull(now.Item.ClosedAtUtc);
            Assert.Equal(closed.Item.Version + 1, now.Item.Version);
            var step = now.Steps[^1];
            Assert.Equal((SupervisionStepKind.Closed, officeUser, "已核实，同意办结。"), (step.Kind, step.ActorId!.Value, step.Comment));
            Assert.Equal(closed.Steps.Count + 1, now.Steps.Count);
            Assert.Contains((anyueUser, NotificationKind.Approved), await NotificationsOfStepAsync(app, step.Id));
            Assert.Equal(1, await OfficeUpdatesAsync(app, closed.Item.Id));
        }

        // The refused ones are as they were: no step, no notice, no audited change.
        foreach (var (before, status) in new[] { (stale, SupervisionStatus.ClosureRequested), (working, SupervisionStatus.InProgress) })
        {
            var now = await GetAsync(office, before.Item.Id);
            Assert.Equal((status, before.Item.Version, before.Steps.Count), (now.Item.Status, now.Item.Version, now.Steps.Count));
            Assert.Null(now.Item.ClosedAtUtc);
            Assert.Equal(0, await OfficeUpdatesAsync(app, before.Item.Id));
        }

        // Only who may close one item may close many: the lead unit's reporter is turned away, nothing changes.
        var mine = new SupervisionBatchCloseInput([new(stale.Item.Id, stale.Item.Version)], null);
        Assert.Equal(HttpStatusCode.Forbidden, (await anyue.PostAsJsonAsync("/api/supervision-items/batch-close", mine, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("leader")).PostAsJsonAsync("/api/supervision-items/batch-close", mine, ct)).StatusCode);
        Assert.Equal(SupervisionStatus.ClosureRequested, (await GetAsync(office, stale.Item.Id)).Item.Status);

        // The project office closes items as the supervision office does: the stale one, with its version now.
        var projectOffice = await app.LoginAsync("project.office");
        var last = await ReadAsync<List<SupervisionBatchResult>>(await projectOffice.PostAsJsonAsync("/api/supervision-items/batch-close", mine, ct));
        Assert.Equal((true, SupervisionStatus.Closed), (last.Single().Succeeded, last.Single().Status));
        Assert.Contains((anyueUser, NotificationKind.Approved), await NotificationsOfStepAsync(app, (await GetAsync(office, stale.Item.Id)).Steps[^1].Id));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_batch_is_never_empty_oversized_or_repeating(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");

        async Task<string> RefusedAsync(SupervisionBatchCloseInput input)
        {
            var response = await office.PostAsJsonAsync("/api/supervision-items/batch-close", input, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
            return body;
        }

        Assert.Contains("1 至 200 项", await RefusedAsync(new([], null)), StringComparison.Ordinal);
        Assert.Contains("1 至 200 项", await RefusedAsync(new(null, null)), StringComparison.Ordinal);
        Assert.Contains("1 至 200 项", await RefusedAsync(new([.. Enumerable.Range(1, SupervisionBatchClose.MaxBatch + 1).Select(i => new SupervisionBatchItem(-i, 1))], null)), StringComparison.Ordinal);
        Assert.Contains("重复", await RefusedAsync(new([new(-1, 1), new(-1, 2)], null)), StringComparison.Ordinal);
        Assert.Contains("comment", await RefusedAsync(new([new(-1, 1)], new string('长', 2001))), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_office_ticks_items_on_the_list_confirms_and_sees_what_was_closed_and_what_was_refused(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var anyue = await app.LoginAsync("anyue.reporter");
        var tag = $"{(int)provider}{Guid.NewGuid():N}"[..7];
        var first = await ClosureRequestedAsync(app, office, anyue, provider, $"T-bcpage-{tag}-1");
        var second = await ClosureRequestedAsync(app, office, anyue, provider, $"T-bcpage-{tag}-2");
        var working = await InProgressAsync(app, office, anyue, provider, $"T-bcpage-{tag}-3");
        var url = $"/supervision?q=T-bcpage-{tag}";

        // A tick box on each row waiting for closure only, and 全选本页.
        var page = await office.GetStringAsync(url, ct);
        Assert.Contains("id=\"select-all\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"batch-close\"", page, StringComparison.Ordinal);
        Assert.Equal(new[] { $"{first.Item.Id}:{first.Item.Version}", $"{second.Item.Id}:{second.Item.Version}" }.Order(), Picks(page).Order());
        Assert.DoesNotContain($"value=\"{working.Item.Id}:", page, StringComparison.Ordinal);

        // The lead unit sees the same rows without tick boxes.
        var unitPage = await anyue.GetStringAsync(url, ct);
        Assert.Contains($"T-bcpage-{tag}-1", unitPage, StringComparison.Ordinal);
        Assert.Empty(Picks(unitPage));
        Assert.DoesNotContain("id=\"batch-close\"", unitPage, StringComparison.Ordinal);

        // Without the confirmation nothing is closed.
        var fields = new List<KeyValuePair<string, string>>
        {
            new("pick", $"{first.Item.Id}:{first.Item.Version}"),
            new("pick", $"{second.Item.Id}:{second.Item.Version - 1}"),
            new("batch-comment", "材料齐全，同意办结。"),
        };
        var (status, unconfirmed) = await PostAsync(office, url, page, fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("请勾选“我已确认此操作”后再提交。", unconfirmed, StringComparison.Ordinal);
        Assert.Equal(SupervisionStatus.ClosureRequested, (await GetAsync(office, first.Item.Id)).Item.Status);

        // Confirmed: the first closes, the second (read before someone changed it) is refused with the reason.
        fields.Add(new("batch-confirmed", "true"));
        (status, var done) = await PostAsync(office, url, page, fields);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"batch-summary\">已办结 1 项，未办结 1 项</strong>", done, StringComparison.Ordinal);
        Assert.Matches($"<li data-item=\"{second.Item.Id}\">T-bcpage-{tag}-2 [^<]*：该记录已被他人修改，请刷新后重试。</li>", done);
        var closed = await GetAsync(office, first.Item.Id);
        Assert.Equal(SupervisionStatus.Closed, closed.Item.Status);
        Assert.Equal((SupervisionStepKind.Closed, "材料齐全，同意办结。"), (closed.Steps[^1].Kind, closed.Steps[^1].Comment));
        Assert.Contains((await UserIdAsync(app, "anyue.reporter"), NotificationKind.Approved), await NotificationsOfStepAsync(app, closed.Steps[^1].Id));
        Assert.Equal(SupervisionStatus.ClosureRequested, (await GetAsync(office, second.Item.Id)).Item.Status);

        // The list is shown as it is now: only the refused one still has its tick box.
        Assert.Equal([$"{second.Item.Id}:{second.Item.Version}"], Picks(done));
    }

    /// <summary>An item led by 安岳 that 安岳 accepted, worked on and asked to close (deadline in the class's year).</summary>
    private static async Task<SupervisionDetailDto> ClosureRequestedAsync(TestApp app, HttpClient office, HttpClient anyue, DatabaseProvider provider, string caseNumber)
    {
        var item = await InProgressAsync(app, office, anyue, provider, caseNumber);
        return await DoAsync(anyue, item.Item.Id, new(SupervisionAction.RequestClosure, "已完成，申请办结。", item.Item.Version));
    }

    private static async Task<SupervisionDetailDto> InProgressAsync(TestApp app, HttpClient office, HttpClient anyue, DatabaseProvider provider, string caseNumber)
    {
        var year = provider == DatabaseProvider.Sqlite ? 2036 : 2037;
        var input = Input(caseNumber, await UnitIdAsync(app, DemoUnits.Anyue)) with { Deadline = new DateOnly(year, 6, 30) };
        var item = await CreateAsync(office, input);
        item = await DoAsync(anyue, item.Item.Id, new(SupervisionAction.Accept, null, item.Item.Version));
        return await DoAsync(anyue, item.Item.Id, new(SupervisionAction.Feedback, "已按要求完成整改。", item.Item.Version));
    }

    /// <summary>How many changes of the item the supervision office's account made, by the audit log.</summary>
    private static async Task<int> OfficeUpdatesAsync(TestApp app, int itemId)
    {
        using var scope = app.SystemScope();
        var key = itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AuditRecord>()
            .CountAsync(r => r.Entity == nameof(SupervisionItem) && r.EntityKey == key && r.Action == "Update" && r.UserName == "supervision.office");
    }

    private static List<string> Picks(string page) => [.. Pick().Matches(page).Select(m => m.Groups[1].Value)];

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string url, string page, List<KeyValuePair<string, string>> fields)
    {
        var ct = TestContext.Current.CancellationToken;
        List<KeyValuePair<string, string>> form =
        [
            .. fields,
            new("_handler", "batch-close"),
            new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)),
        ];
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }

    [GeneratedRegex("name=\"pick\" value=\"([0-9]+:[0-9]+)\"")]
    private static partial Regex Pick();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
