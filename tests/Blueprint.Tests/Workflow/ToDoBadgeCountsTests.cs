using System.Security.Claims;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Workflow;

/// <summary>
/// The top bar's remembered to-do count (decision 0047): served again while nothing it may depend
/// on was written, counted again after a committed write of the user's unit (or, for a user who
/// sees further, any write), and never for longer than its lifetime or past the day. The writes
/// are seen by the app's own interceptor, in a database of the test's own (a shared app's other
/// tests would write meanwhile).
/// </summary>
public sealed class ToDoBadgeCountsTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_count_is_counted_again_once_a_write_of_the_users_unit_is_committed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var counts = app.Services.GetRequiredService<ToDoBadgeCounts>();
        var (mine, other) = await UnitsAsync(app, ct);
        var reporter = User(mine, DataScope.OwnUnit, Roles.UnitReporter);
        var leader = User(1, DataScope.All, Roles.Leader);
        var calls = 0;
        Task<int> CountAsync() => Task.FromResult(++calls);
        Task<int> ReporterAsync() => counts.CountAsync(reporter, Today, CountAsync);

        Assert.Equal(1, await ReporterAsync());
        Assert.Equal(1, await ReporterAsync());

        // Another unit's record: the reporter's count stands, the leader's is counted again.
        var leaders = await counts.CountAsync(leader, Today, CountAsync);
        await ProblemAsync(app, other, commit: true, ct);
        Assert.Equal(1, await ReporterAsync());
        Assert.NotEqual(leaders, await counts.CountAsync(leader, Today, CountAsync));

        // The reporter's unit, in a transaction: nothing until the commit, nothing after a rollback.
        calls = 10;
        Assert.Equal(1, await ReporterAsync());
        await ProblemAsync(app, mine, commit: false, ct);
        Assert.Equal(1, await ReporterAsync());
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(Problem(mine));
            await db.SaveChangesAsync(ct);
            Assert.Equal(1, await ReporterAsync());
            await transaction.CommitAsync(ct);
        }

        Assert.Equal(11, await ReporterAsync());
        Assert.Equal(11, await ReporterAsync());

        // A save of its own (no transaction) is committed by itself.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Add(Problem(mine));
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(12, await ReporterAsync());

        // A record of no unit (here a unit itself) may concern everyone.
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var unit = await db.Set<Unit>().SingleAsync(u => u.Id == other, ct);
            unit.SortOrder++;
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(13, await ReporterAsync());
    }

    [Fact]
    public async Task A_count_is_remembered_for_its_lifetime_and_its_day_only()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        var counts = new ToDoBadgeCounts(clock, Settings(("Blueprint:ToDo:BadgeSeconds", "30")));
        var reporter = User(7, DataScope.OwnUnit, Roles.UnitReporter);
        var calls = 0;
        Task<int> CountAsync() => Task.FromResult(++calls);

        Assert.Equal(TimeSpan.FromSeconds(30), counts.Lifetime);
        Assert.Equal(1, await counts.CountAsync(reporter, Today, CountAsync));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, await counts.CountAsync(reporter, Today, CountAsync));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await counts.CountAsync(reporter, Today, CountAsync));
        Assert.Equal(3, await counts.CountAsync(reporter, Today.AddDays(1), CountAsync));

        // Another account, or the same one with other roles, has a count of its own.
        Assert.Equal(4, await counts.CountAsync(User(7, DataScope.OwnUnit, Roles.UnitLeader), Today.AddDays(1), CountAsync));
        Assert.Equal(3, await counts.CountAsync(reporter, Today.AddDays(1), CountAsync));

        // Writes noted by hand: another unit's leave it, the unit's own or one of no unit do not.
        counts.Written([8], unitless: false);
        Assert.Equal(3, await counts.CountAsync(reporter, Today.AddDays(1), CountAsync));
        counts.Written([7], unitless: false);
        Assert.Equal(5, await counts.CountAsync(reporter, Today.AddDays(1), CountAsync));
        counts.Written([], unitless: true);
        Assert.Equal(6, await counts.CountAsync(reporter, Today.AddDays(1), CountAsync));

        // Switched off, every call counts.
        var off = new ToDoBadgeCounts(clock, Settings(("Blueprint:ToDo:BadgeSeconds", "0")));
        Assert.Equal(7, await off.CountAsync(reporter, Today, CountAsync));
        Assert.Equal(8, await off.CountAsync(reporter, Today, CountAsync));
    }

    private static async Task<(int Mine, int Other)> UnitsAsync(TestApp app, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var root = await db.Set<Unit>().SingleAsync(u => u.ParentId == null, ct);
        var mine = new Unit { Name = "待办计数测试单位", Code = "TDB01", Kind = UnitKind.Department, ParentId = root.Id, SortOrder = 990 };
        var other = new Unit { Name = "待办计数对照单位", Code = "TDB02", Kind = UnitKind.Department, ParentId = root.Id, SortOrder = 991 };
        db.AddRange(mine, other);
        await db.SaveChangesAsync(ct);
        return (mine.Id, other.Id);
    }

    private static async Task ProblemAsync(TestApp app, int unitId, bool commit, CancellationToken ct)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(Problem(unitId));
        await db.SaveChangesAsync(ct);
        if (commit)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
        }
    }

    private static Problem Problem(int unitId) => new() { Title = "待办计数测试问题", UnitId = unitId, Kind = ProblemKind.Land, Deadline = Today.AddDays(10) };

    private static CurrentUser User(int unitId, DataScope scope, string role) =>
        new CurrentUser(new HttpContextAccessor()).ActAs(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, (100_000 + unitId).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.UnitClaim, unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.ScopeClaim, scope.ToString()),
            new Claim(ClaimTypes.Role, role),
        ], "test")));

    private static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
