using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Indicators;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Plans;

public sealed class PlanCopyForwardTests(Apps apps)
{
    private static readonly DateTime Accepted = new(IndicatorArrange.Year, 4, 10, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Copying_a_year_forward_copies_priorities_goals_indicators_and_targets_but_no_values_and_only_once(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await IndicatorArrange.PlanYearAsync(app);
        var (anyue, lezhi) = (await IndicatorArrange.UnitAsync(app, "ZY-AY"), await IndicatorArrange.UnitAsync(app, "ZY-LZ"));
        var office = await app.LoginAsync("project.office");
        var priorityId = plan.Priorities.First().Id;
        var goal = await (await office.PostAsJsonAsync("/api/goals", new GoalInput($"复制测试目标-{provider}", "说明", anyue, priorityId, PlanYearId: plan.Id), ct))
            .Content.ReadFromJsonAsync<GoalDto>(ct);
        var name = $"复制测试指标-{provider}";
        var indicator = await IndicatorArrange.CreateAsync(app, IndicatorArrange.Input(plan.Id, name, anyue, 200m, ScheduleProfile.Quarterly,
            [new(lezhi, 50m)], [10m, 40m, 70m, 100m]) with
        { GoalId = goal!.Id });
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Add(new IndicatorValue { IndicatorId = indicator.Id, UnitId = anyue, Year = IndicatorArrange.Year, Period = 1, Value = 25m, Status = SubmissionStatus.Accepted, RecordedAtUtc = Accepted, AcceptedAtUtc = Accepted });
            await db.SaveChangesAsync(ct);
        }

        // Units may not copy; the office may.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("anyue.reporter")).PostAsync($"/api/plan-years/{IndicatorArrange.Year}/copy-forward", null, ct)).StatusCode);
        var response = await office.PostAsync($"/api/plan-years/{IndicatorArrange.Year}/copy-forward", null, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<PlanCopyResult>(ct);
        Assert.Equal(IndicatorArrange.Year + 1, result!.ToYear);

        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var next = await db.Set<PlanYear>().Include(y => y.Priorities).SingleAsync(y => y.Year == IndicatorArrange.Year + 1, ct);
            Assert.Equal(($"{IndicatorArrange.Year + 1}年蓝图", "成渝中部崛起示范区"), (next.Title, next.Positioning));
            Assert.Equal(["三件大事之一"], next.Priorities.Select(p => p.Title));
            var copy = await db.Set<Indicator>().Include(i => i.Goal).ThenInclude(g => g!.Priority).SingleAsync(i => i.PlanYearId == next.Id && i.Name == name, ct);
            Assert.Equal((200m, ScheduleProfile.Quarterly, anyue), (copy.AnnualTarget, copy.Profile, copy.UnitId));
            Assert.Equal([10m, 40m, 70m, 100m], copy.ScheduleShares);
            Assert.Equal(($"复制测试目标-{provider}", next.Id, next.Priorities.Single().Id), (copy.Goal!.Title, copy.Goal.PlanYearId, copy.Goal.PriorityId!.Value));
            var targets = await db.Set<IndicatorTarget>().Where(x => x.IndicatorId == copy.Id).OrderBy(x => x.Target).Select(x => new { x.UnitId, x.Target }).ToListAsync(ct);
            Assert.Equal([(lezhi, 50m), (anyue, 200m)], targets.Select(x => (x.UnitId, x.Target)));
            Assert.Equal(0, await db.Set<IndicatorValue>().CountAsync(v => v.IndicatorId == copy.Id, ct));
            Assert.Equal(1, await db.Set<IndicatorValue>().CountAsync(v => v.IndicatorId == indicator.Id, ct));
        }

        // The target year now exists: a second copy is refused and says why.
        var again = await office.PostAsync($"/api/plan-years/{IndicatorArrange.Year}/copy-forward", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"{IndicatorArrange.Year + 1}年度蓝图已经存在", await again.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Plan_year_and_goal_edits_are_validated_in_chinese_and_stale_versions_conflict(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var plan = await IndicatorArrange.PlanYearAsync(app);
        var office = await app.LoginAsync("project.office");
        var anyue = await IndicatorArrange.UnitAsync(app, "ZY-AY");

        var invalid = await office.PostAsJsonAsync("/api/goals", new GoalInput(" ", null, anyue, null, PlanYearId: plan.Id), ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var goal = await (await office.PostAsJsonAsync("/api/goals", new GoalInput($"版本测试目标-{provider}", null, anyue, null, PlanYearId: plan.Id), ct)).Content.ReadFromJsonAsync<GoalDto>(ct);
        var first = await office.PutAsJsonAsync($"/api/goals/{goal!.Id}", new GoalInput("改一次", null, anyue, null, goal.Version), ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync($"/api/goals/{goal.Id}", new GoalInput("过期的修改", null, anyue, null, goal.Version), ct)).StatusCode);

        var badShares = IndicatorArrange.Input(plan.Id, $"校验测试指标-{provider}", anyue, profile: ScheduleProfile.Quarterly, shares: [10m, 40m, 90m]);
        var refused = await office.PostAsJsonAsync("/api/indicators", badShares with { Name = "" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync(ct);
        Assert.Contains("请填写指标名称", body, StringComparison.Ordinal);
        Assert.Contains("应有 4 个累计比例", body, StringComparison.Ordinal);

        var exists = await office.PostAsJsonAsync("/api/plan-years", new PlanYearInput(IndicatorArrange.Year, "重复", null), ct);
        Assert.Equal(HttpStatusCode.BadRequest, exists.StatusCode);
        Assert.Contains("已经存在", await exists.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
