using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Audit;

/// <summary>
/// The audit chain is checked on its own database per test, because the tamper tests break it
/// on purpose.
/// </summary>
public sealed class AuditTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task One_change_gives_exactly_one_audit_record_with_before_and_after(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var client = await app.LoginAsync("project.office");
        var units = await client.GetFromJsonAsync<List<UnitDto>>("/api/units", ct);
        var created = await client.PostAsJsonAsync("/api/projects", Data.ConcurrencyTests.NewProject("AU-1", units!.First(u => u.Code == "ZY-AY").Id), ct);
        var project = (await created.Content.ReadFromJsonAsync<KeyProjectDto>(ct))!;
        var before = await CountAsync(app, project.Id);

        var input = Data.ConcurrencyTests.NewProject("AU-1", project.UnitId) with { Name = "安岳县雨污分流工程（二期）", Version = project.Version };
        (await client.PutAsJsonAsync($"/api/projects/{project.Id}", input, ct)).EnsureSuccessStatusCode();

        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var records = await db.Set<AuditRecord>().Where(r => r.Entity == nameof(KeyProject) && r.EntityKey == project.Id.ToString()).OrderBy(r => r.Id).ToListAsync(ct);
        Assert.Equal(before + 1, records.Count);
        var update = records[^1];
        Assert.Equal("Update", update.Action);
        Assert.Equal("project.office", update.UserName);
        Assert.NotNull(update.UserId);
        Assert.NotNull(update.UnitId);
        Assert.False(string.IsNullOrEmpty(update.RequestId));
        var oldValues = JsonDocument.Parse(update.Before!).RootElement;
        var newValues = JsonDocument.Parse(update.After!).RootElement;
        Assert.Equal("乐至县城区路网改造工程", oldValues.GetProperty("Name").GetString());
        Assert.Equal("安岳县雨污分流工程（二期）", newValues.GetProperty("Name").GetString());
        Assert.Equal(project.Version + 1, newValues.GetProperty("Version").GetInt32());
        Assert.False(newValues.TryGetProperty("TotalInvestment", out _), "an update records only what changed");
        Assert.True((await AuditVerifier.VerifyAsync(db, ct)).IsValid);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Altering_an_audit_row_breaks_the_chain(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await AuditVerifier.VerifyAsync(db, ct)).IsValid);

        var victim = await db.Set<AuditRecord>().OrderBy(r => r.Id).Skip(5).Select(r => r.Id).FirstAsync(ct);
        await db.Set<AuditRecord>().Where(r => r.Id == victim).ExecuteUpdateAsync(s => s.SetProperty(r => r.UserName, "someone-else"), ct);

        var result = await AuditVerifier.VerifyAsync(db, ct);
        Assert.False(result.IsValid);
        Assert.Contains(victim.ToString(), result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Deleting_an_audit_row_in_the_middle_or_at_the_end_breaks_the_chain(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ct = TestContext.Current.CancellationToken;

        var last = await db.Set<AuditRecord>().MaxAsync(r => r.Id, ct);
        await db.Set<AuditRecord>().Where(r => r.Id == last).ExecuteDeleteAsync(ct);
        Assert.False((await AuditVerifier.VerifyAsync(db, ct)).IsValid);

        var middle = await db.Set<AuditRecord>().OrderBy(r => r.Id).Skip(3).Select(r => r.Id).FirstAsync(ct);
        await db.Set<AuditRecord>().Where(r => r.Id == middle).ExecuteDeleteAsync(ct);
        var result = await AuditVerifier.VerifyAsync(db, ct);
        Assert.False(result.IsValid);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_chain_stays_valid_when_many_requests_write_at_once(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        int unitId;
        using (var scope = app.SystemScope())
        {
            unitId = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Unit>().Where(u => u.Code == "ZY-LZ").Select(u => u.Id).SingleAsync(ct);
        }

        var writers = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            using var scope = app.SystemScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Add(new Problem { Title = $"并发写入 {i}", UnitId = unitId });
            db.Add(new Problem { Title = $"并发写入 {i}b", UnitId = unitId });
            await db.SaveChangesAsync(ct);
        }, ct));
        await Task.WhenAll(writers);

        using var check = app.SystemScope();
        var verify = await AuditVerifier.VerifyAsync(check.ServiceProvider.GetRequiredService<BlueprintDb>(), ct);
        Assert.True(verify.IsValid, verify.Message);
        Assert.Equal(48, await check.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AuditRecord>().CountAsync(r => r.Entity == nameof(Problem) && r.After!.Contains("并发写入"), ct));
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_transaction_that_is_rolled_back_or_abandoned_leaves_no_record_and_the_next_commit_chains_on(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unitId = await db.Set<Unit>().Where(u => u.Code == "ZY-LZ").Select(u => u.Id).SingleAsync(ct);

        await using (var rolledBack = await db.Database.BeginTransactionAsync(ct))
        {
            db.Add(new Problem { Title = "审计回滚测试：回滚", UnitId = unitId });
            await db.SaveChangesAsync(ct);
            await rolledBack.RollbackAsync(ct);
        }

        db.ChangeTracker.Clear();
        await using (var abandoned = await db.Database.BeginTransactionAsync(ct))
        {
            db.Add(new Problem { Title = "审计回滚测试：放弃", UnitId = unitId });
            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
        db.Add(new Problem { Title = "审计回滚测试：提交", UnitId = unitId });
        await db.SaveChangesAsync(ct);

        var titles = await db.Set<AuditRecord>().Where(r => r.Entity == nameof(Problem) && r.After!.Contains("审计回滚测试")).Select(r => r.After!).ToListAsync(ct);
        Assert.Single(titles);
        Assert.Contains("审计回滚测试：提交", titles[0], StringComparison.Ordinal);
        Assert.Equal(0, await db.Set<Problem>().CountAsync(p => p.Title.StartsWith("审计回滚测试：") && !p.Title.EndsWith("提交"), ct));
        var verify = await AuditVerifier.VerifyAsync(db, ct);
        Assert.True(verify.IsValid, verify.Message);
    }

    /// <summary>
    /// A writer takes the chain head's lock only to append at its commit (decision 0044), so on
    /// PostgreSQL, where writers run side by side, one transaction left open does not hold up
    /// another's write; the chain takes the records in commit order. (SQLite has one writer at a
    /// time by design, so there the second write waits for the database, not for the chain.)
    /// </summary>
    [Fact]
    public async Task On_postgresql_an_open_transaction_does_not_hold_up_another_write_and_the_chain_follows_commit_order()
    {
        Assert.SkipUnless(Apps.Providers.Any(row => (DatabaseProvider)row.Data == DatabaseProvider.Postgres), TestDatabase.PostgresSkipReason);
        await using var app = await TestApp.StartAsync(DatabaseProvider.Postgres);
        var ct = TestContext.Current.CancellationToken;
        using var first = app.SystemScope();
        var open = first.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unitId = await open.Set<Unit>().Where(u => u.Code == "ZY-LZ").Select(u => u.Id).SingleAsync(ct);
        await using var transaction = await open.Database.BeginTransactionAsync(ct);
        open.Add(new Problem { Title = "审计顺序测试：先写后提交", UnitId = unitId });
        await open.SaveChangesAsync(ct);

        var other = Task.Run(async () =>
        {
            using var second = app.SystemScope();
            var db = second.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Add(new Problem { Title = "审计顺序测试：后写先提交", UnitId = unitId });
            await db.SaveChangesAsync(ct);
        }, ct);
        Assert.Same(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(20), ct)));
        await other;
        await transaction.CommitAsync(ct);

        using var check = app.SystemScope();
        var checkDb = check.ServiceProvider.GetRequiredService<BlueprintDb>();
        var order = await checkDb.Set<AuditRecord>().Where(r => r.Entity == nameof(Problem) && r.After!.Contains("审计顺序测试"))
            .OrderBy(r => r.Id).Select(r => r.After!).ToListAsync(ct);
        Assert.Equal(2, order.Count);
        Assert.Contains("后写先提交", order[0], StringComparison.Ordinal);
        Assert.Contains("先写后提交", order[1], StringComparison.Ordinal);
        var verify = await AuditVerifier.VerifyAsync(checkDb, ct);
        Assert.True(verify.IsValid, verify.Message);
    }

    private static async Task<int> CountAsync(TestApp app, int projectId)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<AuditRecord>()
            .CountAsync(r => r.Entity == nameof(KeyProject) && r.EntityKey == projectId.ToString());
    }
}
