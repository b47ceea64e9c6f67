using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>
/// A mid-year adjustment of the annual plan (计划调整) changes today's bulletin but not a bulletin
/// as known before it: raising one project's plan, taking another off the plan and adding a third
/// mid-year leave the earlier figures as they were, and each change is kept with its reason.
/// </summary>
public sealed class PlanHistoryTests(Apps apps)
{
    private const long Wan = Figure.YuanPerWan;
    private static readonly long[] PlansWan = [1_000, 500];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_adjusted_plan_leaves_earlier_bulletins_as_they_were(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2065 : 2066; // years no other test uses
        var (raised, removed) = await ArrangeAsync(app, year, $"PH-{provider}");
        await Task.Delay(20, ct);
        var before = TimeProvider.System.GetUtcNow().UtcDateTime;
        await Task.Delay(20, ct);

        var office = await app.LoginAsync("project.office");
        var adjust = await office.PutAsJsonAsync($"/api/annual-plan/{raised.Id}",
            new PlanEntryInput(PlanType.Continuing, false, 2_000 * Wan, null, null, "市政府常务会议同意调增", raised.Version), ct);
        Assert.Equal(HttpStatusCode.OK, adjust.StatusCode);
        var remove = await office.DeleteAsync($"/api/annual-plan/{removed.Id}?version={removed.Version}&reason=项目终止", ct);
        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        await AddMidYearAsync(app, year, $"PH-{provider}");

        async Task<BulletinDto> GetAsync(DateTime? knownAt) => (await office.GetFromJsonAsync<BulletinDto>(
            $"/api/bulletin?year={year}&month=3" + (knownAt is { } at ? $"&knownAtUtc={at:O}" : ""), ct))!;

        // As known before the adjustment: the plan as it was (1,000 + 500 万元), with its 300 万元 done.
        var then = await GetAsync(before);
        Assert.Equal((2, 1_500 * Wan, 300 * Wan), (then.All.Count, then.All.AnnualPlan, then.All.CompletedYearToDate));
        Assert.Equal("20.0%", then.All.CompletionRateText);

        // Today: the raised project (2,000) and the one added mid-year (800); the removed one is gone.
        var now = await GetAsync(null);
        Assert.Equal((2, 2_800 * Wan, 300 * Wan), (now.All.Count, now.All.AnnualPlan, now.All.CompletedYearToDate));

        var history = (await office.GetFromJsonAsync<List<PlanRevisionDto>>($"/api/annual-plan/history?year={year}&keyProjectId={raised.KeyProjectId}", ct))!;
        Assert.Equal([1_000 * Wan, 2_000 * Wan], history.Select(h => h.AnnualPlannedInvestment));
        Assert.Equal("市政府常务会议同意调增", history[^1].Reason);
        Assert.Equal("project.office", history[^1].RecordedBy);
        // The adjustment page shows the entry's history with the reasons.
        var page = await office.GetStringAsync($"/plans/entries/{raised.Id}", ct);
        Assert.Contains("市政府常务会议同意调增", page);
        Assert.Contains("id=\"plan-entry-remove\"", page);

        var gone = (await office.GetFromJsonAsync<List<PlanRevisionDto>>($"/api/annual-plan/history?year={year}&keyProjectId={removed.KeyProjectId}", ct))!;
        Assert.True(gone[^1].Removed);
        Assert.Equal("项目终止", gone[^1].Reason);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task An_adjustment_needs_a_reason_the_office_and_the_current_version(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2067 : 2069; // 2068 belongs to the report tests
        var (entry, _) = await ArrangeAsync(app, year, $"PR-{provider}");
        var office = await app.LoginAsync("project.office");
        PlanEntryInput Input(string? reason, int version) => new(PlanType.Continuing, false, 1_200 * Wan, null, null, reason, version);

        var noReason = await office.PutAsJsonAsync($"/api/annual-plan/{entry.Id}", Input(" ", entry.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("调整原因", await noReason.Content.ReadAsStringAsync(ct));

        var reserveWithMoney = await office.PutAsJsonAsync($"/api/annual-plan/{entry.Id}",
            new PlanEntryInput(PlanType.Reserve, false, 100 * Wan, null, null, "转入储备", entry.Version), ct);
        Assert.Equal(HttpStatusCode.BadRequest, reserveWithMoney.StatusCode);

        var reporter = await app.LoginAsync("lezhi.reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PutAsJsonAsync($"/api/annual-plan/{entry.Id}", Input("越权", entry.Version), ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await office.PutAsJsonAsync($"/api/annual-plan/{entry.Id}", Input("第一次调整", entry.Version), ct)).StatusCode);
        var stale = await office.PutAsJsonAsync($"/api/annual-plan/{entry.Id}", Input("基于旧版本的调整", entry.Version), ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.Equal(1_200 * Wan, (await db.Set<AnnualPlanEntry>().SingleAsync(e => e.Id == entry.Id, ct)).AnnualPlannedInvestment);
        Assert.Equal(2, await db.Set<AnnualPlanRevision>().CountAsync(r => r.Year == year && r.KeyProjectId == entry.KeyProjectId, ct));
    }

    /// <summary>Two continuing projects in 乐至县 (1,000 and 500 万元); the first has 300 万元 accepted for March.</summary>
    private static async Task<(AnnualPlanEntry Raised, AnnualPlanEntry Removed)> ArrangeAsync(TestApp app, int year, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
        var projects = Enumerable.Range(1, 2).Select(i => new KeyProject
        {
            Code = $"{tag}-{year}-{i}",
            Name = $"计划调整测试项目{i}",
            UnitId = unit.Id,
            Category = ProjectCategory.Industry,
            TotalInvestment = 10_000 * Wan,
        }).ToList();
        var entries = PlansWan.Select((plan, i) => new AnnualPlanEntry
        {
            Year = year,
            KeyProject = projects[i],
            UnitId = unit.Id,
            PlanType = PlanType.Continuing,
            AnnualPlannedInvestment = plan * Wan,
        }).ToList();
        db.AddRange(projects);
        db.AddRange(entries);
        var accepted = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1);
        db.Add(new ProgressReport
        {
            KeyProject = projects[0],
            UnitId = unit.Id,
            Year = year,
            Month = 3,
            InvestmentThisMonth = 300 * Wan,
            InvestmentYearToDate = 300 * Wan,
            InvestmentSinceStart = 300 * Wan,
            Status = SubmissionStatus.Accepted,
            RecordedAtUtc = accepted.AddHours(-1),
            AcceptedAtUtc = accepted,
        });
        await db.SaveChangesAsync();
        return (entries[0], entries[1]);
    }

    private static async Task AddMidYearAsync(TestApp app, int year, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
        var project = new KeyProject { Code = $"{tag}-{year}-3", Name = "年中新增项目", UnitId = unit.Id, Category = ProjectCategory.Livelihood, TotalInvestment = 5_000 * Wan };
        db.Add(project);
        db.Add(new AnnualPlanEntry { Year = year, KeyProject = project, UnitId = unit.Id, PlanType = PlanType.PlannedStart, AnnualPlannedInvestment = 800 * Wan });
        await db.SaveChangesAsync();
    }
}
