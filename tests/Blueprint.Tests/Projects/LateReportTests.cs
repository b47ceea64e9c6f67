using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// A month past its 截止日, on both databases (March 2055 / 2056, due two days ago by the real
/// clock): the window says 已截止; a first submission is refused with one message by the API, the
/// form and the import alike; a report returned for a fix is resubmitted; the office reopens the
/// month for 安岳 with a reason, whose late report is then accepted and marked 迟报; 乐至 stays
/// closed; the on-time ranking counts the late report as late; 一键催报 reaches 乐至, once a day.
/// </summary>
public sealed partial class LateReportTests(Apps apps)
{
    private const long Wan = 10_000;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_month_past_due_takes_late_reports_only_where_reopened_and_counts_them_late(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2055 : 2056;
        var today = CityTime.Today(TimeProvider.System);
        var due = today.AddDays(-2);
        var (window, a1, a2, l1, anyue, lezhi) = await ArrangeAsync(app, year, due, $"LT{(int)provider}{Guid.NewGuid():N}"[..10]);
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");
        var lezhiReporter = await app.LoginAsync("lezhi.reporter");
        var office = await app.LoginAsync("project.office");
        var pastDue = $"{year}年3月的填报已于{due:yyyy-MM-dd}截止";

        // The month page says 已截止, no longer 填报中.
        var page = await reporter.GetStringAsync($"/progress?year={year}&month=3", ct);
        Assert.Contains("已截止", page, StringComparison.Ordinal);
        Assert.DoesNotContain("填报中", page, StringComparison.Ordinal);

        // A draft may still be written; submitting it is refused, with the rule's message.
        var draft = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync("/api/progress-reports", Input(a1, year), ct), HttpStatusCode.Created);
        var refused = await reporter.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/submit", new VersionInput(draft.Version), ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(pastDue, await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // The form: saved, not submitted, and the same words on the page.
        var form = await PostFormAsync(reporter, $"/progress/{a1}/{year}/3", "fill", new()
        {
            ["Fill.ThisMonth"] = "100",
            ["Fill.YearToDate"] = "300",
            ["Fill.SinceStart"] = "900",
            ["Fill.Version"] = draft.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fill.Action"] = "submit",
        });
        Assert.Contains(pastDue, form, StringComparison.Ordinal);
        Assert.Equal(SubmissionStatus.Draft, (await GetAsync(office, draft.Id)).Status);

        // The import's submit path: the same rule, the same words, in the row's 月份 cell.
        var sheet = ExcelFiles.Workbook(ProgressSheet.SheetName, [new()
        {
            [ProgressSheet.Year] = year, [ProgressSheet.Month] = 3, [ProgressSheet.Code] = l1.Code,
            [ProgressSheet.ThisMonth] = 100, [ProgressSheet.YearToDate] = 300, [ProgressSheet.SinceStart] = 900,
        }]);
        var imported = await ExcelFiles.UploadAsync(lezhiReporter, "/api/imports/progress?submit=true", sheet);
        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        var rowError = Assert.Single(await ExcelFiles.RowErrorsAsync(imported));
        Assert.Equal((2, ProgressSheet.Month), (rowError.Row, rowError.Column));
        Assert.Contains(pastDue, rowError.Message, StringComparison.Ordinal);

        // A report submitted in time and returned after the 截止日 goes back without a reopening, on time.
        var returned = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{a2}/return", new ReturnInput(await VersionAsync(office, a2), "形象进度请补充"), ct));
        var resubmitted = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{a2}/submit", new VersionInput(returned.Version), ct));
        Assert.Equal((SubmissionStatus.Submitted, false), (resubmitted.Status, resubmitted.IsLate));

