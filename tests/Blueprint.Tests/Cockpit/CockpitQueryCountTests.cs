using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// A leader's cockpit computed again (its cache off, as after any write) reads the eleven kept
    /// figures it shows in one statement, and its figures are the ones computed from history; also
    /// right after a write that marks some of them changed (those are computed again and kept). A
    /// private app: any other class's write in a shared app would mark kept rows at any moment.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_leaders_cockpit_reads_its_kept_figures_in_one_statement_and_equals_the_computed_one(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var all = new CommandCounter();
        using var keptReads = new CommandCounter(sql => sql.Contains("FROM \"KeptFigure\"", StringComparison.Ordinal) && !sql.Contains("UPDATE", StringComparison.Ordinal));
        await Task.Delay(CommandCounter.WarmUp, ct);

        async Task<(string Figures, int Commands, int KeptReads)> CockpitAsync(string? user)
        {
            using var scope = user is null ? app.SystemScope() : await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            CockpitReport? report = null;
            var reads = 0;
            var commands = await all.CountAsync(async () => reads = await keptReads.CountAsync(async () => report = await CockpitFigures.ComputeAsync(db, 2023, 11, clock, ct)));
            // The instant "now" of a bulletin asked without one differs between two renders.
            var figures = JsonSerializer.Serialize(report! with { AsOf = null!, Projects = report!.Projects with { KnownAtUtc = default } });
            return (figures, commands, reads);
        }

        var computed = await CockpitAsync(null);
        Assert.Equal(0, computed.KeptReads);
        var first = await CockpitAsync("leader");
        var kept = await CockpitAsync("leader");
        TestContext.Current.SendDiagnosticMessage($"cockpit statements ({provider}): computed {computed.Commands}, first kept {first.Commands} ({first.KeptReads} reading kept rows), kept {kept.Commands} ({kept.KeptReads})");
        Assert.Equal(computed.Figures, first.Figures);
        Assert.Equal(computed.Figures, kept.Figures);
        Assert.Equal(1, kept.KeptReads);
        Assert.True(kept.Commands <= computed.Commands - 10, $"kept {kept.Commands} statements, computed {computed.Commands}");

        // Units renamed mark every kept figure changed (names are in them): the next render reads them in the same one statement, computes them again and keeps them.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var root = await db.Set<Unit>().Where(u => u.ParentId == null).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
            foreach (var unit in await db.Set<Unit>().Where(u => u.ParentId == root).ToListAsync(ct))
            {
                unit.ShortName = (unit.ShortName ?? unit.Name) + "·新";
            }

            await db.SaveChangesAsync(ct);
        }

        var changed = await CockpitAsync(null);
        Assert.NotEqual(computed.Figures, changed.Figures);
        var recomputed = await CockpitAsync("leader");
        Assert.Equal(changed.Figures, recomputed.Figures);
        Assert.Equal(1, recomputed.KeptReads);
        var keptAgain = await CockpitAsync("leader");
        Assert.Equal(changed.Figures, keptAgain.Figures);
        Assert.Equal(kept.Commands, keptAgain.Commands);
    }
}
