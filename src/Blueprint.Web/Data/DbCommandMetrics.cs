using System.Data.Common;
using System.Diagnostics;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Web.Data;

/// <summary>
/// Measures every command EF Core sends, on both databases alike (Npgsql measures its own, SQLite
/// nothing): <c>blueprint.db.command.duration</c> by database, operation and error. EF Core
/// already knows each command's duration; while no exporter listens this is one check per
/// command. The bulk inserts of the large imports bypass EF Core: <c>blueprint.import.*</c> covers them.
/// </summary>
public sealed class DbCommandMetrics(string system) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, eventData.Duration, null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration, null);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData.Duration, null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration, null);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, eventData.Duration, null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration, null);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Record(command, eventData.Duration, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration, eventData.Exception);
        return Task.CompletedTask;
    }

    private void Record(DbCommand command, TimeSpan duration, Exception? error)
    {
        if (!Telemetry.DbCommandDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "db.system.name", system }, { "db.operation.name", Operation(command.CommandText) } };
        if (error is not null)
        {
            tags.Add("error.type", error.GetType().Name);
        }

        Telemetry.DbCommandDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>The statement's first word, from a short list (a label per statement text would have no bound).</summary>
    private static string Operation(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        foreach (var word in (ReadOnlySpan<string>)["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"])
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return word;
            }
        }

        return "OTHER";
    }
}
