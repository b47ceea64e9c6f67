using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Reviews;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Indicators.Excel;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

/// <summary>
/// Every .docx and .xlsx the product writes, fetched through its endpoint as a role that may,
/// passes the Open XML SDK validator against the Microsoft 365 schema with no error (what Excel
/// and Word would otherwise "repair"), reads back with a known value, and downloads under a
/// Chinese name with an ASCII fallback. Demo data (2023, January 2024) for the realistic files;
/// 2059 (the year that stays empty) for the empty period; an own review campaign of 2089
/// for the empty dossier.
/// </summary>
public sealed class ValidOfficeFilesTests(Apps apps)
{
    private const int EmptyYear = 2059;

    // Review campaigns take years up to 2100; each campaign is found by its id, so one year serves both apps.
    private const int CampaignYear = 2089;

    /// <summary>A download: who asks, where, and a text the file must hold (null: only that it opens).</summary>
    public sealed record Download(string User, string Url, string? Expected);

    private static readonly Download[] WithData =
    [
        new("project.office", "/api/bulletin/docx?year=2023&month=12", "安岳县"),
        new("project.office", "/api/bulletin/xlsx?year=2023&month=12", "合计"),
        new("leader", "/api/reports/brief/docx?year=2023&month=12", "领导简报"),
        new("supervision.office", "/api/supervision-items/bulletin/docx?from=2024-01-01&to=2024-01-31", "督查通报"),
        new("supervision.office", "/api/supervision/rankings/xlsx?from=2024-01-01&to=2024-01-31", "安岳县"),
        new("supervision.office", "/api/supervision/red/xlsx", null),
        new("supervision.office", "/api/supervision-items/xlsx", "安岳县"),
        new("project.office", "/api/projects/export", DemoUnits.Anyue),
        new("project.office", "/progress/export?year=2023&month=12", "安岳县"),
        new("project.office", "/plans/export?year=2023", "安岳县"),
        new("project.office", "/projects/export", "安岳县"),
        new("project.office", "/api/problems/xlsx", "安岳县"),
        new("project.office", "/api/milestones/xlsx", null),
        new("project.office", "/api/meetings/xlsx", "务虚会"),
        new("project.office", "/api/reader/documents/xlsx", null),
        new("project.office", "/api/portal/reviews/xlsx", null),
        new("project.office", "/api/project-proposals/xlsx", null),
        new("anyue.reporter", "/api/todo/xlsx", null),
        new("project.office", "/api/indicator-excel/indicators/export", null),
        new("project.office", "/api/indicator-excel/values/export", null),
        new("sysadmin", "/api/admin/units/xlsx", "安岳县"),
        new("sysadmin", "/api/admin/accounts/xlsx", "anyue.reporter"),
        new("auditadmin", "/api/audit/xlsx", null),
        new("auditadmin", "/api/audit/sign-ins/xlsx", null),
    ];

    private static readonly Download[] EmptyPeriod =
    [
        new("project.office", $"/api/bulletin/docx?year={EmptyYear}&month=3", "合计"),
        new("project.office", $"/api/bulletin/xlsx?year={EmptyYear}&month=3", null),
        new("leader", $"/api/reports/brief/docx?year={EmptyYear}&month=3", "领导简报"),
        new("supervision.office", $"/api/supervision-items/bulletin/docx?from={EmptyYear}-03-01&to={EmptyYear}-03-31", "督查通报"),
        new("supervision.office", $"/api/supervision/rankings/xlsx?from={EmptyYear}-03-01&to={EmptyYear}-03-31", null),
        new("project.office", $"/progress/export?year={EmptyYear}&month=3", null),
        new("project.office", $"/plans/export?year={EmptyYear}", null),
    ];

