using Blueprint.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test application. PostgreSQL comes from the admin
/// connection string in BLUEPRINT_TEST_POSTGRES (set by .ci/run); each app gets its own
/// database, dropped afterwards. Without it the PostgreSQL tests skip, except under CI=true,
/// where they fail: CI must never pass by skipping them.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BLUEPRINT_TEST_POSTGRES";

    private readonly string? _dropName;
    private readonly string? _file;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? dropName, string? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dropName = dropName;
        _file = file;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public const string PostgresSkipReason = $"PostgreSQL tests need {PostgresVariable} (an admin connection string); .ci/run sets it.";

    public static bool PostgresConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"blueprint-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 60 }.ToString(), null, file);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            var reason = PostgresSkipReason;
            if (IsCi)
            {
                throw new InvalidOperationException("CI=true but " + reason);
            }

            Assert.Skip(reason);
        }

        var name = $"bp_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ToString(), name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(f);
            }
        }

        if (_dropName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_dropName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
