using System.Net;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Indicators;

/// <summary>The pages render the demo city's 2023 indicators with their lights, charts and forecast wording.</summary>
public sealed class IndicatorPagesTests(Apps apps)
{
    [Fact]
    public async Task Plan_year_list_and_detail_pages_render_the_2023_indicators()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");

        var plan = await leader.GetStringAsync("/goals?year=2023", ct);
        Assert.Contains("data-chart=\"unit-lights\"", plan, StringComparison.Ordinal);

        var list = await leader.GetStringAsync("/goals/indicators?year=2023&asOf=2023-12", ct);
        Assert.Contains("PM2.5年均浓度", list, StringComparison.Ordinal);
        Assert.Contains("data-light=", list, StringComparison.Ordinal);

        int id;
        using (var scope = app.SystemScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Indicator>()
                .Where(i => i.Name == "全市重点项目年度投资完成" && i.PlanYear!.Year == 2023).Select(i => i.Id).SingleAsync(ct);
        }

        var detail = await leader.GetStringAsync($"/goals/indicators/{id}?asOf=2023-06", ct);
        Assert.Contains("data-chart=\"indicator\"", detail, StringComparison.Ordinal);
        Assert.Contains("线性外推", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync("/goals/indicators/999999", ct)).StatusCode);
        // The import page is for who may import (the offices' indicators, the fillers' values), as the API.
        var turnedAway = await leader.GetAsync("/goals/indicators/import", ct);
        Assert.Equal(HttpStatusCode.Found, turnedAway.StatusCode);
        Assert.StartsWith("/account/denied", turnedAway.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await app.LoginAsync("project.office")).GetAsync("/goals/indicators/import", ct)).StatusCode);
    }
}
