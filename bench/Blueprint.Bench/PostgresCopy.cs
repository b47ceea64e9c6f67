using System.Globalization;
using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Blueprint.Bench;

/// <summary>
/// The same province on PostgreSQL (when <c>BLUEPRINT_BENCH_POSTGRES</c> names a server): a
/// database per data format, migrated by the app's own migrations, then filled table by table
/// from the generated SQLite file with binary COPY. Copying rather than generating twice
/// guarantees both databases hold exactly the same rows; the column types come from
/// PostgreSQL's catalogue, so new columns need no change here.
/// </summary>
public static class PostgresCopy
{
    public const string Variable = "BLUEPRINT_BENCH_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable);

    public static string DatabaseName => $"blueprint_bench_v{ProvinceData.FormatVersion}";

    /// <summary>The untouched copy a run can start from (<see cref="FreshVariable"/>): made once, right after the fill.</summary>
    private static string FreshName => DatabaseName + "_fresh";

    /// <summary>
    /// <c>BENCH_PG_FRESH=1</c>: the database is made anew from its untouched copy before the run, as
    /// a SQLite run starts from a copy of the file. A load run writes (problems, feedback, drafts)
    /// and leaves statistics stale; run after run on the same database drifted by a fifth.
    /// </summary>
    public const string FreshVariable = "BENCH_PG_FRESH";

    /// <summary>The connection string of the filled database; builds it on first use.</summary>
    public static async Task<string> EnsureAsync(string server, string sqlitePath)
    {
        var target = new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName }.ToString();
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ToString();
        var fresh = Environment.GetEnvironmentVariable(FreshVariable) == "1";
        if (fresh && await ExistsAsync(admin, FreshName))
        {
            await AdminAsync(admin, $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
            await AdminAsync(admin, $"CREATE DATABASE \"{DatabaseName}\" TEMPLATE \"{FreshName}\"");
            Console.WriteLine($"PostgreSQL: {DatabaseName} made anew from {FreshName}");
        }
        else if (!await ExistsAsync(admin, DatabaseName))
        {
            await AdminAsync(admin, $"CREATE DATABASE \"{DatabaseName}\"");
        }

        await using (var db = new PostgresBlueprintDb(new DbContextOptionsBuilder<PostgresBlueprintDb>().UseNpgsql(target).Options, new CurrentUser(new HttpContextAccessor()).ActAsSystem()))
        {
            await DatabaseSetup.MigrateAsync(db);
        }

        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync();
        await using (var filled = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM \"KeyProject\")", pg))
        {
            if ((bool)(await filled.ExecuteScalarAsync())!)
            {
                return target;
            }
        }

        await using var sqlite = new SqliteConnection(ProvinceData.ConnectionString(sqlitePath));
        await sqlite.OpenAsync();
        await using (var tx = await pg.BeginTransactionAsync())
        {
            // Rows arrive table by table, not in foreign-key order: skip the FK triggers for this session.
            await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", pg, tx))
            {
                await replica.ExecuteNonQueryAsync();
            }

            foreach (var table in await TablesWithRowsAsync(sqlite))
            {
                await CopyTableAsync(sqlite, pg, table);
            }

            await tx.CommitAsync();
        }

        // VACUUM too, as autovacuum soon would: the visibility map lets index-only scans skip the table and hint bits are set
        // (a copy not yet vacuumed answered the load test a third slower than the same database a few runs later).
        await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE)", pg) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        if (fresh)
        {
            // A template may have no other connection open: this one and the pool's are closed first.
            await pg.CloseAsync();
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(admin, $"CREATE DATABASE \"{FreshName}\" TEMPLATE \"{DatabaseName}\"");
        }

        return target;
    }

    private static async Task<bool> ExistsAsync(string admin, string database)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        return await exists.ExecuteScalarAsync() is not null;
    }

    private static async Task AdminAsync(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesWithRowsAsync(SqliteConnection sqlite)
    {
        var tables = new List<string>();
        await using var list = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'", sqlite);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        var withRows = new List<string>();
        foreach (var table in tables)
        {
            await using var any = new SqliteCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\")", sqlite);
            if ((long)(await any.ExecuteScalarAsync())! == 1)
            {
                withRows.Add(table);
            }
        }

        return withRows;
    }

    private static async Task CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, string table)
    {
        // Rows the migrations seed themselves (e.g. the audit chain's head) are already there.
        await using (var seeded = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\")", pg))
        {
            if ((bool)(await seeded.ExecuteScalarAsync())!)
            {
                return;
            }
        }

        var columns = new List<(string Name, string Type)>();
        await using (var catalogue = new NpgsqlCommand("SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = @t ORDER BY ordinal_position", pg))
        {
            catalogue.Parameters.AddWithValue("t", table);
            await using var reader = await catalogue.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var select = new SqliteCommand($"SELECT {names} FROM \"{table}\"", sqlite);
        await using var rows = await select.ExecuteReaderAsync();
        await using (var copy = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)"))
        {
            while (await rows.ReadAsync())
            {
                await copy.StartRowAsync();
                for (var i = 0; i < columns.Count; i++)
                {
                    await WriteAsync(copy, rows.IsDBNull(i) ? null : rows.GetValue(i), columns[i].Type);
                }
            }

            await copy.CompleteAsync();
        }

        // Identity columns continue after the copied ids, so the app can insert (e.g. its audit rows).
        if (columns.Any(c => c.Name == "Id"))
        {
            await using var sequence = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\")) WHERE pg_get_serial_sequence('\"{table}\"', 'Id') IS NOT NULL", pg);
            await sequence.ExecuteNonQueryAsync();
        }
    }

    /// <summary>SQLite's storage classes (integer, text) to the PostgreSQL column's type.</summary>
    private static Task WriteAsync(NpgsqlBinaryImporter copy, object? value, string type) => value is null
        ? copy.WriteNullAsync()
        : type switch
        {
            "int4" => copy.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), type),
            "int8" => copy.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), type),
            "int2" => copy.WriteAsync(Convert.ToInt16(value, CultureInfo.InvariantCulture), type),
            "bool" => copy.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, type),
            "numeric" => copy.WriteAsync(decimal.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture), type),
            "float8" => copy.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), type),
            "date" => copy.WriteAsync(DateOnly.Parse((string)value, CultureInfo.InvariantCulture), type),
            "timestamptz" => copy.WriteAsync(DateTime.SpecifyKind(DateTime.Parse((string)value, CultureInfo.InvariantCulture), DateTimeKind.Utc), type),
            "timestamp" => copy.WriteAsync(DateTime.Parse((string)value, CultureInfo.InvariantCulture), type),
            "uuid" => copy.WriteAsync(Guid.Parse((string)value), type),
            "bytea" => copy.WriteAsync((byte[])value, type),
            // EF stores a primitive collection as a JSON array on SQLite and as an array on PostgreSQL.
            "_numeric" => copy.WriteAsync(JsonSerializer.Deserialize<decimal[]>((string)value)!, type),
            "_int4" => copy.WriteAsync(JsonSerializer.Deserialize<int[]>((string)value)!, type),
            "_text" => copy.WriteAsync(JsonSerializer.Deserialize<string[]>((string)value)!, type),
            _ => copy.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, type),
        };
}
