using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

public sealed class ProjectUnitMoveTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_project_moved_to_another_unit_takes_its_plan_reports_and_stage_history_along(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var project = (await ExcelFiles.ProjectsOnPlanAsync(app, $"UM{(int)provider}-", 1, 2075)).Single();
        int lezhi;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            lezhi = (await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ", ct)).Id;
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            db.Add(new ProgressReport { KeyProjectId = project.Id, UnitId = project.UnitId, Year = 2075, Month = 3, InvestmentThisMonth = 1, InvestmentYearToDate = 1, InvestmentSinceStart = 1, RecordedAtUtc = now });
            db.Add(new ProjectStageChange { KeyProjectId = project.Id, UnitId = project.UnitId, Stage = ProjectStage.UnderConstruction, OnDate = new DateOnly(2075, 3, 1), RecordedAtUtc = now });
            await db.SaveChangesAsync(ct);
        }

        var office = await app.LoginAsync("project.office");
        var current = await office.GetFromJsonAsync<KeyProjectDto>($"/api/projects/{project.Id}", ct);
        var moved = Data.ConcurrencyTests.NewProject(project.Code, lezhi) with
        {
            Name = current!.Name,
            Stage = current.Stage,
            TotalInvestment = current.TotalInvestment,
            Version = current.Version,
        };
        Assert.Equal(HttpStatusCode.OK, (await office.PutAsJsonAsync($"/api/projects/{project.Id}", moved, ct)).StatusCode);

        // The new unit's reporter sees the whole history; the old unit's no longer sees any of it.
        var lezhiReporter = await app.LoginAsync("lezhi.reporter");
        var anyueReporter = await app.LoginAsync("anyue.reporter");
        Assert.Equal(1, (await lezhiReporter.GetFromJsonAsync<Page<ProgressReportDto>>($"/api/progress-reports?projectId={project.Id}", ct))!.Total);
        Assert.Equal(0, (await anyueReporter.GetFromJsonAsync<Page<ProgressReportDto>>($"/api/progress-reports?projectId={project.Id}", ct))!.Total);
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            Assert.All(await db.Set<AnnualPlanEntry>().Where(e => e.KeyProjectId == project.Id).ToListAsync(ct), e => Assert.Equal(lezhi, e.UnitId));
            // The plan's history moves too, and a move alone is no change of the plan (no new revision).
            var revisions = await db.Set<AnnualPlanRevision>().Where(r => r.KeyProjectId == project.Id).ToListAsync(ct);
            Assert.Single(revisions);
            Assert.All(revisions, r => Assert.Equal(lezhi, r.UnitId));
            Assert.All(await db.Set<ProgressReport>().Where(r => r.KeyProjectId == project.Id).ToListAsync(ct), r => Assert.Equal(lezhi, r.UnitId));
            Assert.Equal(1, await db.Set<ProjectStageChange>().CountAsync(s => s.KeyProjectId == project.Id && s.UnitId == lezhi, ct));
        }
    }
}
