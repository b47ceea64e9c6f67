using System.Data.Common;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Infrastructure.Fuzz;

/// <summary>
/// The row count of every table of the model and the audit chain's head, read in one statement:
/// what a refused request must leave exactly as it was. Left out: the sign-in log (a refused
/// sign-in is recorded on purpose, MLPS), the data-protection keys (made on first use), the kept
/// figures (made by whoever reads a month first, decision 0041) and the audit records themselves
/// (the head's count and last hash stand for them).
/// </summary>
public sealed class DataSnapshot : IAsyncDisposable
{
    private static readonly Type[] NotCounted = [typeof(SignInEvent), typeof(DataProtectionKey), typeof(AuditRecord), typeof(AuditChainHead), typeof(Web.Features.Figures.KeptFigure)];

    private readonly IServiceScope _scope;
    private readonly DbConnection _connection;
    private readonly string _sql;
    private readonly string _headSql;
    private readonly List<string> _tables;

    public DataSnapshot(TestApp app)
    {
        _scope = app.SystemScope();
        var db = _scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        _tables = [.. db.Model.GetEntityTypes()
            .Where(e => !NotCounted.Contains(e.ClrType) && e.GetTableName() is not null && e.GetViewName() is null)
            .Select(e => e.GetTableName()!).Distinct().Order(StringComparer.Ordinal)];
        var head = db.Model.FindEntityType(typeof(AuditChainHead))!.GetTableName();
        _headSql = $"SELECT \"Count\", \"LastHash\" FROM \"{head}\" WHERE \"Id\" = 1";
        _sql = "SELECT " + string.Join(", ", _tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"))
            + $", (SELECT \"Count\" FROM \"{head}\" WHERE \"Id\" = 1), (SELECT \"LastHash\" FROM \"{head}\" WHERE \"Id\" = 1)";
        _connection = db.Database.GetDbConnection();
    }

    public int TableCount => _tables.Count;

    /// <summary>
    /// The audit head alone, with the table counts of <paramref name="last"/>: enough after a read
    /// (every change through EF is audited, so a read that wrote anything moves the head), and far
    /// cheaper than counting every table, which on PostgreSQL took half the run.
    /// </summary>
    public async Task<string[]> TakeHeadAsync(string[] last, CancellationToken ct)
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            await _connection.OpenAsync(ct);
        }

        await using var command = _connection.CreateCommand();
        command.CommandText = _headSql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var values = (string[])last.Clone();
        values[^1] = $"audit head={reader.GetInt64(0)}/{reader.GetString(1)}";
        return values;
    }

    /// <summary>"Table=count" for every table, then the audit head: equal strings mean nothing changed.</summary>
    public async Task<string[]> TakeAsync(CancellationToken ct)
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            await _connection.OpenAsync(ct);
        }

        await using var command = _connection.CreateCommand();
        command.CommandText = _sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var values = new string[_tables.Count + 1];
        for (var i = 0; i < _tables.Count; i++)
        {
            values[i] = $"{_tables[i]}={reader.GetInt64(i)}";
        }

        values[^1] = $"audit head={reader.GetInt64(_tables.Count)}/{reader.GetString(_tables.Count + 1)}";
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        _scope.Dispose();
    }
}
