using System.Security.Claims;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Tests.Supervision;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Blueprint.Tests.Figures;

/// <summary>
/// The pruning of kept figures of explicit instants (decision 0049): a row of an instant not
/// computed within the lifetime is deleted, a recent one and every row "as known now" are kept, one
/// node does each slot, and the figures asked again equal the computed ones; a row deleted between
/// its read and its store takes no figures. Private databases with their own clock (<see cref="JobHost"/>):
/// the job prunes every kept row of its database, and the tests count them. The demo's 2023 is read
/// only; the clock stands in 2106.
/// </summary>
public sealed class KeptFigurePruningTests
{
    // 10:00 in Ziyang on 1 March 2106.
    private static readonly DateTimeOffset Start = new(2106, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private const int Year = 2023;
    private const int Month = 10;

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime A = Utc(2023, 11, 20);
    private static readonly DateTime B = Utc(2023, 12, 20);
    private static readonly DateTime C = Utc(2024, 1, 10);
    private static readonly DateTime D = Utc(2024, 2, 10);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Old_instant_rows_are_pruned_recent_and_now_rows_kept_and_figures_asked_again_equal_the_computed_ones(DatabaseProvider provider)
    {
        var (database, first) = await JobHost.StartAsync(provider, Start);
        await using var _ = database;
        using var node = first;
        using var other = node.AnotherNode(Start);
        var ct = TestContext.Current.CancellationToken;

        // Day 0: the month as known at two instants and as known now, kept; a third instant's row made but never computed.
        foreach (var at in new DateTime?[] { A, B, null })
        {
            Assert.Equal(await TableAsync(node, null, at), await TableAsync(node, "leader", at));
        }

        using (var scope = await UserScopeAsync(node, "leader"))
        {
            var (value, _) = await KeptFigures.TryGetAsync<List<Bulletin.Group>>(scope.ServiceProvider.GetRequiredService<BlueprintDb>(),
                KeptKind.BulletinGroups, Year, Month, C, node.Clock, ct);
            Assert.Null(value);
        }

        Assert.Equal("A B C now", await KeysAsync(node));
        var nowRow = (await RowsAsync(node)).Single(r => r.KnownAtTicks == KeptFigure.Now);

        // Day 5: a fourth instant computed. Nothing is old yet; the row never computed is dated.
        node.Clock.Advance(TimeSpan.FromDays(5));
        other.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(await TableAsync(node, null, D), await TableAsync(node, "leader", D));
        var maxId = (await RowsAsync(node)).Max(r => r.Id);
        var fifth = await PruneAsync(node);
        Assert.Equal((0, 1), (fifth!.Pruned, fifth.Dated));
        Assert.Null(await PruneAsync(other)); // the slot is done, by the other node
        Assert.Equal(node.NowUtc, (await RowsAsync(node)).Single(r => r.KnownAtTicks == C.Ticks).ComputedAtUtc);

        // Day 8: the instants computed on day 0 are past the 7 days and go; the one of day 5, the one dated
        // on day 5 and the month as known now (computed on day 0) stay. Two nodes in the same slot: one prunes.
        node.Clock.Advance(TimeSpan.FromDays(3));
        other.Clock.Advance(TimeSpan.FromDays(3));
        var results = provider == DatabaseProvider.Postgres
            ? await Task.WhenAll(Task.Run(() => PruneAsync(node), ct), Task.Run(() => PruneAsync(other), ct))
            : [await PruneAsync(node), await PruneAsync(other)];
        var eighth = Assert.Single(results.OfType<KeptPruneResult>());
        Assert.Equal((2, 0), (eighth.Pruned, eighth.Dated));
        Assert.Equal("C D now", await KeysAsync(node));
        var kept = (await RowsAsync(node)).Single(r => r.KnownAtTicks == KeptFigure.Now);
        Assert.Equal((nowRow.Id, nowRow.ComputedAtUtc), (kept.Id, kept.ComputedAtUtc));

        // Day 13: both rows of day 5 are past the lifetime; a slot deletes at most PruneRows of them, the next slot the rest.
        node.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(1, (await PruneAsync(node, new KeptFigureOptions { PruneRows = 1 }))!.Pruned);
        Assert.Equal("D now", await KeysAsync(node));
        node.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await PruneAsync(node, new KeptFigureOptions { PruneRows = 1 }))!.Pruned);
        Assert.Equal("now", await KeysAsync(node));
        node.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await PruneAsync(node))!.Pruned);

        // Asked again, the pruned instants are computed and kept again and equal the computed figures; "now" is read as kept.
        foreach (var at in new DateTime?[] { A, C, null })
        {
            var computed = await TableAsync(node, null, at);
            Assert.Equal(computed, await TableAsync(node, "leader", at));
            Assert.Equal(computed, await TableAsync(node, "leader", at));
        }

        Assert.Equal("A C now", await KeysAsync(node));
        Assert.All(await RowsAsync(node), r => Assert.True(r.Data is not null && r.KeptChanges == r.Changes, $"{r.KnownAtTicks} not kept"));
        Assert.All((await RowsAsync(node)).Where(r => r.KnownAtTicks != KeptFigure.Now), r => Assert.True(r.Id > maxId, "a pruned row's id was reused"));
    }

    /// <summary>
    /// A reader that made the row of an instant and is computing its figures when the pruning deletes
    /// the row: its store changes nothing and raises nothing, also after another reader made the row
    /// again and kept its own figures there (a new id), and every later read equals the computed figures.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_row_pruned_between_its_read_and_its_store_takes_no_figures_and_is_computed_again(DatabaseProvider provider)
    {
        var (database, first) = await JobHost.StartAsync(provider, Start);
        await using var _ = database;
        using var node = first;
        var ct = TestContext.Current.CancellationToken;

        using var reader = await UserScopeAsync(node, "leader");
        var (value, keep) = await KeptFigures.TryGetAsync<List<Bulletin.Group>>(reader.ServiceProvider.GetRequiredService<BlueprintDb>(),
            KeptKind.BulletinGroups, Year, Month, A, node.Clock, ct);
        Assert.Null(value);
        var made = Assert.Single(await RowsAsync(node));

        // The pruning dates the row never computed, and deletes it a lifetime later, while the reader still computes.
        Assert.Equal(1, (await PruneAsync(node))!.Dated);
        node.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, (await PruneAsync(node))!.Pruned);
        Assert.Empty(await RowsAsync(node));

        // Its store (here of figures nobody should ever see) finds no row: nothing is kept, nothing raised.
        await keep([]);
        Assert.Empty(await RowsAsync(node));

        // Another reader makes the row again, computes and keeps; the first reader's store still lands nowhere.
        var computed = await TableAsync(node, null, A);
        Assert.Equal(computed, await TableAsync(node, "leader", A));
        var again = Assert.Single(await RowsAsync(node));
        Assert.True(again.Id > made.Id, $"row id {made.Id} reused");
        await keep([]);
        var after = Assert.Single(await RowsAsync(node));
        Assert.Equal((again.Id, again.ComputedAtUtc, again.Data), (after.Id, after.ComputedAtUtc, after.Data));
        Assert.NotEqual("[]", after.Data);
        Assert.Equal(computed, await TableAsync(node, "leader", A));
    }

    /// <summary>One slot of the pruning on this node, as the background service runs it (or with other settings).</summary>
    private static async Task<KeptPruneResult?> PruneAsync(JobHost node, KeptFigureOptions? options = null)
    {
        using var scope = node.SystemScope();
        var job = options is null
            ? scope.ServiceProvider.GetRequiredService<KeptFigurePruning>()
            : ActivatorUtilities.CreateInstance<KeptFigurePruning>(scope.ServiceProvider, Options.Create(options));
        return await job.TickAsync(TestContext.Current.CancellationToken);
    }

    private static Task<List<KeptFigure>> RowsAsync(JobHost node) =>
        node.WithDbAsync(db => db.Set<KeptFigure>().AsNoTracking()
            .Where(k => k.Kind == KeptKind.BulletinGroups && k.Year == Year && k.Month == Month).OrderBy(k => k.Id).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>The instants the month's kept groups have rows of, by name.</summary>
    private static async Task<string> KeysAsync(JobHost node)
    {
        var names = new Dictionary<long, string> { [A.Ticks] = "A", [B.Ticks] = "B", [C.Ticks] = "C", [D.Ticks] = "D", [KeptFigure.Now] = "now" };
        return string.Join(" ", (await RowsAsync(node)).Select(r => names.GetValueOrDefault(r.KnownAtTicks, r.KnownAtTicks.ToString(System.Globalization.CultureInfo.InvariantCulture))).Order(StringComparer.Ordinal));
    }

    /// <summary>The bulletin table of the month as JSON: computed (the system, who never reads kept rows) or as the user reads it.</summary>
    private static async Task<string> TableAsync(JobHost node, string? user, DateTime? knownAt)
    {
        using var scope = user is null ? node.SystemScope() : await UserScopeAsync(node, user);
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Assert.Equal(user is not null, KeptFigures.Keeps(db));
        var table = await Bulletin.ComputeAsync(db, new BulletinQuery(Year, Month, knownAt), node.Clock, TestContext.Current.CancellationToken);
        return JsonSerializer.Serialize(new { table.All, table.ByCategory, table.ByPlanType, table.ByUnit });
    }

    /// <summary>A DI scope of the node acting as the user, as <see cref="TestApp.UserScopeAsync"/> makes one.</summary>
    private static async Task<IServiceScope> UserScopeAsync(JobHost node, string userName)
    {
        ClaimsPrincipal principal;
        using (var lookup = node.Services.CreateScope())
        {
            var users = lookup.ServiceProvider.GetRequiredService<UserManager<User>>();
            var factory = lookup.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<User>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no user {userName}");
            principal = await factory.CreateAsync(user);
        }

        var scope = node.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(principal);
        return scope;
    }
}
