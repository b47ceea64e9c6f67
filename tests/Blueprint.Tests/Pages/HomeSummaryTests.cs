using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Home;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Pages;

/// <summary>
/// Issue 20 item 6: the home page's headline figures come in one query; they equal the figures
/// counted one by one, for a reader of every unit and for a county's reader. Reads only; other
/// classes write into the shared app meanwhile, so a comparison is retried until nothing moved.
/// </summary>
public sealed class HomeSummaryTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_figures_in_one_query_equal_the_figures_counted_one_by_one(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        // Two reporters of the same scope kind share a model, so the statement compiled for the first runs for the
        // second (PerModel): each must still see their own county through the scope filter's values.
        foreach (var user in (string[])["leader", "anyue.reporter", "lezhi.reporter"])
        {
            using var scope = await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            for (var attempt = 1; ; attempt++)
            {
                var before = await OneByOneAsync(db, ct);
                var summary = await HomeSummary.LoadAsync(db, ct);
                var after = await OneByOneAsync(db, ct);
                if (before != after && attempt < 5)
                {
                    continue;
                }

                Assert.Equal(before, summary);
                Assert.NotNull(summary.CityName);
                Assert.True(summary.KeyProjects > 0, $"{user}: no projects");
                break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_figures_are_one_statement(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var scope = await app.UserScopeAsync("leader");
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await HomeSummary.LoadAsync(db, ct);
        using var counter = new CommandCounter();
        Assert.Equal(1, await counter.CountAsync(() => HomeSummary.LoadAsync(db, ct)));
    }

    private static async Task<HomeSummary> OneByOneAsync(BlueprintDb db, CancellationToken ct)
    {
        var projects = db.Set<KeyProject>().Where(p => !p.IsArchived);
        return new HomeSummary(
            await db.Set<Unit>().Where(u => u.ParentId == null).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => u.Name).FirstOrDefaultAsync(ct),
            await db.Set<Unit>().CountAsync(ct),
            await projects.CountAsync(ct),
            await projects.SumAsync(p => p.TotalInvestment, ct),
            await db.Set<PlanYear>().CountAsync(ct),
            await db.Set<Milestone>().CountAsync(ct),
            await db.Set<Problem>().CountAsync(p => p.Status == ProblemStatus.Open, ct),
            await db.Set<SupervisionItem>().CountAsync(i => i.Status != SupervisionStatus.Closed, ct));
    }
}
