using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Milestones;

public sealed class MilestoneTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_timeline_shows_the_demo_year_and_filters_new_events(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var reporter = await app.LoginAsync("lezhi.reporter");

        // The conference's 2023 events, in date order, with their units and projects.
        var demo = await reporter.GetFromJsonAsync<Page<MilestoneDto>>("/api/milestones?year=2023&pageSize=100", ct);
        Assert.Equal(6, demo!.Total);
        Assert.Equal(demo.Items.OrderBy(m => m.Date).Select(m => m.Id), demo.Items.Select(m => m.Id));
        Assert.Contains(demo.Items, m => m.Title.Contains("星河动力", StringComparison.Ordinal) && m.ProjectName != null && m.MonthOnly);
        Assert.Single((await reporter.GetFromJsonAsync<Page<MilestoneDto>>("/api/milestones?year=2023&q=务虚会", ct))!.Items);

        var units = (await office.GetFromJsonAsync<List<UnitDto>>("/api/units", ct))!.ToDictionary(u => u.Code, u => u.Id);
        var input = new MilestoneInput(new DateOnly(2094, 5, 18), true, $"测试大事 {provider}", "说明", null, null, [units["ZY-LZ"]]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/milestones", input, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/milestones", input with { Title = "" }, ct)).StatusCode);
        var created = await office.PostAsJsonAsync("/api/milestones", input, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var milestone = (await created.Content.ReadFromJsonAsync<MilestoneDto>(ct))!;
        Assert.Equal(new DateOnly(2094, 5, 1), milestone.Date);

        var byUnit = await reporter.GetFromJsonAsync<Page<MilestoneDto>>($"/api/milestones?year=2094&unitId={units["ZY-LZ"]}&q={provider}", ct);
        Assert.Equal(milestone.Id, byUnit!.Items.Single().Id);
        Assert.Empty((await reporter.GetFromJsonAsync<Page<MilestoneDto>>($"/api/milestones?year=2094&unitId={units["ZY-AY"]}&q={provider}", ct))!.Items);

        var edited = await office.PutAsJsonAsync($"/api/milestones/{milestone.Id}", input with { MonthOnly = false, Version = milestone.Version }, ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(new DateOnly(2094, 5, 18), (await edited.Content.ReadFromJsonAsync<MilestoneDto>(ct))!.Date);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync($"/api/milestones/{milestone.Id}", input with { Version = milestone.Version }, ct)).StatusCode);
    }
}