        // Only the office reopens, for a unit, with a reason, once.
        var reopen = $"/api/reporting-windows/{window}/reopenings";
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync(reopen, new ReopeningInput(anyue, "汛期停工"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync(reopen, new ReopeningInput(anyue, " "), ct)).StatusCode);
        var reopening = await ReadAsync<ReopeningDto>(await office.PostAsJsonAsync(reopen, new ReopeningInput(anyue, "汛期停工，资料晚到"), ct), HttpStatusCode.Created);
        Assert.Equal((anyue, "汛期停工，资料晚到", "市发改委重点项目办"), (reopening.UnitId, reopening.Reason, reopening.ReopenedBy));
        var again = await office.PostAsJsonAsync(reopen, new ReopeningInput(anyue, "再次开放"), ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已为安岳县重新开放过", await again.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal([anyue], (await reporter.GetFromJsonAsync<List<ReopeningDto>>(reopen, ct))!.Select(o => o.UnitId));
        Assert.Empty((await lezhiReporter.GetFromJsonAsync<List<ReopeningDto>>(reopen, ct))!);
        Assert.Contains(await NoticesAsync(app, $"/progress?year={year}&month=3"), n => n.Title.Contains("汛期停工，资料晚到", StringComparison.Ordinal));
        Assert.Contains("项目办已为本单位重新开放", await reporter.GetStringAsync($"/progress/{a1}/{year}/3", ct), StringComparison.Ordinal);

        // 安岳's late report goes in now, marked 迟报 in the API and the list; 乐至's still does not.
        var late = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/submit", new VersionInput(await VersionAsync(office, draft.Id)), ct));
        Assert.Equal((SubmissionStatus.Submitted, true), (late.Status, late.IsLate));
        late = await ReadAsync<ProgressReportDto>(await leader.PostAsJsonAsync($"/api/progress-reports/{late.Id}/approve", new VersionInput(late.Version), ct));
        Assert.True(late.IsLate);
        Assert.Contains("迟报", await office.GetStringAsync($"/progress?year={year}&month=3", ct), StringComparison.Ordinal);
        var lezhiDraft = await ReadAsync<ProgressReportDto>(await lezhiReporter.PostAsJsonAsync("/api/progress-reports", Input(l1.Id, year), ct), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await lezhiReporter.PostAsJsonAsync($"/api/progress-reports/{lezhiDraft.Id}/submit", new VersionInput(lezhiDraft.Version), ct)).StatusCode);

        // The on-time ranking: 安岳 1 of 2 on time (the late one counts late), 乐至 0 of 1.
        using (var json = JsonDocument.Parse(await office.GetStringAsync($"/api/cockpit?year={year}&month=3", ct)))
        {
            var rows = json.RootElement.GetProperty("reportingRanking").EnumerateArray()
                .ToDictionary(r => r.GetProperty("unitId").GetInt32(), r => (r.GetProperty("projects").GetInt32(), r.GetProperty("onTime").GetInt32()));
            Assert.Equal((2, 1), rows[anyue]);
            Assert.Equal((1, 0), rows[lezhi]);
        }

