using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Indicators;

/// <summary>
/// Own test data for the indicator tests: plan year 2090 (no other test uses it; the copy-forward
/// test copies it to 2091) and indicators created through the office's API.
/// </summary>
internal static class IndicatorArrange
{
    public const int Year = 2090;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<PlanYear> PlanYearAsync(TestApp app, int year = Year)
    {
        await Gate.WaitAsync();
        try
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (await db.Set<PlanYear>().Include(y => y.Priorities).SingleOrDefaultAsync(y => y.Year == year) is { } existing)
            {
                return existing;
            }

            var plan = new PlanYear { Year = year, Title = $"{year}年蓝图", Positioning = "成渝中部崛起示范区" };
            plan.Priorities.Add(new Priority { Title = "三件大事之一", SortOrder = 1 });
            db.Add(plan);
            await db.SaveChangesAsync();
            return plan;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<int> UnitAsync(TestApp app, string code)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    public static IndicatorInput Input(int planYearId, string name, int unitId, decimal target = 120m, ScheduleProfile profile = ScheduleProfile.Monthly,
        IReadOnlyList<TargetShareInput>? targets = null, IReadOnlyList<decimal>? shares = null) =>
        new(planYearId, null, name, "亿元", IndicatorDirection.HigherIsBetter, IndicatorValueKind.YearToDate, null, target, profile, shares, "市统计局", unitId, targets);

    public static async Task<IndicatorDto> CreateAsync(TestApp app, IndicatorInput input)
    {
        var office = await app.LoginAsync("project.office");
        var response = await office.PostAsJsonAsync("/api/indicators", input, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IndicatorDto>(TestContext.Current.CancellationToken))!;
    }
}