    private static readonly Download[] Templates =
    [
        new("anyue.reporter", "/api/imports/projects/template", "项目编码"),
        new("anyue.reporter", "/api/imports/annual-plan/template", "安岳县"),
        new("anyue.reporter", "/api/imports/progress/template", "说明"),
        new("project.office", "/api/indicator-excel/indicators/template", null),
        new("project.office", "/api/indicator-excel/values/template", null),
        new("supervision.office", "/api/supervision-items/template", null),
        new("sysadmin", "/api/admin/units/template", "单位代码"),
        new("sysadmin", "/api/admin/accounts/template", "用户名"),
    ];

    /// <summary>Template, and where it is imported: a row of nonsense in every column gives the error report.</summary>
    private static readonly (string User, string Template, string Sheet, string Import)[] Imports =
    [
        ("project.office", "/api/imports/projects/template", ProjectSheet.SheetName, "/api/imports/projects?format=xlsx"),
        ("project.office", "/api/imports/progress/template", ProgressSheet.SheetName, "/api/imports/progress?format=xlsx"),
        ("project.office", "/api/indicator-excel/indicators/template", IndicatorSheet.SheetName, "/api/indicator-excel/indicators?format=xlsx"),
        ("supervision.office", "/api/supervision-items/template", SupervisionImport.SheetName, "/api/supervision-items/import?format=xlsx"),
        ("sysadmin", "/api/admin/units/template", UnitSheet.SheetName, "/api/admin/units/import?format=xlsx"),
        ("sysadmin", "/api/admin/accounts/template", AccountSheet.SheetName, "/api/admin/accounts/import?format=xlsx"),
    ];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Reports_and_exports_with_data_are_valid(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var failures = new List<string>();
        foreach (var download in WithData)
        {
            failures.AddRange(await CheckAsync(app, download));
        }

        // The demo's review campaign (the 2023 务虚会) and its accepted submissions.
        var campaign = await FirstCampaignAsync(app);
        failures.AddRange(await CheckAsync(app, new("supervision.office", $"/api/review-campaigns/{campaign.Id}/dossier.docx", campaign.Title)));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Reports_of_an_empty_period_are_valid(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var failures = new List<string>();
        foreach (var download in EmptyPeriod)
        {
            failures.AddRange(await CheckAsync(app, download));
        }

        // A dossier before any unit has handed anything in.
        var office = await app.LoginAsync("supervision.office");
        var units = await ReviewArrange.UnitsAsync(office, ct);
        var campaign = await ReviewArrange.OpenAsync(office, CampaignYear, Guid.NewGuid().ToString("N")[..6], [units[DemoUnits.Anyue]], ct);
        failures.AddRange(await CheckAsync(app, new("supervision.office", $"/api/review-campaigns/{campaign.Id}/dossier.docx", campaign.Title)));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Templates hold the units in scope but nothing of a year; error reports come from a refused upload (nothing written).</summary>
    [Fact]
    public async Task Templates_and_import_error_reports_are_valid()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var failures = new List<string>();
        foreach (var download in Templates)
        {
            failures.AddRange(await CheckAsync(app, download));
        }

        foreach (var (user, template, sheet, import) in Imports)
        {
            var client = await app.LoginAsync(user);
            var headers = Headers(await client.GetByteArrayAsync(template, ct), sheet);
            var nonsense = headers.ToDictionary(h => h, _ => (object?)"无效");
            var response = await UploadAsync(client, import, Workbook(sheet, [nonsense]));
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != Xlsx.ContentType)
            {
                failures.Add($"{import}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync(ct)}");
                continue;
            }

            failures.AddRange(Check(import, response, await response.Content.ReadAsByteArrayAsync(ct), "无效"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("project.office", "/api/bulletin/docx?year=2023&month=12", "重点项目推进情况通报（2023年12月）.docx")]
    [InlineData("project.office", "/api/bulletin/xlsx?year=2023&month=12", "重点项目推进情况汇总表（2023年12月）.xlsx")]
    [InlineData("leader", "/api/reports/brief/docx?year=2023&month=12", "领导简报（2023年12月）.docx")]
    [InlineData("supervision.office", "/api/supervision-items/bulletin/docx?from=2024-01-01&to=2024-01-31", "督查通报（2024年1月1日至2024年1月31日）.docx")]
    [InlineData("supervision.office", "/api/supervision/rankings/xlsx?from=2024-01-01&to=2024-03-31", "督办排名（2024年1月1日至2024年3月31日）.xlsx")]
    [InlineData("project.office", "/progress/export?year=2023&month=12", "月度调度（2023年12月）.xlsx")]
    [InlineData("project.office", "/plans/export?year=2023", "2023年重点项目计划（续建+计划开工）.xlsx")]
    [InlineData("anyue.reporter", "/api/imports/projects/template", "重点项目导入模板.xlsx")]
    public async Task Downloads_have_a_Chinese_name_and_an_ASCII_fallback(string user, string url, string name)
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var client = await app.LoginAsync(user);
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var raw = string.Join(",", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.Contains("filename*=UTF-8''", raw, StringComparison.Ordinal);
        var disposition = System.Net.Http.Headers.ContentDispositionHeaderValue.Parse(raw);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name, disposition.FileNameStar);
        var fallback = disposition.FileName!.Trim('"');
        Assert.True(fallback.All(char.IsAscii), fallback);
        Assert.EndsWith(Path.GetExtension(name), fallback, StringComparison.Ordinal);
    }

    private static async Task<ReviewCampaign> FirstCampaignAsync(TestApp app)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await db.Set<ReviewCampaign>().AsNoTracking().OrderBy(c => c.Id).FirstAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<string>> CheckAsync(TestApp app, Download download)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await app.LoginAsync(download.User);
        var response = await client.GetAsync(download.Url, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [$"{download.Url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}"];
        }

        return Check(download.Url, response, await response.Content.ReadAsByteArrayAsync(ct), download.Expected);
    }

    /// <summary>The validator's errors (description, path, part), a missing known value, a name that is not Chinese.</summary>
    private static List<string> Check(string url, HttpResponseMessage response, byte[] file, string? expected)
    {
        var failures = new List<string>();
        var type = response.Content.Headers.ContentType?.MediaType;
        var isWord = type == WordContentType;
        if (!isWord && type != Xlsx.ContentType)
        {
            return [$"{url}: content type {type}"];
        }

        using (var package = isWord
            ? (OpenXmlPackage)WordprocessingDocument.Open(new MemoryStream(file), false)
            : SpreadsheetDocument.Open(new MemoryStream(file), false))
        {
            var errors = new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(package, TestContext.Current.CancellationToken);
            failures.AddRange(errors.Select(e => $"{url}: {e.Description} | {e.Path?.XPath} | {e.Part?.Uri}"));
        }

        var text = isWord ? WordText(file) : SheetText(file);
        if (expected is not null && !text.Contains(expected, StringComparison.Ordinal))
        {
            failures.Add($"{url}: \"{expected}\" not found in: {text[..Math.Min(text.Length, 300)]}");
        }

        var name = response.Content.Headers.ContentDisposition?.FileNameStar;
        if (name is null || !name.Any(c => c >= '\u4e00' && c <= '\u9fff') || !name.EndsWith(isWord ? ".docx" : ".xlsx", StringComparison.Ordinal))
        {
            failures.Add($"{url}: file name {response.Content.Headers.ContentDisposition}");
        }

        return failures;
    }

    private const string WordContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static string WordText(byte[] file)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(file), false);
        return doc.MainDocumentPart!.Document!.Body!.InnerText;
    }

    /// <summary>Every cell of every sheet, read back with MiniExcel (the reader the imports use).</summary>
    private static string SheetText(byte[] file)
    {
        var cells = new List<string>();
        foreach (var sheet in SheetNames(file))
        {
            cells.Add(sheet);
            using var stream = new MemoryStream(file);
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, sheetName: sheet))
            {
                cells.AddRange(row.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            }
        }

        return string.Join(" ", cells);
    }
}