        // 一键催报: 乐至 still owes its project and is told, 安岳 has reported; the same day again tells nobody.
        var remind = $"/api/reporting-windows/{window}/remind";
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsync(remind, null, ct)).StatusCode);
        var reminded = await ReadAsync<RemindResult>(await office.PostAsync(remind, null, ct));
        var unit = Assert.Single(reminded.Items);
        Assert.Equal((lezhi, 1), (unit.UnitId, unit.Missing));
        // 乐至's reporters are told: the demo's, and any other test of the shared app may have added one.
        var told = (await NoticesAsync(app, $"/progress?year={year}&month=3")).Where(n => n.Kind == NotificationKind.Reminder).ToList();
        Assert.Equal(unit.Notified, told.Count);
        Assert.Contains(await UserIdAsync(app, "lezhi.reporter"), told.Select(n => n.UserId));
        Assert.Subset(told.Select(n => n.UserId).ToHashSet(), (await ReportersAsync(app, lezhi)).ToHashSet());
        Assert.All(told, n => Assert.Contains("尚有1个项目未报送", n.Title, StringComparison.Ordinal));
        Assert.Equal(0, (await ReadAsync<RemindResult>(await office.PostAsync(remind, null, ct))).Notified);

        // The page's button gives the same answer, unit by unit.
        var button = await PostFormAsync(office, $"/progress?year={year}&month=3", "remind", new() { ["Remind.Go"] = "true" });
        Assert.Contains("今日已催报", button, StringComparison.Ordinal);
        Assert.Equal(told.Count, (await NoticesAsync(app, $"/progress?year={year}&month=3")).Count(n => n.Kind == NotificationKind.Reminder));
    }

    /// <summary>
    /// 撤销重新开放 (April of 2017 / 2018: the March test's on-time ranking counts every project of its year's plan): only the office withdraws, on the page only with its
    /// checkbox; the unit is told and can no longer submit late; the deletion is audited; a reopening
    /// already gone is 404, and one the unit has reported late under is kept (409, with the reason).
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_office_withdraws_a_reopening_until_the_unit_has_reported_late_under_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2017 : 2018;
        var (window, a1, _, l1, anyue, lezhi) = await ArrangeAsync(app, year, CityTime.Today(TimeProvider.System).AddDays(-2),
            $"LW{(int)provider}{Guid.NewGuid():N}"[..10], month: 4);
        var reporter = await app.LoginAsync("anyue.reporter");
        var lezhiReporter = await app.LoginAsync("lezhi.reporter");
        var office = await app.LoginAsync("project.office");
        var reopen = $"/api/reporting-windows/{window}/reopenings";
        var monthPage = $"/progress?year={year}&month=4";
        var forAnyue = await ReadAsync<ReopeningDto>(await office.PostAsJsonAsync(reopen, new ReopeningInput(anyue, "资料晚到"), ct), HttpStatusCode.Created);
        var forLezhi = await ReadAsync<ReopeningDto>(await office.PostAsJsonAsync(reopen, new ReopeningInput(lezhi, "系统故障"), ct), HttpStatusCode.Created);

        // Only the office withdraws; an id that names no reopening of the month is not found.
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.DeleteAsync($"{reopen}/{forAnyue.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.DeleteAsync($"{reopen}/{int.MaxValue}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.DeleteAsync($"/api/reporting-windows/{int.MaxValue}/reopenings/{forLezhi.Id}", ct)).StatusCode);

        // The page: each reopening has its form; without the checkbox nothing is withdrawn.
        var form = $"withdraw-reopening-{forLezhi.Id}";
        Assert.Contains($"id=\"{form}\"", await office.GetStringAsync(monthPage, ct), StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"{form}\"", await reporter.GetStringAsync(monthPage, ct), StringComparison.Ordinal);
        Assert.Contains("请勾选确认后再撤销重新开放", await PostFormAsync(office, monthPage, form, []), StringComparison.Ordinal);
        Assert.Equal([anyue, lezhi], (await office.GetFromJsonAsync<List<ReopeningDto>>(reopen, ct))!.Select(o => o.UnitId).Order());
        var withdrawn = await PostFormAsync(office, monthPage, form, new() { ["confirmed"] = "true" });
        Assert.DoesNotContain($"id=\"{form}\"", withdrawn, StringComparison.Ordinal);
        Assert.Equal([anyue], (await office.GetFromJsonAsync<List<ReopeningDto>>(reopen, ct))!.Select(o => o.UnitId));
        Assert.Equal(HttpStatusCode.NotFound, (await office.DeleteAsync($"{reopen}/{forLezhi.Id}", ct)).StatusCode);

        // 乐至 is told, and its late report is refused again; the deletion is in the audit log.
        var lezhiReporterId = await UserIdAsync(app, "lezhi.reporter");
        Assert.Contains(await NoticesAsync(app, monthPage), n => n.UserId == lezhiReporterId && n.Title.Contains($"撤销本单位{year}年4月填报的重新开放", StringComparison.Ordinal));
        var lezhiDraft = await ReadAsync<ProgressReportDto>(await lezhiReporter.PostAsJsonAsync("/api/progress-reports", Input(l1.Id, year, 4), ct), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await lezhiReporter.PostAsJsonAsync($"/api/progress-reports/{lezhiDraft.Id}/submit", new VersionInput(lezhiDraft.Version), ct)).StatusCode);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var key = forLezhi.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var audit = await db.Set<Blueprint.Web.Features.Audit.AuditRecord>()
                .SingleAsync(r => r.Entity == nameof(ReportingReopening) && r.EntityKey == key && r.Action == "Delete", ct);
            Assert.Equal("project.office", audit.UserName);
            Assert.Contains("系统故障", audit.Before, StringComparison.Ordinal);
        }

        // 安岳 reports late under its reopening: the reopening stays, with the reason why.
        var draft = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync("/api/progress-reports", Input(a1, year, 4), ct), HttpStatusCode.Created);
        var late = await ReadAsync<ProgressReportDto>(await reporter.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/submit", new VersionInput(draft.Version), ct));
        Assert.True(late.IsLate);
        var refused = await office.DeleteAsync($"{reopen}/{forAnyue.Id}", ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"安岳县已在重新开放后报送了{year}年4月的迟报，不能撤销重新开放", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains($"安岳县已在重新开放后报送了{year}年4月的迟报",
            await PostFormAsync(office, monthPage, $"withdraw-reopening-{forAnyue.Id}", new() { ["confirmed"] = "true" }), StringComparison.Ordinal);
        Assert.Equal([anyue], (await office.GetFromJsonAsync<List<ReopeningDto>>(reopen, ct))!.Select(o => o.UnitId));
    }

    /// <summary>
    /// A closed month is locked: its reopenings can no longer be withdrawn (May of 2017 / 2018, beside
    /// the withdrawal test's April). The API answers 409 with the lock's words, the page shows no
    /// withdraw form, and the reopening stays.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_reopening_of_a_closed_month_is_not_withdrawn(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2017 : 2018;
        var (window, _, _, _, anyue, _) = await ArrangeAsync(app, year, CityTime.Today(TimeProvider.System).AddDays(-2),
            $"LC{(int)provider}{Guid.NewGuid():N}"[..10], month: 5);
        var office = await app.LoginAsync("project.office");
        var reopen = $"/api/reporting-windows/{window}/reopenings";
        var forAnyue = await ReadAsync<ReopeningDto>(await office.PostAsJsonAsync(reopen, new ReopeningInput(anyue, "资料晚到"), ct), HttpStatusCode.Created);

        // Closed as the office closes it (the arrangement's in-time report is accepted first, here directly).
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            await db.Set<ProgressReport>().Where(r => r.Year == year && r.Month == 5 && r.Status == SubmissionStatus.Submitted)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, SubmissionStatus.Accepted), ct);
        }

        var version = (await office.GetFromJsonAsync<Page<ReportingWindowDto>>($"/api/reporting-windows?year={year}", ct))!.Items.Single(w => w.Id == window).Version;
        await ReadAsync<ReportingWindowDto>(await office.PostAsJsonAsync($"/api/reporting-windows/{window}/close", new VersionInput(version), ct));

        var refused = await office.DeleteAsync($"{reopen}/{forAnyue.Id}", ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"{year}年5月已关闭，数据已锁定", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"withdraw-reopening-{forAnyue.Id}\"", await office.GetStringAsync($"/progress?year={year}&month=5", ct), StringComparison.Ordinal);
        Assert.Equal([anyue], (await office.GetFromJsonAsync<List<ReopeningDto>>(reopen, ct))!.Select(o => o.UnitId));
    }

    private static ProgressReportInput Input(int projectId, int year, int month = 3) =>
        new(projectId, year, month, 100 * Wan, 300 * Wan, 900 * Wan, "主体施工", null, null, 0);

    /// <summary>March (or another month) of the year, open since three weeks, due two days ago; two projects of 安岳 (one submitted in time), one of 乐至.</summary>
    private static async Task<(int Window, int A1, long A2, KeyProject L1, int Anyue, int Lezhi)> ArrangeAsync(TestApp app, int year, DateOnly due, string tag, int month = 3)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var units = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue || u.Code == DemoUnits.Lezhi).ToDictionaryAsync(u => u.Code, u => u.Id);
        KeyProject Project(string code, int unitId)
        {
            var project = new KeyProject { Code = tag + code, Name = $"迟报测试项目{tag}{code}", UnitId = unitId, TotalInvestment = 10_000 * Wan };
            db.Add(project);
            db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = unitId, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 1_000 * Wan });
            return project;
        }

        var a1 = Project("A1", units[DemoUnits.Anyue]);
        var a2 = Project("A2", units[DemoUnits.Anyue]);
        var l1 = Project("L1", units[DemoUnits.Lezhi]);
        var window = new ReportingWindow { Year = year, Month = month, OpensOn = due.AddDays(-20), DueOn = due };
        db.Add(window);
        var inTime = new ProgressReport
        {
            KeyProject = a2,
            UnitId = a2.UnitId,
            Year = year,
            Month = month,
            InvestmentThisMonth = 100 * Wan,
            InvestmentYearToDate = 300 * Wan,
            InvestmentSinceStart = 900 * Wan,
            Status = SubmissionStatus.Submitted,
            RecordedAtUtc = CityTime.StartUtc(due).AddHours(10),
        };
        db.Add(inTime);
        await db.SaveChangesAsync();
        return (window.Id, a1.Id, inTime.Id, l1, units[DemoUnits.Anyue], units[DemoUnits.Lezhi]);
    }

    private static async Task<ProgressReportDto> GetAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<ProgressReportDto>($"/api/progress-reports/{id}", TestContext.Current.CancellationToken))!;

    private static async Task<int> VersionAsync(HttpClient client, long id) => (await GetAsync(client, id)).Version;

    private static async Task<int> UserIdAsync(TestApp app, string userName)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<User>().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>The enabled reporters of a unit now.</summary>
    private static async Task<List<int>> ReportersAsync(TestApp app, int unitId)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await Inbox.RoleUsers(db, Roles.UnitReporter).Where(u => u.UnitId == unitId).Select(u => u.Id).ToListAsync();
    }

    private static async Task<List<Notification>> NoticesAsync(TestApp app, string link)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>().IgnoreQueryFilters()
            .Where(n => n.Link == link).OrderBy(n => n.Id).ToListAsync();
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ct))!;
    }

    /// <summary>Posts a page's named form as the browser would (its antiforgery token read from the page), and returns the page answered.</summary>
    internal static async Task<string> PostFormAsync(HttpClient client, string url, string form, Dictionary<string, string> fields)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync(url, ct);
        fields["_handler"] = form;
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        var response = await client.PostAsync(url, new FormUrlEncodedContent(fields), ct);
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            return await client.GetStringAsync(response.Headers.Location, ct);
        }

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return await response.Content.ReadAsStringAsync(ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
