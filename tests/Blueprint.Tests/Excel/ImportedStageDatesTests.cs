using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Tests.Excel.ExcelFiles;

namespace Blueprint.Tests.Excel;

/// <summary>
/// A city loads its projects at the end of a year: the project import dates each stage on the
/// sheet's 实际开工日期 / 实际竣工日期, so a past month's 开工率, 竣工率, 转化率 and funnel count
/// each project from its own month, not from the day of the import. Years 2047 / 2048.
/// </summary>
public sealed class ImportedStageDatesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_past_months_rates_and_funnel_count_imported_projects_from_their_own_dates(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2047 : 2048;
        var office = await app.LoginAsync("project.office");
        string Code(int n) => $"SD{year}-{n}";
        string Day(int y, int month, int day) => new DateOnly(y, month, day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // (stage, 实际开工日期, 实际竣工日期, plan type, 计划竣工)
        (string Stage, string? Start, string? Done, string Plan, bool Finish)[] specs =
        [
            ("在建", Day(year, 3, 10), null, "计划开工", false),             // 1: started in March
            ("竣工", Day(year, 4, 1), Day(year, 11, 20), "计划开工", true),  // 2: started in April, completed in November
            ("开工", Day(year, 8, 1), null, "计划开工", false),              // 3: started in August
            ("竣工", Day(year - 1, 5, 1), Day(year, 5, 15), "续建", true),  // 4: completed in May
            ("开工", Day(year, 2, 1), null, "加快前期", false),              // 5: a reserve project started in February
            ("签约", null, null, "加快前期", false),                         // 6: a reserve project signed (no date: today)
            ("开工", Day(year - 1, 12, 1), null, "加快前期", false),         // 7: a reserve project started the year before
        ];
        var rows = specs.Select((s, i) =>
        {
            var row = ProjectRow(Code(i + 1), DemoUnits.Lezhi);
            row[ProjectSheet.Stage] = s.Stage;
            row[ProjectSheet.PlannedStart] = Day(year, 1, 1);
            row[ProjectSheet.PlannedCompletion] = Day(year + 1, 12, 31);
            row[ProjectSheet.ActualStart] = s.Start;
            row[ProjectSheet.ActualCompletion] = s.Done;
            return row;
        }).ToList();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(office, "/api/imports/projects", Workbook(ProjectSheet.SheetName, rows))).StatusCode);

        var plan = specs.Select((s, i) => new Dictionary<string, object?>
        {
            [AnnualPlanSheet.Year] = year,
            [AnnualPlanSheet.Code] = Code(i + 1),
            [AnnualPlanSheet.PlanType] = s.Plan,
            [AnnualPlanSheet.PlannedCompletion] = s.Finish ? "是" : null,
            [AnnualPlanSheet.Investment] = s.Plan == "加快前期" ? null : 1000,
            [AnnualPlanSheet.StartMonth] = null,
        });
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(office, "/api/imports/annual-plan", Workbook(AnnualPlanSheet.SheetName, plan))).StatusCode);

        // The completed project that started in April has its start on record, on its own day.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var second = Code(2);
            var history = await db.Set<ProjectStageChange>().Where(s => s.KeyProject!.Code == second)
                .OrderBy(s => s.OnDate).Select(s => new { s.Stage, s.OnDate }).ToListAsync(ct);
            Assert.Equal([(ProjectStage.Started, new DateOnly(year, 4, 1)), (ProjectStage.Completed, new DateOnly(year, 11, 20))],
                history.Select(h => (h.Stage, h.OnDate)).ToList());
        }

        // End of June: projects 1 and 2 of 3 planned starts have started; project 4 of 2 planned
        // completions has completed; reserve project 5 of 3 started within the year.
        var june = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?year={year}&month=6", ct))!.All;
        Assert.Equal((3, 2, "66.7%"), (june.PlannedStarts, june.Started, Figure.Percent(june.StartRate)));
        Assert.Equal((2, 1, "50.0%"), (june.PlannedCompletions, june.Completed, Figure.Percent(june.FinishRate)));
        Assert.Equal((3, 1, "33.3%"), (june.Reserve, june.ReserveStarted, Figure.Percent(june.ConversionRate)));

        // End of February: nothing planned had started or completed yet; the reserve project had.
        var february = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?year={year}&month=2", ct))!.All;
        Assert.Equal((0, 0, 1), (february.Started, february.Completed, february.ReserveStarted));

        // The cockpit's funnel at the end of June: project 3 had not started (still reserve),
        // so 7 reserve → 6 signed → 5 started → none in production.
        using var cockpit = JsonDocument.Parse(await office.GetStringAsync($"/api/cockpit?year={year}&month=6", ct));
        var steps = cockpit.RootElement.GetProperty("funnel").GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("stage").GetString(), s.GetProperty("count").GetInt32())).ToList();
        Assert.Equal([("Reserve", 7), ("Signed", 6), ("Started", 5), ("InProduction", 0)], steps);

        // The whole year's funnel: project 3 started in August.
        var wholeYear = (await office.GetFromJsonAsync<FunnelDto>($"/api/funnel?year={year}", ct))!.Steps;
        Assert.Equal([7, 7, 6, 0], wholeYear.Select(s => s.Count));
    }
}
