using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Web.Data;

/// <summary>
/// Multi-row INSERT for large imports, inside the caller's transaction: one statement per few
/// hundred rows instead of EF's one per row, which is what makes 100,000 rows fit in seconds.
/// Columns, names and value conversions come from the EF model, so it writes exactly what
/// SaveChanges would. It bypasses SaveChanges: the caller checks scope and writes the audit
/// (<see cref="Features.Audit.AuditAppender"/>).
/// </summary>
public static class BulkInsert
{
    /// <summary>PostgreSQL allows 65,535 parameters per statement: stay well below.</summary>
    private const int MaxParameters = 30_000;

    /// <summary>
    /// Inserts <paramref name="rows"/>; when the key is generated, sets it on each row, matching
    /// the returned rows by <paramref name="matchBy"/> (properties unique among the rows) because
    /// neither database promises RETURNING in VALUES order.
    /// </summary>
    public static async Task InsertAsync<T>(BlueprintDb db, IReadOnlyList<T> rows, string[] matchBy, CancellationToken ct) where T : class
    {
        var (type, table, key, columns, connection, transaction) = TargetOf<T>(db);
        // Without match columns the generated keys are not read back (audit rows need none).
        var readBack = key.ValueGenerated == ValueGenerated.OnAdd && matchBy.Length > 0;
        var match = matchBy.Select(n => type.FindProperty(n)!).ToList();
        var byKey = readBack ? rows.ToDictionary(r => MatchKey(match.Select(p => p.GetGetter().GetClrValue(r)))) : null;
        if (db.Database.IsSqlite())
        {
            await InsertOneByOneAsync(rows, table, key, columns, readBack, connection, transaction, ct);
            return;
        }

        var perStatement = Math.Max(1, MaxParameters / columns.Count);

        foreach (var chunk in rows.Chunk(perStatement))
        {
            await using var command = ChunkCommand(connection, transaction, table, columns, chunk, out var sql);
            if (readBack)
            {
                sql.Append(" RETURNING ").Append(Quote(key.GetColumnName(table)!)).Append(", ")
                    .AppendJoin(", ", match.Select(p => Quote(p.GetColumnName(table)!)));
            }

            command.CommandText = sql.ToString();
            if (!readBack)
            {
                await command.ExecuteNonQueryAsync(ct);
                continue;
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = Convert.ChangeType(reader.GetValue(0), key.ClrType, CultureInfo.InvariantCulture);
                var values = match.Select((p, i) => FromProvider(p, reader.GetValue(i + 1)));
                key.PropertyInfo!.SetValue(byKey![MatchKey(values)], id);
            }
        }
    }

    /// <summary>
    /// The same insert, synchronous and without reading keys back: for a step that holds a lock
    /// (the audit's commit step), where waiting for a busy thread pool between statements would
    /// stretch the time the lock is held. Microsoft.Data.Sqlite's async calls complete synchronously anyway.
    /// </summary>
    public static void InsertNow<T>(BlueprintDb db, IReadOnlyList<T> rows) where T : class
    {
        var (_, table, key, columns, connection, transaction) = TargetOf<T>(db);
        if (db.Database.IsSqlite())
        {
            InsertOneByOneAsync(rows, table, key, columns, readBack: false, connection, transaction, CancellationToken.None).GetAwaiter().GetResult();
            return;
        }

        foreach (var chunk in rows.Chunk(Math.Max(1, MaxParameters / columns.Count)))
        {
            using var command = ChunkCommand(connection, transaction, table, columns, chunk, out var sql);
            command.CommandText = sql.ToString();
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The table, key and columns of <typeparamref name="T"/> (a generated key is left to the database), and the open transaction.</summary>
    private static (IEntityType Type, StoreObjectIdentifier Table, IProperty Key, List<IProperty> Columns, DbConnection Connection, DbTransaction Transaction)
        TargetOf<T>(BlueprintDb db)
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var key = type.FindPrimaryKey()!.Properties.Single();
        var columns = type.GetProperties().Where(p => !(key.ValueGenerated == ValueGenerated.OnAdd && p == key)).ToList();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");
        return (type, StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema()), key, columns, db.Database.GetDbConnection(), transaction);
    }

    /// <summary>A multi-row INSERT of <paramref name="chunk"/> with its parameters; the caller may append to the SQL before setting it.</summary>
    private static DbCommand ChunkCommand<T>(DbConnection connection, DbTransaction transaction, StoreObjectIdentifier table, List<IProperty> columns,
        T[] chunk, out StringBuilder sql) where T : class
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        sql = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (")
            .AppendJoin(", ", columns.Select(c => Quote(c.GetColumnName(table)!))).Append(") VALUES ");
        for (var r = 0; r < chunk.Length; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                sql.Append(c == 0 ? "" : ", ").Append(name);
                command.AddParameter(name, ProviderValue(columns[c], chunk[r]));
            }

            sql.Append(')');
        }

        return command;
    }

    /// <summary>
    /// SQLite: one prepared single-row INSERT, re-executed with new values. Within a transaction
    /// that is SQLite's fastest path (no network), and Microsoft.Data.Sqlite looks parameters up
    /// by name one by one, so a statement with thousands of parameters would cost quadratic time.
    /// </summary>
    private static async Task InsertOneByOneAsync<T>(IReadOnlyList<T> rows, StoreObjectIdentifier table, IProperty key,
        List<IProperty> columns, bool readBack, DbConnection connection, DbTransaction transaction, CancellationToken ct) where T : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var parameters = columns.Select((c, i) => command.AddParameter(string.Create(CultureInfo.InvariantCulture, $"@p{i}"))).ToList();
        command.CommandText = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (")
            .AppendJoin(", ", columns.Select(c => Quote(c.GetColumnName(table)!))).Append(") VALUES (")
            .AppendJoin(", ", parameters.Select(p => p.ParameterName)).Append(')')
            .Append(readBack ? " RETURNING " + Quote(key.GetColumnName(table)!) : "").ToString();
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                parameters[c].Value = ProviderValue(columns[c], row);
            }

            if (readBack)
            {
                var id = await command.ExecuteScalarAsync(ct);
                key.PropertyInfo!.SetValue(row, Convert.ChangeType(id, key.ClrType, CultureInfo.InvariantCulture));
            }
            else
            {
                await command.ExecuteNonQueryAsync(ct);
            }
        }

    }

    private static object ProviderValue(IProperty property, object row)
    {
        var value = property.GetGetter().GetClrValue(row);
        var converter = property.GetTypeMapping().Converter;
        return (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
    }

    private static object? FromProvider(IProperty property, object value)
    {
        var converter = property.GetTypeMapping().Converter;
        var provider = converter?.ProviderClrType ?? property.ClrType;
        var typed = Convert.ChangeType(value, Nullable.GetUnderlyingType(provider) ?? provider, CultureInfo.InvariantCulture);
        return converter is null ? typed : converter.ConvertFromProvider(typed);
    }

    private static string MatchKey(IEnumerable<object?> values) =>
        string.Join('\u001f', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
