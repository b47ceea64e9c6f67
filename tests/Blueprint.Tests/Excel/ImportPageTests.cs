using System.Net;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

public sealed partial class ImportPageTests(Apps apps)
{
    [Fact]
    public async Task The_import_page_shows_the_row_errors_with_a_download_then_the_count_imported()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var reporter = await app.LoginAsync("anyue.reporter");
        var rows = new List<Dictionary<string, object?>> { ProjectRow("PGI-1"), ProjectRow("PGI-2") };
        rows[1][ProjectSheet.Stage] = "施工中";

        var failed = await PostAsync(reporter, Workbook(ProjectSheet.SheetName, rows));
        Assert.Contains("id=\"import-errors\"", failed, StringComparison.Ordinal);
        Assert.Contains("施工中", failed, StringComparison.Ordinal);
        Assert.Contains($"href=\"data:{Xlsx.ContentType};base64,", failed, StringComparison.Ordinal);

        rows[1][ProjectSheet.Stage] = "在建";
        var done = await PostAsync(reporter, Workbook(ProjectSheet.SheetName, rows));
        Assert.Contains("已导入 2 行", done, StringComparison.Ordinal);
        Assert.Contains("已作为项目申报提交市重点项目办审核", done, StringComparison.Ordinal); // a county proposes (decision 0018)

        var refused = await PostAsync(reporter, "not a workbook"u8.ToArray());
        Assert.Contains("id=\"import-refused\"", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imported_progress_is_submitted_at_once_when_the_box_is_ticked_and_saved_as_drafts_otherwise()
    {
        const int year = 2035;
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        await Projects.TestWindows.EnsureOpenAsync(app, year, 5);
        var projects = await ProjectsOnPlanAsync(app, $"IPS{Guid.NewGuid():N}"[..9], 4, year);
        Dictionary<string, object?> Row(KeyProject p) => new()
        {
            [ProgressSheet.Year] = year,
            [ProgressSheet.Month] = 5,
            [ProgressSheet.Code] = p.Code,
            [ProgressSheet.ThisMonth] = 10,
            [ProgressSheet.YearToDate] = 10,
            [ProgressSheet.SinceStart] = 50,
        };

        var reporter = await app.LoginAsync("anyue.reporter");
        Assert.Contains("id=\"import-submit\"", await reporter.GetStringAsync("/projects/import", ct), StringComparison.Ordinal);
        Assert.Contains("已导入 2 行", await PostAsync(reporter, Workbook(ProgressSheet.SheetName, projects[..2].Select(Row)), ImportKind.Progress, submit: true), StringComparison.Ordinal);
        Assert.Contains("已导入 2 行", await PostAsync(reporter, Workbook(ProgressSheet.SheetName, projects[2..].Select(Row)), ImportKind.Progress, submit: false), StringComparison.Ordinal);

        using var scope = app.SystemScope();
        var ids = projects.Select(p => p.Id).ToList();
        var statuses = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<ProgressReport>()
            .Where(r => ids.Contains(r.KeyProjectId)).OrderBy(r => r.KeyProjectId).Select(r => r.Status).ToListAsync(ct);
        Assert.Equal([SubmissionStatus.Submitted, SubmissionStatus.Submitted, SubmissionStatus.Draft, SubmissionStatus.Draft], statuses);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_county_is_offered_only_the_kinds_it_may_import_and_the_others_are_refused_if_posted_anyway(DatabaseProvider provider)
    {
        var year = provider == DatabaseProvider.Sqlite ? 2038 : 2039;
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var reporter = await app.LoginAsync("anyue.reporter");
        var office = await app.LoginAsync("project.office");

        // The project import page: the annual plan is the office's.
        var page = await reporter.GetStringAsync("/projects/import", ct);
        Assert.Contains("value=\"Projects\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"AnnualPlan\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"AnnualPlan\"", await office.GetStringAsync("/projects/import", ct), StringComparison.Ordinal);

        var project = new KeyProject { Code = $"IPK{(int)provider}-{Guid.NewGuid():N}"[..12], Name = "导入种类测试项目", UnitId = 0, TotalInvestment = 10_000_0000 };
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            project.UnitId = await db.Set<Blueprint.Web.Features.Units.Unit>().Where(u => u.Code == DemoUnits.Anyue).Select(u => u.Id).SingleAsync(ct);
            db.Add(project);
            await db.SaveChangesAsync(ct);
        }

        var plan = Workbook(AnnualPlanSheet.SheetName, [new() { [AnnualPlanSheet.Year] = year, [AnnualPlanSheet.Code] = project.Code, [AnnualPlanSheet.PlanType] = "续建", [AnnualPlanSheet.Investment] = 100 }]);
        var refused = await PostAsync(reporter, plan, ImportKind.AnnualPlan);
        Assert.Contains("id=\"import-refused\"", refused, StringComparison.Ordinal);
        Assert.Contains("年度计划由重点项目办导入", refused, StringComparison.Ordinal);
        using (var scope = app.SystemScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AnnualPlanEntry>().AnyAsync(e => e.KeyProjectId == project.Id, ct));
        }

        // The indicator import page: a county fills values; the indicators themselves are the office's.
        var indicators = await reporter.GetStringAsync("/goals/indicators/import", ct);
        Assert.Contains("value=\"Values\"", indicators, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"Indicators\"", indicators, StringComparison.Ordinal);
        Assert.DoesNotContain("api/indicator-excel/indicators/template", indicators, StringComparison.Ordinal);
        Assert.Contains("value=\"Indicators\"", await office.GetStringAsync("/goals/indicators/import", ct), StringComparison.Ordinal);
        var posted = await PostAsync(reporter, "/goals/indicators/import", "indicator-import", plan, "Indicators");
        Assert.Contains("id=\"import-refused\"", posted, StringComparison.Ordinal);
        Assert.Contains("您的角色无权执行此操作", posted, StringComparison.Ordinal);
    }

    private static async Task<string> PostAsync(HttpClient client, string url, string handler, byte[] workbook, string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync(url, ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(handler), "_handler" },
            { new StringContent(WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
            { new ByteArrayContent(workbook), "file", "导入.xlsx" },
        };
        var response = await client.PostAsync(url, form, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }

    private static async Task<string> PostAsync(HttpClient client, byte[] workbook, ImportKind kind = ImportKind.Projects, bool submit = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync("/projects/import", ct);
        var token = Token().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("import"), "_handler" },
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent(kind.ToString()), "Kind" },
            { new ByteArrayContent(workbook), "file", "项目.xlsx" },
        };
        if (submit)
        {
            form.Add(new StringContent("true"), "Submit");
        }

        var response = await client.PostAsync("/projects/import", form, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
