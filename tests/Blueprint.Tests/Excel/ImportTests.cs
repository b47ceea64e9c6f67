using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

public sealed class ImportTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Three_bad_rows_among_500_import_nothing_and_are_reported_exactly(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var reporter = await app.LoginAsync("anyue.reporter");
        var prefix = $"IB{(int)provider}-";
        var rows = Enumerable.Range(0, 500).Select(i => ProjectRow($"{prefix}{i:D4}")).ToList();
        rows[48][ProjectSheet.Category] = "农业";             // Excel row 50: not an allowed value
        rows[199][ProjectSheet.Total] = "12.345678";          // Excel row 201: a fraction of a 元
        rows[398][ProjectSheet.Code] = rows[10][ProjectSheet.Code]; // Excel row 400: repeats row 12
        var workbook = Workbook(ProjectSheet.SheetName, rows);

        var response = await UploadAsync(reporter, "/api/imports/projects", workbook);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await RowErrorsAsync(response);
        Assert.Equal(
            [(50, ProjectSheet.Category), (201, ProjectSheet.Total), (400, ProjectSheet.Code)],
            errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.Equal("农业", errors[0].Value);
        Assert.Contains("4 位小数", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("第 12 行重复", errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync<KeyProject>(app, q => q.IgnoreQueryFilters([ProjectProposals.LibraryFilter]).Where(p => p.Code.StartsWith(prefix))));

        // The same report as a workbook.
        var asXlsx = await UploadAsync(reporter, "/api/imports/projects?format=xlsx", workbook);
        Assert.Equal(HttpStatusCode.BadRequest, asXlsx.StatusCode);
        Assert.Equal(Xlsx.ContentType, asXlsx.Content.Headers.ContentType?.MediaType);
        var report = Read(await asXlsx.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal([50d, 201d, 400d], report.Select(r => Convert.ToDouble(r["行号"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([ProjectSheet.Category, ProjectSheet.Total, ProjectSheet.Code], report.Select(r => (string)r["列"]!));

        // Fixed, all 500 go in.
        rows[48][ProjectSheet.Category] = "产业";
        rows[199][ProjectSheet.Total] = "12.3456";
        rows[398][ProjectSheet.Code] = $"{prefix}0398";
        var fixedResponse = await UploadAsync(reporter, "/api/imports/projects", Workbook(ProjectSheet.SheetName, rows));
        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        Assert.Equal(500, (await fixedResponse.Content.ReadFromJsonAsync<ImportResult>(TestContext.Current.CancellationToken))!.Imported);

        // A county's import files proposals (decision 0018): all 500 wait for the office, none is in the library yet.
        Assert.Equal(500, await CountAsync<KeyProject>(app, q => q.IgnoreQueryFilters([ProjectProposals.LibraryFilter])
            .Where(p => p.Code.StartsWith(prefix) && p.LibraryStatus == LibraryStatus.Proposed)));
        Assert.Equal(0, await CountAsync<KeyProject>(app, q => q.Where(p => p.Code.StartsWith(prefix))));
        var proposals = await reporter.GetFromJsonAsync<Page<ProposalRowDto>>($"/api/project-proposals?q={prefix}0199", TestContext.Current.CancellationToken);
        Assert.Equal(123_456, Assert.Single(proposals!.Items).TotalInvestment);

        // The office is told once, with the count, not 500 times.
        Assert.Equal(1, await CountAsync<Blueprint.Web.Features.Notifications.Notification>(app, q => q.Where(n =>
            n.User!.UserName == "project.office" && n.Title.Contains("安岳县填报员通过导入申报了 500 个项目"))));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_10000_row_progress_import_succeeds(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var prefix = $"PG{(int)provider}-";
        var projects = await ProjectsOnPlanAsync(app, prefix, 834, 2095);
        await OpenWindowsAsync(app, 2095, [.. Enumerable.Range(1, 12)]);
        var rows = (from p in projects
                    from month in Enumerable.Range(1, 12)
                    select new Dictionary<string, object?>
                    {
                        [ProgressSheet.Year] = 2095,
                        [ProgressSheet.Month] = month,
                        [ProgressSheet.Code] = p.Code,
                        [ProgressSheet.ThisMonth] = 100.5m,
                        [ProgressSheet.YearToDate] = 100.5m * month,
                        [ProgressSheet.SinceStart] = 1000 + (100.5m * month),
                        [ProgressSheet.Physical] = $"第{month}月主体施工",
                    }).ToList();
        Assert.Equal(10_008, rows.Count);
        var reporter = await app.LoginAsync("anyue.reporter");

        var clock = Stopwatch.StartNew();
        var response = await UploadAsync(reporter, "/api/imports/progress", Workbook(ProgressSheet.SheetName, rows));
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        TestContext.Current.TestOutputHelper?.WriteLine($"{provider}: 10,008-row progress import took {clock.ElapsedMilliseconds} ms");
        var ids = projects.Select(p => p.Id).ToList();
        Assert.Equal(10_008, await CountAsync<ProgressReport>(app, q => q.Where(r => ids.Contains(r.KeyProjectId) && r.IsCurrent && r.Status == SubmissionStatus.Draft)));
        Assert.Equal(1_005_000 * 12, (await reporter.GetFromJsonAsync<Page<ProgressReportDto>>(
            $"/api/progress-reports?projectId={ids[0]}&year=2095&month=12", TestContext.Current.CancellationToken))!.Items.Single().InvestmentYearToDate);

        // The same file again: every row now collides with an existing report, and nothing is added.
        var again = await UploadAsync(reporter, "/api/imports/progress", Workbook(ProgressSheet.SheetName, rows.Take(3)));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.All(await RowErrorsAsync(again), e => Assert.Equal(ProgressSheet.Month, e.Column));
    }

    private static async Task OpenWindowsAsync(TestApp app, int year, params int[] months)
    {
        foreach (var month in months)
        {
            await Projects.TestWindows.EnsureOpenAsync(app, year, month);
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Progress_rows_need_the_month_s_reporting_window_open_as_the_form_does(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var projects = await ProjectsOnPlanAsync(app, $"PW{(int)provider}-", 1, 2076);
        await OpenWindowsAsync(app, 2076, 1);
        using (var scope = app.SystemScope())
        {
            // Month 2 opens in the far future; month 3 was opened and closed; month 4 has no window.
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (!await db.Set<ReportingWindow>().AnyAsync(w => w.Year == 2076 && w.Month == 2, TestContext.Current.CancellationToken))
            {
                db.Add(new ReportingWindow { Year = 2076, Month = 2, OpensOn = new DateOnly(2076, 2, 1), DueOn = new DateOnly(2076, 2, 5) });
                db.Add(new ReportingWindow { Year = 2076, Month = 3, OpensOn = new DateOnly(2020, 1, 1), DueOn = new DateOnly(2076, 3, 5), ClosedAtUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }
        }

        Dictionary<string, object?> Row(int month) => new()
        {
            [ProgressSheet.Year] = 2076,
            [ProgressSheet.Month] = month,
            [ProgressSheet.Code] = projects[0].Code,
            [ProgressSheet.ThisMonth] = 1m,
            [ProgressSheet.YearToDate] = month * 1m,
            [ProgressSheet.SinceStart] = month * 1m,
        };
        var reporter = await app.LoginAsync("anyue.reporter");
        var response = await UploadAsync(reporter, "/api/imports/progress", Workbook(ProgressSheet.SheetName, [Row(1), Row(2), Row(3), Row(4)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await RowErrorsAsync(response);
        Assert.Equal([(3, ProgressSheet.Month), (4, ProgressSheet.Month), (5, ProgressSheet.Month)], errors.Select(e => (e.Row, e.Column)).ToList());
        Assert.Contains("2076-02-01", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync<ProgressReport>(app, q => q.Where(r => r.KeyProjectId == projects[0].Id)));

        // The open month alone goes in.
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(reporter, "/api/imports/progress", Workbook(ProgressSheet.SheetName, [Row(1)]))).StatusCode);
        Assert.Equal(1, await CountAsync<ProgressReport>(app, q => q.Where(r => r.KeyProjectId == projects[0].Id)));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Progress_rows_are_checked_against_plan_scope_and_their_own_figures(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var prefix = $"PV{(int)provider}-";
        var projects = await ProjectsOnPlanAsync(app, prefix, 2, 2096);
        await OpenWindowsAsync(app, 2096, 1, 2);
        var lezhi = await app.LoginAsync("lezhi.reporter");
        Dictionary<string, object?> Row(string code, int month, decimal thisMonth, decimal ytd) => new()
        {
            [ProgressSheet.Year] = 2096,
            [ProgressSheet.Month] = month,
            [ProgressSheet.Code] = code,
            [ProgressSheet.ThisMonth] = thisMonth,
            [ProgressSheet.YearToDate] = ytd,
            [ProgressSheet.SinceStart] = ytd,
        };

        // Another county's reporter cannot see Anyue's projects at all.
        var outOfScope = await UploadAsync(lezhi, "/api/imports/progress", Workbook(ProgressSheet.SheetName, [Row(projects[0].Code, 1, 1, 1)]));
        Assert.Equal((2, ProgressSheet.Code), (await RowErrorsAsync(outOfScope)).Select(e => (e.Row, e.Column)).Single());

        var reporter = await app.LoginAsync("anyue.reporter");
        var response = await UploadAsync(reporter, "/api/imports/progress", Workbook(ProgressSheet.SheetName,
        [
            Row(projects[0].Code, 13, 1, 1),     // row 2: month out of range
            Row(projects[0].Code, 2, 50, 40),    // row 3: year to date below this month
            Row(projects[1].Code, 2, 1, 1),      // row 4: good
            Row(projects[1].Code, 2, 1, 1),      // row 5: repeats row 4
        ]));

        var errors = await RowErrorsAsync(response);
        Assert.Equal([(2, ProgressSheet.Month), (3, ProgressSheet.YearToDate), (5, ProgressSheet.Month)], errors.Select(e => (e.Row, e.Column)).ToList());
        var ids = projects.Select(p => p.Id).ToList();
        Assert.Equal(0, await CountAsync<ProgressReport>(app, q => q.Where(r => ids.Contains(r.KeyProjectId))));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Annual_plan_rows_go_onto_the_plan_and_reserve_rows_carry_no_target(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var prefix = $"AP{(int)provider}-";
        var projects = await ProjectsOnPlanAsync(app, prefix, 3, 2097);
        var office = await app.LoginAsync("project.office");
        Dictionary<string, object?> Row(string code, string type, object? wan, string? done = null) => new()
        {
            [AnnualPlanSheet.Year] = 2098,
            [AnnualPlanSheet.Code] = code,
            [AnnualPlanSheet.PlanType] = type,
            [AnnualPlanSheet.PlannedCompletion] = done,
            [AnnualPlanSheet.Investment] = wan,
            [AnnualPlanSheet.StartMonth] = 3,
        };

        var bad = await UploadAsync(office, "/api/imports/annual-plan", Workbook(AnnualPlanSheet.SheetName,
            [Row(projects[0].Code, "续建", 800), Row(projects[1].Code, "加快前期", 100), Row(projects[2].Code, "计划开工", null, "是")]));
        Assert.Equal([(3, AnnualPlanSheet.Investment), (4, AnnualPlanSheet.Investment)], (await RowErrorsAsync(bad)).Select(e => (e.Row, e.Column)).ToList());

        var good = await UploadAsync(office, "/api/imports/annual-plan", Workbook(AnnualPlanSheet.SheetName,
            [Row(projects[0].Code, "续建", 800), Row(projects[1].Code, "加快前期", null), Row(projects[2].Code, "计划开工", 0.0001m, "是")]));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var ids = projects.Select(p => p.Id).ToList();
        Assert.Equal(1, await CountAsync<AnnualPlanEntry>(app, q => q.Where(e => e.Year == 2098 && ids.Contains(e.KeyProjectId) && e.AnnualPlannedInvestment == 8_000_000)));
        Assert.Equal(1, await CountAsync<AnnualPlanEntry>(app, q => q.Where(e => e.Year == 2098 && ids.Contains(e.KeyProjectId) && e.PlannedCompletion && e.AnnualPlannedInvestment == 1)));

        // A reporter does not keep the annual plan.
        var reporter = await app.LoginAsync("anyue.reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(reporter, "/api/imports/annual-plan", Workbook(AnnualPlanSheet.SheetName, [Row(projects[0].Code, "续建", 1)]))).StatusCode);
    }
}
