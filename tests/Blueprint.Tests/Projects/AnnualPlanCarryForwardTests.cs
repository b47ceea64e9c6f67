using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>Drafting next year's key list: who goes on, as what, and that a second run adds nothing.</summary>
public sealed class AnnualPlanCarryForwardTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Continuing_and_started_projects_go_on_once_and_only_the_office_may_run_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var year = provider == DatabaseProvider.Sqlite ? 2085 : 2087;
        var ct = TestContext.Current.CancellationToken;
        var ids = await ArrangeAsync(app, year, "CF" + provider.ToString()[..2]);

        var reporter = await app.LoginAsync("anyue.reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsync($"/api/annual-plan/{year}/carry-forward", null, ct)).StatusCode);
        var leader = await app.LoginAsync("leader");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync($"/api/annual-plan/{year}/carry-forward", null, ct)).StatusCode);
        Assert.Equal(0, await EntriesAsync(app, year + 1, ids.Values.Where(v => v != ids["already"])));

        var office = await app.LoginAsync("project.office");
        var first = await office.PostAsync($"/api/annual-plan/{year}/carry-forward", null, ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = await first.Content.ReadFromJsonAsync<CarryForwardResult>(ct);
        Assert.Equal(new CarryForwardResult(year, year + 1, Created: 2, Skipped: 1), result);

        using (var scope = app.SystemScope())
        {
            var next = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AnnualPlanEntry>()
                .Where(e => e.Year == year + 1 && ids.Values.Contains(e.KeyProjectId)).ToDictionaryAsync(e => e.KeyProjectId, ct);
            Assert.Equal(new[] { ids["already"], ids["building"], ids["started"] }.Order(), next.Keys.Order());
            Assert.Equal(PlanType.Continuing, next[ids["started"]].PlanType);
            Assert.Equal(PlanType.Continuing, next[ids["building"]].PlanType);
            Assert.Equal((true, 9), (next[ids["building"]].PlannedCompletion, next[ids["building"]].PlannedCompletionMonth));
            Assert.False(next[ids["started"]].PlannedCompletion);
            Assert.Equal(0, next[ids["building"]].AnnualPlannedInvestment);
        }

        var second = await (await office.PostAsync($"/api/annual-plan/{year}/carry-forward", null, ct)).Content.ReadFromJsonAsync<CarryForwardResult>(ct);
        Assert.Equal(new CarryForwardResult(year, year + 1, Created: 0, Skipped: 3), second);
        Assert.Equal(3, await EntriesAsync(app, year + 1, ids.Values));
    }

    private static async Task<int> EntriesAsync(TestApp app, int year, IEnumerable<int> projectIds)
    {
        using var scope = app.SystemScope();
        var ids = projectIds.ToList();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AnnualPlanEntry>()
            .CountAsync(e => e.Year == year && ids.Contains(e.KeyProjectId), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// building: continuing, under construction, planned to complete in September next year (goes on);
    /// done: continuing but completed (stays); started: a planned start that started (goes on as continuing);
    /// waiting: a planned start not started (stays); reserve (stays); archived (stays);
    /// already: continuing and already on next year's plan (skipped).
    /// </summary>
    private static async Task<Dictionary<string, int>> ArrangeAsync(TestApp app, int year, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
        (string Key, PlanType Type, ProjectStage Stage, bool Archived)[] specs =
        [
            ("building", PlanType.Continuing, ProjectStage.UnderConstruction, false),
            ("done", PlanType.Continuing, ProjectStage.Completed, false),
            ("started", PlanType.PlannedStart, ProjectStage.Started, false),
            ("waiting", PlanType.PlannedStart, ProjectStage.Signed, false),
            ("reserve", PlanType.Reserve, ProjectStage.Planning, false),
            ("archived", PlanType.Continuing, ProjectStage.UnderConstruction, true),
            ("already", PlanType.Continuing, ProjectStage.UnderConstruction, false),
        ];
        var projects = specs.ToDictionary(s => s.Key, s => new KeyProject
        {
            Code = $"{tag}-{s.Key}",
            Name = $"结转测试{s.Key}",
            UnitId = unit.Id,
            Stage = s.Stage,
            IsArchived = s.Archived,
            PlannedCompletion = s.Key == "building" ? new DateOnly(year + 1, 9, 30) : new DateOnly(year + 3, 6, 30),
        });
        db.AddRange(projects.Values);
        db.AddRange(specs.Select(s => new AnnualPlanEntry { Year = year, KeyProject = projects[s.Key], UnitId = unit.Id, PlanType = s.Type, AnnualPlannedInvestment = 100_000_000 }));
        db.Add(new AnnualPlanEntry { Year = year + 1, KeyProject = projects["already"], UnitId = unit.Id, PlanType = PlanType.Continuing, AnnualPlannedInvestment = 50_000_000 });
        await db.SaveChangesAsync();
        return projects.ToDictionary(p => p.Key, p => p.Value.Id);
    }
}
