using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Projects;

/// <summary>The funnel from the database, on projects of a year no other test uses (2093).</summary>
public sealed class FunnelTests(Apps apps)
{
    private const int Year = 2093;
    private const long Yi = Figure.YuanPerYi;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Counts_investment_conversion_and_median_days_per_step(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        await ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;

        var funnel = await (await app.LoginAsync("project.office")).GetFromJsonAsync<FunnelDto>($"/api/funnel?year={Year}", ct);
        var steps = funnel!.Steps.ToDictionary(s => s.Stage);

        Assert.Equal((5, 21 * Yi), (steps[FunnelStage.Reserve].Count, steps[FunnelStage.Reserve].Investment));
        Assert.Equal((4, 19 * Yi), (steps[FunnelStage.Signed].Count, steps[FunnelStage.Signed].Investment));
        Assert.Equal((2, 15 * Yi), (steps[FunnelStage.Started].Count, steps[FunnelStage.Started].Investment));
        Assert.Equal((1, 10 * Yi), (steps[FunnelStage.InProduction].Count, steps[FunnelStage.InProduction].Investment));

        Assert.Null(steps[FunnelStage.Reserve].ConversionFromPrevious);
        Assert.Equal(0.8m, steps[FunnelStage.Signed].ConversionFromPrevious);
        Assert.Equal("50.0%", steps[FunnelStage.Started].ConversionText);
        Assert.Equal(0.5m, steps[FunnelStage.InProduction].ConversionFromPrevious);

        // Reserve: 60, 121, 31, 31 days → (31 + 60) ÷ 2; signed: only project 1 (92); started: 365.
        Assert.Equal((45.5m, 4), (steps[FunnelStage.Reserve].MedianDaysInStage, steps[FunnelStage.Reserve].ProjectsTimed));
        Assert.Equal((92m, 1), (steps[FunnelStage.Signed].MedianDaysInStage, steps[FunnelStage.Signed].ProjectsTimed));
        Assert.Equal((365m, 1), (steps[FunnelStage.Started].MedianDaysInStage, steps[FunnelStage.Started].ProjectsTimed));
        Assert.Null(steps[FunnelStage.InProduction].MedianDaysInStage);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_funnel_is_confined_to_the_users_scope(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        await ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;

        var lezhi = await (await app.LoginAsync("lezhi.reporter")).GetFromJsonAsync<FunnelDto>($"/api/funnel?year={Year}", ct);
        var anyue = await (await app.LoginAsync("anyue.reporter")).GetFromJsonAsync<FunnelDto>($"/api/funnel?year={Year}", ct);

        Assert.Equal(5, lezhi!.Steps[0].Count);
        Assert.All(anyue!.Steps, s => Assert.Equal(0, s.Count));
        Assert.Null(anyue.Steps[1].ConversionFromPrevious);
    }

    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>
    /// Five projects of 乐至县 on the 2093 plan: 1 went all the way, 2 skipped signing, 3 signed,
    /// 4 is still in planning, 5 signed and started only in 2094 (after the year).
    /// </summary>
    private static async Task ArrangeAsync(TestApp app)
    {
        await Once.WaitAsync();
        try
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (await db.Set<KeyProject>().AnyAsync(p => p.Code == "FN-2093-1"))
            {
                return;
            }

            var unit = await db.Set<Unit>().SingleAsync(u => u.Code == "ZY-LZ");
            (long Yi, (ProjectStage Stage, DateOnly On)[] History)[] specs =
            [
                (10, [(ProjectStage.Planning, new(2092, 1, 1)), (ProjectStage.Signed, new(2092, 3, 1)), (ProjectStage.Started, new(2092, 6, 1)), (ProjectStage.InProduction, new(2093, 6, 1))]),
                (5, [(ProjectStage.Planning, new(2092, 1, 1)), (ProjectStage.Started, new(2092, 5, 1)), (ProjectStage.UnderConstruction, new(2092, 6, 1))]),
                (3, [(ProjectStage.Planning, new(2093, 1, 1)), (ProjectStage.Signed, new(2093, 2, 1))]),
                (2, [(ProjectStage.Planning, new(2093, 1, 1))]),
                (1, [(ProjectStage.Planning, new(2093, 3, 1)), (ProjectStage.Signed, new(2093, 4, 1)), (ProjectStage.Started, new(2094, 1, 15))]),
            ];
            foreach (var (spec, i) in specs.Select((s, i) => (s, i)))
            {
                var project = new KeyProject { Code = $"FN-2093-{i + 1}", Name = $"漏斗测试项目{i + 1}", UnitId = unit.Id, Category = ProjectCategory.Industry, Stage = spec.History[^1].Stage, TotalInvestment = spec.Yi * Yi };
                db.Add(project);
                db.Add(new AnnualPlanEntry { Year = Year, KeyProject = project, UnitId = unit.Id, PlanType = i < 2 ? PlanType.Continuing : PlanType.Reserve, AnnualPlannedInvestment = i < 2 ? Yi : 0 });
                db.AddRange(spec.History.Select(h => new ProjectStageChange
                {
                    KeyProject = project,
                    UnitId = unit.Id,
                    Stage = h.Stage,
                    OnDate = h.On,
                    RecordedAtUtc = h.On.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                }));
            }

            await db.SaveChangesAsync();
        }
        finally
        {
            Once.Release();
        }
    }
}
