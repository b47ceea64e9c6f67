using Blueprint.Web.Data;

[assembly: AssemblyFixture(typeof(Blueprint.Tests.Infrastructure.Apps))]

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// One seeded application per provider, shared by the whole test assembly (seeding the demo
/// city once per provider keeps the suite fast). Tests that change data create their own
/// records instead of editing shared demo rows.
/// </summary>
public sealed class Apps : IAsyncDisposable
{
    private readonly Dictionary<DatabaseProvider, Task<TestApp>> _apps = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Provider names for [Theory] tests that must run on both databases. Without PostgreSQL on a
    /// developer machine its rows are left out rather than skipped one by one (hundreds of
    /// identical skip lines buried the summary); <see cref="SkipReasons"/> says why, once. On CI
    /// the rows are always there, and fail without PostgreSQL.
    /// </summary>
    public static readonly TheoryData<DatabaseProvider> Providers = TestDatabase.PostgresConfigured || TestDatabase.IsCi
        ? new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres)
        : new(DatabaseProvider.Sqlite);

    public Task<TestApp> GetAsync(DatabaseProvider provider)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(provider, out var app) || app.IsFaulted)
            {
                app = TestApp.StartAsync(provider);
                _apps[provider] = app;
            }

            return app;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            if (app.IsCompletedSuccessfully)
            {
                await app.Result.DisposeAsync();
            }
        }
    }
}
