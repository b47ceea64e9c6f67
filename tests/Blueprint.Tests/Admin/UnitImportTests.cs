using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Admin;

/// <summary>
/// 单位导入 as the system administrator uses it: a sheet (rows in any order) adds a subtree and
/// moves a unit with everything below it; the export re-imports as "nothing changed"; a loop, an
/// unknown parent and every other bad row refuse the whole sheet, row by row. Units are tagged
/// <c>UI{tag}</c> under the demo city of the shared apps.
/// </summary>
public sealed class UnitImportTests(Apps apps)
{
    private const string Url = "/api/admin/units/import";

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_sheet_adds_a_subtree_and_moves_a_unit_with_its_own_and_the_export_reads_back_unchanged(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync("sysadmin");
        var tag = "UI" + Guid.NewGuid().ToString("N")[..6];
        var units = (await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!;
        var city = units.Single(u => u.Code == "ZY");
        var lezhi = units.Single(u => u.Code == "ZY-LZ");

        // Today: a bureau under 乐至县 with an office below it, made through the API.
        var bureau = await CreateAsync(admin, new UnitInput($"乐至测试局{tag}", null, $"{tag}-M", UnitKind.Department, lezhi.Id, 5, null, 0));
        var office = await CreateAsync(admin, new UnitInput($"乐至测试科{tag}", null, $"{tag}-MC", UnitKind.Department, bureau.Id, 1, null, 0));

        // The sheet names a child before its parent and moves the bureau under the new zone.
        var sheet = ExcelFiles.Workbook(UnitSheet.SheetName,
        [
            Row($"{tag}-B2", $"测试二科{tag}", $"{tag}-A", sortOrder: 2),
            Row($"{tag}-A", $"　测试园区{tag}", "ZY", kind: "园区", shortName: "测试园区", sortOrder: 91, aliases: $"园区{tag}|{tag}园"),
            Row($"{tag}-B1", $"测试一科{tag}", $"{tag}-A", sortOrder: 1, status: "启用"),
            Row($"{tag}-M", $"乐至测试局{tag}", $"{tag}-A"),
        ]);
        var imported = await ExcelFiles.UploadAsync(admin, Url, sheet);
        var body = await imported.Content.ReadAsStringAsync(ct);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("新增 3 个单位，修改 1 个单位", (await imported.Content.ReadFromJsonAsync<ImportResult>(ct))!.Message, StringComparison.Ordinal);

        var tree = (await admin.GetFromJsonAsync<List<UnitAdminRow>>($"/api/admin/units?q={tag}", ct))!.ToDictionary(u => u.Code);
        var zone = tree[$"{tag}-A"];
        Assert.Equal(($"测试园区{tag}", "测试园区", UnitKind.DevelopmentZone, 91, $"园区{tag}|{tag}园", city.Id), (zone.Name, zone.ShortName, zone.Kind, zone.SortOrder, zone.Aliases, zone.ParentId));
        Assert.Equal($"{city.Path}{zone.Id}/", zone.Path);
        Assert.Equal($"{zone.Path}{tree[$"{tag}-B1"].Id}/", tree[$"{tag}-B1"].Path);
        Assert.Equal($"{zone.Path}{tree[$"{tag}-B2"].Id}/", tree[$"{tag}-B2"].Path);
        Assert.Equal(UnitKind.Department, tree[$"{tag}-B2"].Kind);
        // The bureau moved with the office below it, which the sheet never named.
        Assert.Equal($"{zone.Path}{bureau.Id}/", tree[$"{tag}-M"].Path);
        Assert.Equal($"{zone.Path}{bureau.Id}/{office.Id}/", tree[$"{tag}-MC"].Path);
        Assert.Equal(5, tree[$"{tag}-M"].SortOrder); // a blank sort order keeps today's

        // Audited like a change on the page: the move is an update of the bureau by the system administrator.
        var auditor = await app.LoginAsync("auditadmin");
        var moves = (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=Unit&entityKey={bureau.Id}&userName=sysadmin&action=Update", ct))!;
        Assert.Contains(moves.Items, e => e.Changes.Any(c => c.Field == "ParentId") && e.Changes.Any(c => c.Field == "Path"));
        Assert.Equal(1, (await auditor.GetFromJsonAsync<Page<AuditEntryDto>>($"/api/audit?entity=Unit&entityKey={zone.Id}&action=Insert", ct))!.Total);

        // The export is the import layout: read back as it is, it changes nothing.
        var export = await admin.GetByteArrayAsync($"/api/admin/units/xlsx?q={tag}", ct);
        var rows = ExcelFiles.Read(export);
        Assert.Equal($"{tag}-A", rows.Single(r => (string?)r[UnitSheet.Code] == $"{tag}-M")[UnitSheet.Parent]);
        Assert.Equal(("园区", "启用"), ((string?)rows.Single(r => (string?)r[UnitSheet.Code] == $"{tag}-A")[UnitSheet.Kind], (string?)rows.Single(r => (string?)r[UnitSheet.Code] == $"{tag}-A")[UnitSheet.Status]));
        var again = await ExcelFiles.UploadAsync(admin, Url, export);
        Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync(ct));
        Assert.Contains("新增 0 个单位，修改 0 个单位", (await again.Content.ReadFromJsonAsync<ImportResult>(ct))!.Message, StringComparison.Ordinal);

        // The zone under the bureau now below it: a loop, refused, and nothing moves.
        var loop = await ExcelFiles.UploadAsync(admin, Url, ExcelFiles.Workbook(UnitSheet.SheetName, [Row($"{tag}-A", $"测试园区{tag}", $"{tag}-MC")]));
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        var error = Assert.Single(await ExcelFiles.RowErrorsAsync(loop));
        Assert.Equal((2, UnitSheet.Parent), (error.Row, error.Column));
        Assert.Contains($"循环：{tag}-A → {tag}-MC → {tag}-M → {tag}-A", error.Message, StringComparison.Ordinal);
        Assert.Equal(city.Id, (await admin.GetFromJsonAsync<List<UnitAdminRow>>($"/api/admin/units?q={tag}-A", ct))!.Single(u => u.Code == $"{tag}-A").ParentId);

        // A whole branch is disabled in one sheet, children and parent together, in any order.
        var disable = ExcelFiles.Workbook(UnitSheet.SheetName,
        [
            Row($"{tag}-M", $"乐至测试局{tag}", $"{tag}-A", status: "已停用"),
            Row($"{tag}-MC", $"乐至测试科{tag}", $"{tag}-M", status: "已停用"),
        ]);
        Assert.Equal(HttpStatusCode.OK, (await ExcelFiles.UploadAsync(admin, Url, disable)).StatusCode);
        tree = (await admin.GetFromJsonAsync<List<UnitAdminRow>>($"/api/admin/units?q={tag}", ct))!.ToDictionary(u => u.Code);
        Assert.True(tree[$"{tag}-M"].IsDisabled && tree[$"{tag}-MC"].IsDisabled && !tree[$"{tag}-A"].IsDisabled);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_bad_sheet_changes_nothing_and_names_each_bad_row(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var admin = await app.LoginAsync("sysadmin");
        var tag = "UI" + Guid.NewGuid().ToString("N")[..6];
        var city = (await admin.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.Single(u => u.Code == "ZY");
        var kept = await CreateAsync(admin, new UnitInput($"保留测试局{tag}", null, $"{tag}-D", UnitKind.Department, city.Id, 0, null, 0));
        await CreateAsync(admin, new UnitInput($"保留测试科{tag}", null, $"{tag}-DC", UnitKind.Department, kept.Id, 0, null, 0));
        var account = await admin.PostAsJsonAsync("/api/admin/accounts", new AccountInput($"ui.{tag}", "保留测试填报员", kept.Id, null, null, null), ct);
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);

        var sheet = ExcelFiles.Workbook(UnitSheet.SheetName,
        [
            Row($"{tag}-G", $"好的一行{tag}", "ZY"),                      // 2: good, yet not imported
            Row("坏 代码", $"坏代码{tag}", "ZY"),                          // 3: code
            Row($"{tag}-X", null, "ZY"),                                   // 4: name missing
            Row($"{tag}-Y", $"无上级{tag}", $"{tag}-NOPE"),                // 5: unknown parent
            Row($"{tag}-Z", $"重复一{tag}", "ZY"),                         // 6
            Row($"{tag}-Z", $"重复二{tag}", "ZY"),                         // 7: duplicate of 6
            Row($"{tag}-P", $"第二个根{tag}", null),                       // 8: a second root
            Row($"{tag}-Q", $"乡镇{tag}", "ZY", kind: "乡镇"),             // 9: not a kind
            Row($"{tag}-L", $"自己的上级{tag}", $"{tag}-L"),               // 10: its own parent
            Row($"{tag}-D", $"保留测试局{tag}", "ZY", status: "已停用"),   // 11: enabled unit below and an enabled account
            Row($"{tag}-N", $"停用单位下{tag}", $"{tag}-S"),               // 12: under a unit this sheet disables
            Row($"{tag}-S", $"将停用{tag}", "ZY", status: "已停用", sortOrder: 100_000), // 13: sort order out of range
        ]);
        var refused = await ExcelFiles.UploadAsync(admin, Url, sheet);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await ExcelFiles.RowErrorsAsync(refused);
        string Message(int row, string column) => Assert.Single(errors, e => e.Row == row && e.Column == column).Message;
        Assert.Contains("单位代码须为", Message(3, UnitSheet.Code), StringComparison.Ordinal);
        Assert.Contains("必填", Message(4, UnitSheet.Name), StringComparison.Ordinal);
        Assert.Contains("既不在系统中", Message(5, UnitSheet.Parent), StringComparison.Ordinal);
        Assert.Contains("第 6 行", Message(7, UnitSheet.Code), StringComparison.Ordinal);
        Assert.Contains("根单位", Message(8, UnitSheet.Parent), StringComparison.Ordinal);
        Assert.Contains("不是可选值", Message(9, UnitSheet.Kind), StringComparison.Ordinal);
        Assert.Contains($"循环：{tag}-L → {tag}-L", Message(10, UnitSheet.Parent), StringComparison.Ordinal);
        Assert.Contains("账号", errors.Where(e => e.Row == 11).Select(e => e.Message).First(m => m.Contains("账号", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(errors, e => e.Row == 11 && e.Message.Contains($"{tag}-DC", StringComparison.Ordinal));
        Assert.Contains("已停用", Message(12, UnitSheet.Parent), StringComparison.Ordinal);
        Assert.Contains("0 到 99999", Message(13, UnitSheet.SortOrder), StringComparison.Ordinal);
        Assert.Equal([3, 4, 5, 7, 8, 9, 10, 11, 12, 13], errors.Select(e => e.Row).Distinct().Order());

        // Nothing was written: not the good row, not the disabling.
        var tree = (await admin.GetFromJsonAsync<List<UnitAdminRow>>($"/api/admin/units?q={tag}", ct))!;
        Assert.Equal([$"{tag}-D", $"{tag}-DC"], tree.Where(u => u.Code.StartsWith(tag, StringComparison.Ordinal)).Select(u => u.Code).Order(StringComparer.Ordinal));
        Assert.False(tree.Single(u => u.Code == $"{tag}-D").IsDisabled);

        // The same report as a workbook, for fixing the sheet in Excel.
        var report = await admin.PostAsync($"{Url}?format=xlsx", Form(sheet), ct);
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Equal(errors.Count, ExcelFiles.Read(await report.Content.ReadAsByteArrayAsync(ct)).Count);
    }

    [Theory]
    [InlineData("secadmin")]
    [InlineData("auditadmin")]
    [InlineData("project.office")]
    public async Task Only_the_system_administrator_imports_units_or_takes_the_template(string userName)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var client = await app.LoginAsync(userName);
        var sheet = ExcelFiles.Workbook(UnitSheet.SheetName, [Row("UI-NO", "越权导入", "ZY")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await ExcelFiles.UploadAsync(client, Url, sheet)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/units/template", ct)).StatusCode);

        var admin = await app.LoginAsync("sysadmin");
        var template = await admin.GetByteArrayAsync("/api/admin/units/template", ct);
        Assert.Equal([UnitSheet.SheetName, "说明", "可选值"], ExcelFiles.SheetNames(template));
        Assert.Equal(UnitSheet.Columns.Select(c => c.Header), ExcelFiles.Headers(template, UnitSheet.SheetName));
        Assert.Contains(ExcelFiles.Read(template, "可选值"), r => (string?)r["现有单位代码"] == "ZY-LZ");
    }

    private static Dictionary<string, object?> Row(
        string code, string? name, string? parent, string? kind = null, string? shortName = null, int? sortOrder = null, string? aliases = null, string? status = null) =>
        new()
        {
            [UnitSheet.Code] = code,
            [UnitSheet.Name] = name,
            [UnitSheet.ShortName] = shortName,
            [UnitSheet.Kind] = kind,
            [UnitSheet.Parent] = parent,
            [UnitSheet.SortOrder] = sortOrder,
            [UnitSheet.Aliases] = aliases,
            [UnitSheet.Status] = status,
        };

    private static MultipartFormDataContent Form(byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new(Xlsx.ContentType);
        return new MultipartFormDataContent { { file, "file", "units.xlsx" } };
    }

    private static async Task<UnitAdminDto> CreateAsync(HttpClient admin, UnitInput input)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/units", input, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<UnitAdminDto>(TestContext.Current.CancellationToken))!;
    }
}
