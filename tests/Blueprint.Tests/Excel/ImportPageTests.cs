using System.Net;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
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
