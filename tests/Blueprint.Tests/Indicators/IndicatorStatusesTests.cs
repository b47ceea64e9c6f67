using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Indicators;

/// <summary>
/// The light-only series (what the cockpit, the unit page and the unit lights count) judge every
/// indicator and every share exactly as the full series of the indicator pages do, on every plan
/// year in the shared database (the demo city plus the other tests' corrections and late values),
/// at months where quarterly and annual indicators have and have not reached a period.
/// </summary>
public sealed class IndicatorStatusesTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_light_only_series_judge_as_the_full_series(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        foreach (var user in new[] { "leader", "anyue.leader" })
        {
            using var scope = await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var indicators = await IndicatorScope.Visible(db).AsNoTracking().Include(i => i.PlanYear).ToListAsync(ct);
            Assert.NotEmpty(indicators);
            var judged = 0;
            foreach (var year in indicators.Select(i => i.PlanYear!.Year).Distinct())
            {
                foreach (var month in new[] { 1, 2, 3, 6, 11, 12 })
                {
                    var asOf = IndicatorAsOf.MonthEnd(year, month);
                    var full = await IndicatorFigures.ComputeAsync(db, indicators, asOf, withShares: true, ct);
                    var lights = await IndicatorFigures.StatusesAsync(db, indicators, asOf, ct);

                    Assert.Equal(full.Select(s => (s.IndicatorId, s.UnitId)), lights.Select(s => (s.IndicatorId, s.UnitId)));
                    Assert.Equal(full.Select(s => s.Status), lights.Select(s => s.Status));
                    judged += lights.Count(s => s.Status is not null);
                }
            }

            Assert.True(judged > 0, $"{user}: no series judged at all");
        }
    }
}
