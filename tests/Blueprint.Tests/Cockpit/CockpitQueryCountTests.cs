using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Cockpit;

/// <summary>
/// The cockpit runs a fixed number of queries whatever the data size (no query per row): the
/// province-scale benchmark depends on it (commands counted by <see cref="CommandCounter"/>).
/// </summary>
public sealed class CockpitQueryCountTests(Apps apps)
{
    /// <summary>The bound: about thirty aggregate queries (see CockpitFigures); more means a loop started querying.</summary>
    private const int MaxQueries = 32;

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_cockpit_render_runs_a_fixed_small_number_of_queries(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var counter = new CommandCounter();
        await Task.Delay(CommandCounter.WarmUp, ct);

        // Computed from history: the system never reads kept figures (decision 0041).
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var november = await counter.CountAsync(() => CockpitFigures.ComputeAsync(db, 2023, 11, clock, ct));
            var march = await counter.CountAsync(() => CockpitFigures.ComputeAsync(db, 2023, 3, clock, ct));
            TestContext.Current.SendDiagnosticMessage($"cockpit queries per render ({provider}): November {november}, March {march}");
            Assert.InRange(november, 1, MaxQueries);
            Assert.Equal(november, march);
        }

        // A leader's render after the first reads the kept figures: no more queries than computing them.
        using (var scope = await app.UserScopeAsync("leader"))
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            await CockpitFigures.ComputeAsync(db, 2023, 11, clock, ct);
            var kept = await counter.CountAsync(() => CockpitFigures.ComputeAsync(db, 2023, 11, clock, ct));
            TestContext.Current.SendDiagnosticMessage($"cockpit queries per render from kept figures ({provider}): {kept}");
            Assert.InRange(kept, 1, MaxQueries);
        }
    }
}
