using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Projects;

/// <summary>
/// The figure checks where figures are typed: the API and the import refuse a 本年累计 that is
/// not last month's accepted 累计 plus 本月, with the figures in the message; a month far above the
/// plan is saved as a draft with its warning, and submitted only with a 情况说明 that the unit leader
/// then reads beside the warning. The form posts through the same workflow (ProgressWorkflow).
/// </summary>
public sealed class ProgressFigureCheckTests(Apps apps)
{
    private const long Wan = 10_000;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_wrong_sum_is_refused_and_a_warning_needs_an_explanation(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2043 : 2044;
        await TestWindows.EnsureOpenAsync(app, year, 6);
        var projects = await ProjectsOnPlanAsync(app, $"FC{(int)provider}{Guid.NewGuid():N}"[..10], 2, year);
        var (p1, p2) = (projects[0], projects[1]);
        await AcceptedAsync(app, p1, year, 5, 3_570 * Wan);
        var reporter = await app.LoginAsync("anyue.reporter");
        var leader = await app.LoginAsync("anyue.leader");

        // 3,570 + 900 = 4,470: typing 4,400 is refused, naming every figure.
        var wrong = await reporter.PostAsJsonAsync("/api/progress-reports", Input(p1.Id, year, 900, 4_400), ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var body = await wrong.Content.ReadAsStringAsync(ct);
        Assert.Contains("investmentYearToDate", body, StringComparison.Ordinal);
        Assert.Contains("3570 万元 + 本月 900 万元 = 4470 万元，填报为 4400 万元", body, StringComparison.Ordinal);
        var right = await ReadAsync(await reporter.PostAsJsonAsync("/api/progress-reports", Input(p1.Id, year, 900, 4_470), ct), HttpStatusCode.Created);
        Assert.Null(right.FigureWarnings);

        // 150,000 万 in one month on a 5,000 万 plan: saved as a draft, with the warning.
        var draft = await ReadAsync(await reporter.PostAsJsonAsync("/api/progress-reports", Input(p2.Id, year, 150_000, 150_000), ct), HttpStatusCode.Created);
        Assert.Contains("尚余", draft.FigureWarnings, StringComparison.Ordinal);
        var unexplained = await reporter.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/submit", new VersionInput(draft.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.Contains("情况说明", await unexplained.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var explained = await ReadAsync(await reporter.PutAsJsonAsync($"/api/progress-reports/{draft.Id}",
            Input(p2.Id, year, 150_000, 150_000, draft.Version, "含一次性土地款 14.5 亿元"), ct));
        var submitted = await ReadAsync(await reporter.PostAsJsonAsync($"/api/progress-reports/{draft.Id}/submit", new VersionInput(explained.Version), ct));
        Assert.Equal(SubmissionStatus.Submitted, submitted.Status);

        // The leader sees the warning and the explanation, on the API and on the page.
        var seen = (await leader.GetFromJsonAsync<ProgressReportDto>($"/api/progress-reports/{draft.Id}", ct))!;
        Assert.Equal(("含一次性土地款 14.5 亿元", true), (seen.Explanation, seen.FigureWarnings!.Contains("尚余", StringComparison.Ordinal)));
        var page = await leader.GetStringAsync($"/progress/{p2.Id}/{year}/6", ct);
        Assert.Contains("figure-warnings", page, StringComparison.Ordinal);
        Assert.Contains("含一次性土地款 14.5 亿元", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_import_applies_the_same_checks_row_by_row(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2045 : 2046;
        foreach (var month in new[] { 5, 6, 7 })
        {
            await TestWindows.EnsureOpenAsync(app, year, month);
        }

        var projects = await ProjectsOnPlanAsync(app, $"FI{(int)provider}{Guid.NewGuid():N}"[..10], 2, year);
        await AcceptedAsync(app, projects[0], year, 5, 3_570 * Wan);
        var reporter = await app.LoginAsync("anyue.reporter");
        Dictionary<string, object?> Row(KeyProject p, int month, decimal thisMonth, decimal yearToDate, string? why = null) => new()
        {
            [ProgressSheet.Year] = year,
            [ProgressSheet.Month] = month,
            [ProgressSheet.Code] = p.Code,
            [ProgressSheet.ThisMonth] = thisMonth,
            [ProgressSheet.YearToDate] = yearToDate,
            [ProgressSheet.SinceStart] = yearToDate + 1000,
            [ProgressSheet.Explanation] = why,
        };

        // Row 2: the wrong sum against the accepted month; row 3: the sheet's own month 6 is month 7's reference;
        // row 4 is right; row 5: an unexplained warning, submitted.
        List<Dictionary<string, object?>> rows =
        [
            Row(projects[0], 6, 900, 4_400),
            Row(projects[0], 7, 100, 4_400),
            Row(projects[1], 6, 100, 100),
            Row(projects[1], 7, 150_000, 150_100),
        ];
        var refused = await UploadAsync(reporter, "/api/imports/progress?submit=true", Workbook(ProgressSheet.SheetName, rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await RowErrorsAsync(refused);
        Assert.Equal([(2, ProgressSheet.YearToDate), (3, ProgressSheet.YearToDate), (5, ProgressSheet.Explanation)], errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("4470", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync<ProgressReport>(app, q => q.Where(r => r.KeyProjectId == projects[1].Id)));

        // Fixed and explained, the whole sheet goes in, and the warning stays on the report.
        rows[0] = Row(projects[0], 6, 900, 4_470);
        rows[1] = Row(projects[0], 7, 100, 4_570);
        rows[3] = Row(projects[1], 7, 150_000, 150_100, "含土地款");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(reporter, "/api/imports/progress?submit=true", Workbook(ProgressSheet.SheetName, rows))).StatusCode);
        Assert.Equal(1, await CountAsync<ProgressReport>(app, q => q.Where(r => r.KeyProjectId == projects[1].Id && r.Month == 7 && r.Explanation == "含土地款" && r.FigureWarnings != null)));
    }

    private static ProgressReportInput Input(int projectId, int year, long thisMonthWan, long yearToDateWan, int version = 0, string? explanation = null) =>
        new(projectId, year, 6, thisMonthWan * Wan, yearToDateWan * Wan, yearToDateWan * Wan + 1_000 * Wan, "主体施工", null, null, version, explanation);

    private static async Task AcceptedAsync(TestApp app, KeyProject project, int year, int month, long yearToDate)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        db.Add(new ProgressReport
        {
            KeyProjectId = project.Id,
            UnitId = project.UnitId,
            Year = year,
            Month = month,
            InvestmentThisMonth = 700 * Wan,
            InvestmentYearToDate = yearToDate,
            InvestmentSinceStart = yearToDate + 1_000 * Wan,
            Status = SubmissionStatus.Accepted,
            AcceptedAtUtc = new DateTime(year, month, 20, 0, 0, 0, DateTimeKind.Utc),
            RecordedAtUtc = new DateTime(year, month, 20, 0, 0, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<ProgressReportDto> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<ProgressReportDto>(ct))!;
    }
}
