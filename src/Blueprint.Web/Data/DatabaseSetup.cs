using System.Text.Json.Serialization;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Blueprint.Web.Data;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The provider switch. SQLite in ./data is the default, so `dotnet run` needs nothing
/// installed; PostgreSQL is chosen with <c>Database:Provider=Postgres</c> and
/// <c>ConnectionStrings:Blueprint</c>.
/// </summary>
public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/blueprint.db";

    private static readonly DbCommandMetrics SqliteCommands = new("sqlite");
    private static readonly DbCommandMetrics PostgresCommands = new("postgresql");

    public static DatabaseProvider Provider(IConfiguration config) =>
        Enum.TryParse<DatabaseProvider>(config["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    public static string ConnectionString(IConfiguration config) =>
        config.GetConnectionString("Blueprint") is { Length: > 0 } cs ? cs
        : Provider(config) == DatabaseProvider.Sqlite ? DefaultSqlite
        : throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Blueprint is not set.");

    public static IServiceCollection AddBlueprintDb(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = ConnectionString(config);
        services.AddSingleton(sp => AuditKeyRing.FromConfiguration(config, sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<AuditAnchorJob>();
        // The context's interceptors are made once, so are its options (decision 0059): what a save holds lives in the context.
        services.AddSingleton<PlanHistory>();
        services.AddSingleton<ContextInterceptors>();
        services.AddSingleton<Features.Figures.KeptFigureMemory>();
        services.AddSingleton<Features.Workflow.ToDoBadgeCounts>();
        // EF's check that a context is not used by two operations at once costs two AsyncLocal writes per row read
        // (a third of reading 12,000 ids); it is on in the tests, which run every query path, and off in production (decision 0053).
        var checks = config.GetValue("Database:ThreadSafetyChecks", false);
        if (Provider(config) == DatabaseProvider.Postgres)
        {
            var forApp = ForApp(connectionString);
            services.AddDbContext<BlueprintDb, PostgresBlueprintDb>((sp, o) => BlueprintDb.Configure(o)
                .UseNpgsql(forApp)
                .EnableThreadSafetyChecks(checks)
                .AddInterceptors(sp.GetRequiredService<PlanHistory>(), sp.GetRequiredService<ContextInterceptors>(), PostgresCommands),
                ServiceLifetime.Scoped, ServiceLifetime.Singleton);
            services.AddPooledDbContextFactory<EveryPageDb>(o => o.UseNpgsql(forApp).EnableThreadSafetyChecks(checks).AddInterceptors(PostgresCommands));
        }
        else
        {
            EnsureSqliteDirectory(connectionString);
            var setup = SqliteConnectionSetup.FromConfiguration(config);
            // Made by the container, which closes its idle connections when the app stops.
            services.AddSingleton(_ => SqliteHeldConnections.FromConfiguration(config, setup));
            services.AddDbContext<BlueprintDb, SqliteBlueprintDb>((sp, o) => BlueprintDb.Configure(o)
                .UseSqlite(connectionString)
                .EnableThreadSafetyChecks(checks)
                .AddInterceptors(sp.GetRequiredService<PlanHistory>(), sp.GetRequiredService<ContextInterceptors>(), SqliteCommands, setup,
                    sp.GetRequiredService<SqliteHeldConnections>()),
                ServiceLifetime.Scoped, ServiceLifetime.Singleton);
            services.AddPooledDbContextFactory<EveryPageDb>((sp, o) => o.UseSqlite(connectionString).EnableThreadSafetyChecks(checks)
                .AddInterceptors(SqliteCommands, setup, sp.GetRequiredService<SqliteHeldConnections>()));
        }

        return services;
    }

    /// <summary>
    /// The app's PostgreSQL connections: without JIT (<see cref="WithoutJit"/>), with the
    /// statements it repeats prepared on the server, and not reset when a pooled connection is
    /// returned (decision 0052). A request runs a dozen statements, each on a connection taken
    /// from the pool and given back: the server parsed and planned every one anew (planning a
    /// to-do count took longer than running it) and ran a reset of four statements at each
    /// return. Npgsql prepares a statement once it has run <c>Auto Prepare Min Usages</c> times
    /// (5) on a physical connection, keeping up to <c>Max Auto Prepare</c> of them; the app sets
    /// no session state (no <c>SET</c>, temporary tables or session locks), so there is nothing
    /// to reset. Each is left as it is when the connection string names it.
    /// </summary>
    public static string ForApp(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(WithoutJit(connectionString));
        if (!Names(connectionString, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 100;
        }

        if (!Names(connectionString, "No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Whether the connection string sets the keyword (spelt with or without its spaces): Npgsql's builder answers yes for every keyword it knows.</summary>
    private static bool Names(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// PostgreSQL's JIT compiles any statement its planner costs above <c>jit_above_cost</c>; for
    /// our short reads over many index probes that compilation is most of the time (the project
    /// list sorted by rate: 150 ms with JIT, 105 ms without, decision 0046). Off for the app's
    /// connections unless the connection string's <c>Options</c> already set <c>jit</c>.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = $"{builder.Options} -c jit=off".Trim();
        }

        return builder.ConnectionString;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL (persistent).</summary>
    public static async Task MigrateAsync(BlueprintDb db, CancellationToken cancellationToken = default)
    {
        // A database that existed before and gets new migrations (a fresh one has no rows to count).
        var upgraded = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
            && (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            // SQLite plans from the statistics ANALYZE keeps; an index a migration adds has none,
            // and the planner then takes it for selective (issue 20: a new index on a year's
            // reports made the sorted progress page read 144,000 rows). Only a database that is
            // upgraded: a fresh one has nothing to count. PostgreSQL's autovacuum analyses by itself.
            if (upgraded)
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE;", cancellationToken);
            }
        }
    }
}
