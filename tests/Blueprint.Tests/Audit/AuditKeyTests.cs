using System.Security.Cryptography;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blueprint.Tests.Audit;

/// <summary>
/// The keyed chain (decision 0033), each test on its own database: what someone who holds the
/// database but not the audit key can do to the chain, and that verify-audit sees it.
/// </summary>
public sealed class AuditKeyTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Rewriting_a_record_and_recomputing_the_chain_without_the_key_fails_verification(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ct = TestContext.Current.CancellationToken;
        var keys = scope.ServiceProvider.GetRequiredService<AuditKeyRing>();
        Assert.True((await AuditVerifier.VerifyAsync(db, ct)).IsValid);
        Assert.True(await db.Set<AuditRecord>().AllAsync(r => r.KeyId == keys.Current.Id, ct), "every record of a new database is signed");

        // What the tester did (issue 17): change a record's user and recompute every hash after it,
        // once with the old unkeyed rule and once with a key of the attacker's own.
        foreach (var forge in new Func<string, AuditRecord, string>[]
        {
            AuditHash.Compute,
            (previous, r) => AuditHash.Sign(previous, r, RandomNumberGenerator.GetBytes(32)),
        })
        {
            await RewriteAsync(db, skip: 10, forge, ct);
            var result = await AuditVerifier.VerifyAsync(db, ct);
            Assert.False(result.IsValid);
            Assert.Contains("was altered", result.Message, StringComparison.Ordinal);
        }

        // Dropping the key id to pass as a legacy (unkeyed) record does not help either.
        var records = await db.Set<AuditRecord>().OrderBy(r => r.Id).ToListAsync(ct);
        var previous = AuditChainHead.Genesis;
        foreach (var r in records)
        {
            r.KeyId = null;
            r.PrevHash = previous;
            r.Hash = AuditHash.Compute(previous, r);
            previous = r.Hash;
        }

        await db.SaveChangesAsync(ct);
        await db.Set<AuditChainHead>().Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, previous), ct);
        var legacy = await AuditVerifier.VerifyAsync(db, ct);
        Assert.False(legacy.IsValid, "an all-legacy chain replaced a signed one");
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Cutting_the_end_off_a_signed_chain_is_caught_by_its_anchor(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ct = TestContext.Current.CancellationToken;
        var keys = scope.ServiceProvider.GetRequiredService<AuditKeyRing>();
        var anchor = await AuditAnchors.WriteAsync(db, keys, TimeProvider.System, NullLogger.Instance, ct);
        Assert.NotNull(anchor);
        Assert.Contains(anchor.Line, await File.ReadAllLinesAsync(keys.AnchorFile, ct));
        var verified = await AuditVerifier.VerifyAsync(db, ct);
        Assert.True(verified.IsValid, verified.Message);
        Assert.True(verified.Anchors >= 1);

        // Every remaining record is still correctly signed: only the anchor, outside the database, knows.
        var keep = await db.Set<AuditRecord>().OrderBy(r => r.Id).Skip((int)anchor.Count - 3).FirstAsync(ct);
        await db.Set<AuditRecord>().Where(r => r.Id > keep.Id).ExecuteDeleteAsync(ct);
        await db.Set<AuditChainHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Count, anchor.Count - 2).SetProperty(h => h.LastHash, keep.Hash), ct);
        var result = await AuditVerifier.VerifyAsync(db, ct);
        Assert.False(result.IsValid);
        Assert.Contains("anchored", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Legacy_unkeyed_records_verify_and_are_sealed_by_the_first_signed_record(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var ct = TestContext.Current.CancellationToken;

        // The database as an install from before the keys has it: its first 50 records unkeyed,
        // the rest signed after the upgrade (their links recomputed as they would have been written).
        var records = await db.Set<AuditRecord>().OrderBy(r => r.Id).ToListAsync(ct);
        var keys = scope.ServiceProvider.GetRequiredService<AuditKeyRing>();
        var previous = AuditChainHead.Genesis;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            r.KeyId = i < 50 ? null : keys.Current.Id;
            r.PrevHash = previous;
            r.Hash = i < 50 ? AuditHash.Compute(previous, r) : AuditHash.Sign(previous, r, keys.Current.Secret);
            previous = r.Hash;
        }

        await db.SaveChangesAsync(ct);
        await db.Set<AuditChainHead>().Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, previous), ct);
        var unsealed = await AuditVerifier.VerifyAsync(db, ct);
        Assert.False(unsealed.IsValid, "unkeyed records that no anchor covers");
        Assert.Contains("no anchor covers them", unsealed.Message, StringComparison.Ordinal);

        // What `migrate` (or the first start) does with the key: the seal.
        await AuditAnchors.WriteAsync(db, keys, TimeProvider.System, NullLogger.Instance, ct);
        var sound = await AuditVerifier.VerifyAsync(db, ct);
        Assert.True(sound.IsValid, sound.Message);

        // Rewriting a legacy record and its legacy successors: the first signed record no longer follows.
        await RewriteAsync(db, skip: 20, AuditHash.Compute, ct, stopAt: 50);
        var result = await AuditVerifier.VerifyAsync(db, ct);
        Assert.False(result.IsValid);
        Assert.Contains($"record {records[50].Id} does not follow", result.Message, StringComparison.Ordinal);
    }

    /// <summary>Changes the user of the record after <paramref name="skip"/> records and re-links the chain from there with <paramref name="forge"/>.</summary>
    private static async Task RewriteAsync(BlueprintDb db, int skip, Func<string, AuditRecord, string> forge, CancellationToken ct, int stopAt = int.MaxValue)
    {
        db.ChangeTracker.Clear();
        var records = await db.Set<AuditRecord>().OrderBy(r => r.Id).ToListAsync(ct);
        var previous = records[skip - 1].Hash;
        records[skip].UserName = "someone-else";
        for (var i = skip; i < Math.Min(stopAt, records.Count); i++)
        {
            records[i].PrevHash = previous;
            records[i].Hash = forge(previous, records[i]);
            previous = records[i].Hash;
        }

        await db.SaveChangesAsync(ct);
        if (stopAt >= records.Count)
        {
            await db.Set<AuditChainHead>().Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, previous), ct);
        }

        db.ChangeTracker.Clear();
    }
}
