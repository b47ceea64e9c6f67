using Blueprint.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Blueprint.Tests.Data;

/// <summary>
/// A held SQLite connection (decision 0057) serves one context after another with its statements
/// kept prepared. SQLite keeps a read snapshot while any statement on a connection is stepped and
/// not reset: a connection handed to the next context with such a statement would show that
/// context the database as it was, without what others committed since (a session just made not
/// found, a record just saved missing). Here four workers write and at once read back, through
/// plain and pooled contexts, after reads that stop early (the first row of many, an enumeration
/// left after one row): every read must see every commit made before it began.
/// </summary>
public sealed class HeldConnectionFreshnessTests
{
    [Fact]
    public async Task Every_context_on_a_held_connection_sees_what_was_committed_before_it_began()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"blueprint-fresh-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 60 }.ToString();
        try
        {
            using var held = new SqliteHeldConnections(new SqliteConnectionSetup(0), maxIdle: 4);
            var options = new DbContextOptionsBuilder<EveryPageDb>().UseSqlite(connectionString).AddInterceptors(held).Options;
            var pooled = new PooledDbContextFactory<EveryPageDb>(options, poolSize: 8);
            await using (var db = new EveryPageDb(options))
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL", ct);
                await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"T\" (\"X\" INTEGER NOT NULL)", ct);
            }

            const int workers = 4, rounds = 150;
            var stale = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < rounds; i++)
                {
                    var value = (w * rounds) + i + 1;
                    await using (var writer = i % 2 == 0 ? new EveryPageDb(options) : await pooled.CreateDbContextAsync(ct))
                    {
                        await writer.Database.ExecuteSqlAsync($"INSERT INTO \"T\" (\"X\") VALUES ({value})", ct);
                    }

                    // Reads that stop early, each in its own context: their statements go back to the connections.
                    await using (var early = i % 3 == 0 ? new EveryPageDb(options) : await pooled.CreateDbContextAsync(ct))
                    {
                        _ = await early.Database.SqlQueryRaw<long>("SELECT \"X\" AS \"Value\" FROM \"T\" ORDER BY \"X\"").FirstOrDefaultAsync(ct);
                        await using var rows = early.Database.SqlQueryRaw<long>("SELECT \"X\" AS \"Value\" FROM \"T\" UNION ALL SELECT 0").AsAsyncEnumerable().GetAsyncEnumerator(ct);
                        _ = await rows.MoveNextAsync();
                    }

                    // A new context, plain or pooled, whichever connection it gets: the row just committed is there.
                    await using (var reader = i % 2 == 1 ? new EveryPageDb(options) : await pooled.CreateDbContextAsync(ct))
                    {
                        var seen = (await reader.Database.SqlQuery<long>($"SELECT COUNT(*) AS \"Value\" FROM \"T\" WHERE \"X\" = {value}").ToListAsync(ct)).Single();
                        if (seen != 1)
                        {
                            stale.Add($"worker {w} round {i}: row {value} not seen");
                        }
                    }
                }
            }, ct)));

            Assert.Empty(stale);
            await using (var db = new EveryPageDb(options))
            {
                Assert.Equal(workers * rounds, (await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM \"T\"").ToListAsync(ct)).Single());
            }

            Assert.True(held.Counts.Reused > workers * rounds, $"statements were kept: {held.Counts}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
