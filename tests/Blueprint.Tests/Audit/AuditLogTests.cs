using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Audit;

/// <summary>The audit log as the audit administrator reads it, and as nobody else can.</summary>
public sealed class AuditLogTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_audit_admin_reads_a_change_filtered_and_labelled_before_and_after(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var project = await ChangeAProjectAsync(app, $"AL-{provider}-{Guid.NewGuid():N}"[..16], ct);
        var auditor = await app.LoginAsync("auditadmin");
        var now = CityTime.Of(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var today = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var query = $"entity=KeyProject&entityKey={project.Id}&userName=project.office&from={today}&to={today}";

        var page = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?{query}", ct))!;
        Assert.Equal(2, page.Total);
        var update = Assert.Single(page.Items, r => r.Action == "Update");
        Assert.Equal(("重点项目", "修改", "project.office"), (update.EntityLabel, update.ActionLabel, update.UserName));
        Assert.Equal("资阳市发展和改革委员会", update.UnitName);
        var name = Assert.Single(update.Changes, c => c.Field == "Name");
        Assert.Equal(("项目名称", "乐至县城区路网改造工程", "安岳县雨污分流工程（二期）"), (name.Label, name.Before, name.After));
        Assert.Equal("版本", Assert.Single(update.Changes, c => c.Field == "Version").Label);

        // The creation lists every field, each labelled and shown as a person reads it.
        var insert = Assert.Single(page.Items, r => r.Action == "Insert");
        Assert.DoesNotContain(insert.Changes, c => c.Label.Contains('.', StringComparison.Ordinal) || c.Label == c.Field);
        Assert.Equal(("公开", "", "否"), Single(insert, "IsPublic"));
        Assert.Equal(("实际效益：就业人数", "", "0"), Single(insert, "ActualBenefit.Jobs"));
        Assert.Equal(("实际开工", "", ""), Single(insert, "ActualStart"));
        Assert.Equal("基础设施", Single(insert, "Category").After);

        // A day before today holds neither; another action holds one fewer.
        var yesterday = now.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=KeyProject&entityKey={project.Id}&to={yesterday}", ct))!.Total);
        Assert.Equal(1, (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?{query}&action=Insert", ct))!.Total);

        var bytes = await auditor.GetByteArrayAsync($"/api/audit/xlsx?{query}", ct);
        var rows = ExcelFiles.Read(bytes);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("重点项目", r["记录类型"]));
        Assert.Contains("项目名称: 乐至县城区路网改造工程 → 安岳县雨污分流工程（二期）", rows.Select(r => r["变更内容"]?.ToString()).First(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Only_the_audit_admin_reaches_the_audit_log(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        foreach (var user in new[] { "leader", "sysadmin", "secadmin", "project.office" })
        {
            var client = await app.LoginAsync(user);
            foreach (var path in new[] { "/api/audit", "/api/audit/xlsx", "/api/audit/checks", "/api/audit/sign-ins", "/api/audit/sign-ins/xlsx" })
            {
                Assert.Equal((user, path, HttpStatusCode.Forbidden), (user, path, (await client.GetAsync(path, ct)).StatusCode));
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/audit/verify", null, ct)).StatusCode);
            foreach (var page in new[] { "/audit", "/audit/sign-ins" })
            {
                var response = await client.GetAsync(page, ct);
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
        }

        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit", ct)).StatusCode);
        var auditor = await app.LoginAsync("auditadmin");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/audit", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/audit/sign-ins", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Verifying_the_chain_records_who_checked_and_what_was_found(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var auditor = await app.LoginAsync("auditadmin");

        var response = await auditor.PostAsync("/api/audit/verify", null, ct);
        var result = (await response.Content.ReadFromJsonAsync<AuditVerification>(ct))!;
        Assert.True(result.IsValid, result.Message);

        var checks = (await auditor.GetFromJsonAsync<List<AuditCheckDto>>("/api/audit/checks", ct))!;
        Assert.Contains(checks, c => c.UserName == "auditadmin" && c.IsValid && c.Count == result.Count);
        var page = await auditor.GetStringAsync("/audit", ct);
        Assert.Contains("id=\"audit-check-list\"", page, StringComparison.Ordinal);
        Assert.Contains("完整", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Each_read_and_export_by_an_audit_admin_is_itself_logged(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var auditor = await app.LoginAsync("auditadmin");
        var marker = $"nobody-{Guid.NewGuid():N}"[..20];

        await auditor.GetAsync($"/api/audit?userName={marker}", ct);
        await auditor.GetAsync($"/api/audit/sign-ins/xlsx?userName={marker}", ct);
        await auditor.GetAsync($"/audit?userName={marker}", ct);

        var reads = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>("/api/audit?userName=auditadmin&pageSize=50", ct))!.Items
            .Where(r => r.Changes.Any(c => c.After == marker)).ToList();
        Assert.Equal(3, reads.Count);
        Assert.Equal(2, reads.Count(r => r.Entity == AuditLog.LogEntity && r.ActionLabel == "查看"));
        var export = Assert.Single(reads, r => r.Entity == AuditLog.SignInLogEntity);
        Assert.Equal(("登录日志", "导出"), (export.EntityLabel, export.ActionLabel));
        Assert.Equal(("账号", marker), Assert.Single(export.Changes, c => c.Field == "UserName") is var c ? (c.Label, c.After) : default);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_administrators_exports_of_accounts_and_units_are_logged_as_reads(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var marker = $"x-{Guid.NewGuid():N}"[..14];
        var sys = await app.LoginAsync("sysadmin");
        var sec = await app.LoginAsync("secadmin");
        var anyue = (await sys.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY-AY");

        (await sys.GetAsync($"/api/admin/accounts/xlsx?q={marker}&unitId={anyue.Id}&status=locked", ct)).EnsureSuccessStatusCode();
        (await sec.GetAsync($"/api/admin/accounts/xlsx?q={marker}", ct)).EnsureSuccessStatusCode();
        (await sys.GetAsync($"/api/admin/units/xlsx?q={marker}", ct)).EnsureSuccessStatusCode();
        (await sys.GetAsync("/api/admin/units/xlsx?q=安岳", ct)).EnsureSuccessStatusCode();

        var auditor = await app.LoginAsync("auditadmin");
        var accounts = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>("/api/audit?entity=User&action=Export&pageSize=100", ct))!.Items
            .Where(r => r.Changes.Any(c => c.After == marker)).ToList();
        Assert.Equal(["secadmin", "sysadmin"], accounts.Select(r => r.UserName).Order(StringComparer.Ordinal));
        var bySys = Assert.Single(accounts, r => r.UserName == "sysadmin");
        Assert.Equal(("用户账号", "导出"), (bySys.EntityLabel, bySys.ActionLabel));
        Assert.Equal(
            [("用户名或姓名", marker), ("行数", "0"), ("状态", "locked"), ("单位", $"安岳县（{anyue.Id}）")],
            bySys.Changes.Select(c => (c.Label, c.After)));

        var units = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>("/api/audit?entity=Unit&action=Export&userName=sysadmin&pageSize=100", ct))!.Items;
        var empty = Assert.Single(units, r => r.Changes.Any(c => c.After == marker));
        Assert.Equal(("单位", "导出", "0"), (empty.EntityLabel, empty.ActionLabel, Assert.Single(empty.Changes, c => c.Field == "Rows").After));
        var found = units.First(r => r.Changes.Any(c => c.After == "安岳"));
        Assert.NotEqual("0", Assert.Single(found.Changes, c => c.Field == "Rows").After);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Reading_the_chain_checks_is_logged(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var auditor = await app.LoginAsync("auditadmin");
        const string reads = "/api/audit?entity=AuditChain&action=Read&userName=auditadmin&pageSize=1";
        var before = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>(reads, ct))!.Items is [var last, ..] ? last.Id : 0;

        var checks = (await auditor.GetFromJsonAsync<List<AuditCheckDto>>("/api/audit/checks", ct))!;

        var read = Assert.Single((await auditor.GetFromJsonAsync<Page<AuditEntryDto>>(reads, ct))!.Items);
        Assert.True(read.Id > before);
        Assert.Equal(("审计链", "查看"), (read.EntityLabel, read.ActionLabel));
        Assert.Equal(checks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(read.Changes, c => c.Field == "Rows").After);
    }

    /// <summary>
    /// Fields that hold an id show the record's name with the id, in the list and the export, read
    /// when shown: the stored records keep the bare ids, one query per referenced table, and an id
    /// whose record is gone stays a number.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Ids_in_changed_fields_are_shown_as_the_records_names(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var units = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.ToDictionary(u => u.Code, u => u.Id);
        var (anyue, lezhi) = (units["ZY-AY"], units["ZY-LZ"]);
        var tag = $"{provider}-{Guid.NewGuid():N}"[..16];

        // A project moved from 安岳 to 乐至, a problem of it, and an indicator with 乐至's share.
        var input = Data.ConcurrencyTests.NewProject($"AR-{tag}", anyue) with { Name = $"审计名称项目{tag}" };
        var project = (await (await office.PostAsJsonAsync("/api/projects", input, ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
        (await office.PutAsJsonAsync($"/api/projects/{project.Id}", input with { UnitId = lezhi, Version = project.Version }, ct)).EnsureSuccessStatusCode();
        var problem = (await (await office.PostAsJsonAsync("/api/problems",
            new ProblemInput($"审计名称问题{tag}", null, ProblemKind.Land, lezhi, project.Id, null, null, 0), ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ProblemDto>(ct))!;
        var plan = await Indicators.IndicatorArrange.PlanYearAsync(app);
        var indicator = await Indicators.IndicatorArrange.CreateAsync(app,
            Indicators.IndicatorArrange.Input(plan.Id, $"审计名称指标{tag}", anyue, targets: [new TargetShareInput(lezhi, 40m)]));
        int officeId, targetId;
        string storedProblem;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            officeId = await db.Set<User>().Where(u => u.UserName == "project.office").Select(u => u.Id).SingleAsync(ct);
            targetId = await db.Set<IndicatorTarget>().Where(x => x.IndicatorId == indicator.Id && x.UnitId == lezhi && x.Period == 0).Select(x => x.Id).SingleAsync(ct);
            storedProblem = (await db.Set<AuditRecord>().SingleAsync(r => r.Entity == "Problem" && r.EntityKey == problem.Id.ToString() && r.Action == "Insert", ct)).After!;
        }

        var auditor = await app.LoginAsync("auditadmin");
        var moved = Assert.Single((await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=KeyProject&entityKey={project.Id}&action=Update", ct))!.Items);
        Assert.Equal(($"安岳县（{anyue}）", $"乐至县（{lezhi}）"), Single(moved, "UnitId") is var u ? (u.Before, u.After) : default);

        var raised = Assert.Single((await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=Problem&entityKey={problem.Id}", ct))!.Items);
        Assert.Equal($"{input.Name}（{project.Id}）", Single(raised, "KeyProjectId").After);
        Assert.Equal($"乐至县（{lezhi}）", Single(raised, "UnitId").After);
        Assert.Equal($"project.office（{officeId}）", Single(raised, "RaisedById").After);
        var share = Assert.Single((await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=IndicatorTarget&entityKey={targetId}", ct))!.Items);
        Assert.Equal($"{indicator.Name}（{indicator.Id}）", Single(share, "IndicatorId").After);

        // The page and the export say the same; the stored record keeps the ids.
        var page = await auditor.GetStringAsync($"/audit?entity=Problem&entityKey={problem.Id}", ct);
        Assert.Contains($"{input.Name}（{project.Id}）", page, StringComparison.Ordinal);
        var row = Assert.Single(ExcelFiles.Read(await auditor.GetByteArrayAsync($"/api/audit/xlsx?entity=Problem&entityKey={problem.Id}", ct)));
        Assert.Contains($"{input.Name}（{project.Id}）", row["变更内容"]?.ToString(), StringComparison.Ordinal);
        Assert.Contains($"\"KeyProjectId\":{project.Id}", storedProblem, StringComparison.Ordinal);
        Assert.Contains($"\"RaisedById\":{officeId}", storedProblem, StringComparison.Ordinal);

        // One query per referenced table, whatever the number of records; a record that is gone stays its id.
        using var counter = new CommandCounter();
        await Task.Delay(CommandCounter.WarmUp, ct);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            List<(string, string?, string?)> records = [.. Enumerable.Range(0, 30).Select(i => ("Problem", (string?)null,
                (string?)$"{{\"UnitId\":{(i % 2 == 0 ? anyue : lezhi)},\"KeyProjectId\":{(i == 0 ? int.MaxValue : project.Id)},\"RaisedById\":{officeId},\"Title\":\"{i}\"}}"))];
            AuditReferences? references = null;
            Assert.Equal(3, await counter.CountAsync(async () => references = await AuditReferences.LoadAsync(db, records, ct)));
            var labels = new AuditLabels(scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>(), db.Model);
            Assert.Equal(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Assert.Single(labels.Changes("Problem", null, records[0].Item3, references), c => c.Field == "KeyProjectId").After);
        }
    }

    private static (string Label, string Before, string After) Single(AuditEntryDto entry, string field) =>
        Assert.Single(entry.Changes, c => c.Field == field) is var c ? (c.Label, c.Before, c.After) : default;

    /// <summary>A project created and renamed by the project office: one Insert, one Update.</summary>
    private static async Task<KeyProjectDto> ChangeAProjectAsync(TestApp app, string code, CancellationToken ct)
    {
        var office = await app.LoginAsync("project.office");
        var units = await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var input = Data.ConcurrencyTests.NewProject(code, units!.First(u => u.Code == "ZY-AY").Id);
        var created = await office.PostAsJsonAsync("/api/projects", input, ct);
        var project = (await created.Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
        (await office.PutAsJsonAsync($"/api/projects/{project.Id}", input with { Name = "安岳县雨污分流工程（二期）", Version = project.Version }, ct)).EnsureSuccessStatusCode();
        return project;
    }
}
