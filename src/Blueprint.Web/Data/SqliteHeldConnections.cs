using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Web.Data;

/// <summary>
/// SQLite connections kept open between contexts, and the statements EF runs on them kept
/// prepared (decision 0057). Microsoft.Data.Sqlite prepares a command's SQL anew for every command
/// object, and EF makes one per query; it also registers EF's functions on every open and removes
/// them on every close. Under the load test that was a tenth of the processor for preparing and
/// another twentieth for opening and closing: the same few hundred statements, prepared again on
/// every request.
/// <para>
/// A context's connection is taken from the idle ones (<see cref="ConnectionCreated"/>), already
/// open: EF then neither opens nor closes it per query. EF closes the connections it made when a
/// context ends, which a held connection ignores, and when the context is disposed it comes back
/// here (<see cref="ConnectionDisposing"/>) instead of being disposed, unless a transaction or a
/// reader is still open on it, or enough are idle. Each connection keeps up to <see cref="MaxStatements"/>
/// commands by their SQL (<see cref="CommandInitialized"/> hands EF the kept command for its SQL, with
/// EF's parameters and transaction); EF's disposing of a kept command only clears its parameters.
/// A statement left by a reader is reset when the reader is disposed, so an idle connection holds
/// no read snapshot; SQLite prepares a statement again by itself when the schema has changed.
/// </para>
/// <para>
/// Not for in-memory databases (each connection would be its own database).
/// <c>Database:SqliteHeldConnections</c> (16 by default) bounds the idle connections; 0 turns this off.
/// </para>
/// </summary>
public sealed class SqliteHeldConnections(SqliteConnectionSetup setup, int maxIdle, int maxStatements = 256)
    : IDbConnectionInterceptor, IDbCommandInterceptor, IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentStack<HeldConnection>> _idle = new(StringComparer.Ordinal);

    /// <summary>Every connection made, to close those still lent out when the app stops.</summary>
    private readonly ConcurrentDictionary<HeldConnection, byte> _made = new();
    private volatile bool _disposed;
    private long _prepared;
    private long _reused;

    public int MaxIdle { get; } = Math.Max(0, maxIdle);

    /// <summary>How many commands one connection keeps prepared (the least recently run goes first).</summary>
    public int MaxStatements { get; } = Math.Max(1, maxStatements);

    /// <summary>
    /// Longer SQL is not kept: the batched inserts and updates of a large save, one text per batch
    /// size, each used once (the longest reads, the to-do's unions, are a few kilobytes).
    /// </summary>
    public const int MaxKeptSql = 64 * 1024;

    /// <summary>Commands run on a kept statement, and commands whose statement was prepared (for the benchmark).</summary>
    public (long Reused, long Prepared) Counts => (Interlocked.Read(ref _reused), Interlocked.Read(ref _prepared));

    /// <summary>The idle connections now.</summary>
    public int IdleCount => _idle.Values.Sum(s => s.Count);

    public static SqliteHeldConnections FromConfiguration(IConfiguration config, SqliteConnectionSetup setup) =>
        new(setup, config.GetValue("Database:SqliteHeldConnections", 16));

    /// <summary>Gives EF an idle connection, or a new one opened now, instead of the one it made.</summary>
    public DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
    {
        if (MaxIdle == 0 || _disposed || result is not SqliteConnection made || made is HeldConnection)
        {
            return result;
        }

        if (!_idle.TryGetValue(made.ConnectionString, out var idle))
        {
            if (InMemory(made.ConnectionString))
            {
                return result;
            }

            idle = _idle.GetOrAdd(made.ConnectionString, _ => new ConcurrentStack<HeldConnection>());
        }

        while (idle.TryPop(out var held))
        {
            if (held.State == ConnectionState.Open)
            {
                made.Dispose();
                return held;
            }

            Let(held);
        }

        var connection = new HeldConnection(made.ConnectionString, this);
        try
        {
            // EF registers its functions (regexp, the decimal ones) on a connection given in the options, once here, before it is opened.
            using (var functions = new DbContext(new DbContextOptionsBuilder().UseSqlite(connection).Options))
            {
                functions.Database.GetDbConnection();
            }

            connection.Open();
        }
        catch (SqliteException)
        {
            // EF opens its own and reports the error as it always does.
            connection.Dispose();
            return made;
        }

        setup.SetUp(connection);
        _made.TryAdd(connection, 0);
        if (_disposed)
        {
            // Stopped meanwhile: EF keeps its own.
            Let(connection);
            return made;
        }

        made.Dispose();
        return connection;
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        Return(connection) ? InterceptionResult.Suppress() : result;

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(Return(connection) ? InterceptionResult.Suppress() : result);

    /// <summary>Takes a connection back as idle when it can serve the next context as it is; otherwise EF disposes it (and so closes it).</summary>
    private bool Return(DbConnection connection)
    {
        if (connection is not HeldConnection held || held.Owner != this)
        {
            return false;
        }

        if (!_disposed && held is { State: ConnectionState.Open, Busy: false } && _idle.TryGetValue(held.ConnectionString, out var idle) && idle.Count < MaxIdle)
        {
            idle.Push(held);
            if (!_disposed)
            {
                return true;
            }

            // Disposed meanwhile, after or before emptying the idle ones.
            if (idle.TryPop(out var again) && again != held)
            {
                Let(again);
            }
        }

        _made.TryRemove(held, out _);
        return false;
    }

    /// <summary>Closes a held connection for good (its statements first).</summary>
    private void Let(HeldConnection connection)
    {
        _made.TryRemove(connection, out _);
        connection.Dispose();
    }

    /// <summary>Hands EF the kept command for its SQL on a held connection, with EF's parameters and transaction.</summary>
    public DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (result is not SqliteCommand made || made is KeptCommand || made.Connection is not HeldConnection connection)
        {
            return result;
        }

        if (made.CommandText.Length > MaxKeptSql || HasLargeValue(made) || connection.Statements.Take(made.CommandText, connection) is not { } command)
        {
            // Run as EF made it; counted until disposed, so that the connection is not kept with its reader open.
            var statements = connection.Statements;
            statements.Others++;
            made.Disposed += (_, _) => statements.Others--;
            return result;
        }

        command.Transaction = made.Transaction;
        command.CommandTimeout = made.CommandTimeout;
        foreach (SqliteParameter parameter in made.Parameters)
        {
            command.Parameters.Add(parameter);
        }

        made.Parameters.Clear();
        made.Dispose();
        return command;
    }

    /// <summary>Closes every connection, idle or lent out (the app stops; a context still running fails as on any closed connection).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var idle in _idle.Values)
        {
            while (idle.TryPop(out var connection))
            {
                Let(connection);
            }
        }

        foreach (var connection in _made.Keys)
        {
            Let(connection);
        }
    }

    /// <summary>A kept statement holds a copy of its last values until it runs again: none is kept with a large one.</summary>
    private static bool HasLargeValue(SqliteCommand command)
    {
        foreach (SqliteParameter parameter in command.Parameters)
        {
            if (parameter.Value is string { Length: > MaxKeptValue } or byte[] { Length: > MaxKeptValue })
            {
                return true;
            }
        }

        return false;
    }

    private const int MaxKeptValue = 16 * 1024;

    private static bool InMemory(string connectionString)
    {
        var options = new SqliteConnectionStringBuilder(connectionString);
        return options.Mode == SqliteOpenMode.Memory || options.DataSource is "" or ":memory:";
    }

    /// <summary>
    /// A connection that EF's closing at the end of a context leaves open: EF closes the
    /// connections it made when a context is disposed or given back to its pool, before disposing
    /// them. Disposing closes it, and finalizes its kept statements first.
    /// </summary>
    private sealed class HeldConnection(string connectionString, SqliteHeldConnections owner) : SqliteConnection(connectionString)
    {
        private bool _closing;

        public SqliteHeldConnections Owner { get; } = owner;

        public Kept Statements { get; } = new(owner);

        /// <summary>
        /// Closes for good only when disposed, or when something is still running on it (a reader left
        /// open would keep its read snapshot for the next context, a transaction its locks): then it is
        /// closed as EF would close it, and opened again by EF when used again.
        /// </summary>
        public override void Close()
        {
            if (_closing || Busy)
            {
                Statements.Retire();
                base.Close();
            }
        }

        /// <summary>Whether a transaction is open on it, or a command EF made on it is not disposed yet (its reader may be open).</summary>
        public bool Busy => Statements.InUse + Statements.Others > 0 || (Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0);

        public override Task CloseAsync()
        {
            Close();
            return Task.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            _closing = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>One held connection's kept commands, by SQL. Used by one context at a time.</summary>
    private sealed class Kept(SqliteHeldConnections owner)
    {
        private readonly Dictionary<string, KeptCommand> _commands = new(StringComparer.Ordinal);
        private long _clock;

        /// <summary>Kept commands handed out and not yet disposed by EF.</summary>
        public int InUse;

        /// <summary>Commands EF made on the connection that are not kept, not yet disposed.</summary>
        public int Others;

        /// <summary>The kept command for <paramref name="sql"/>, or null while it is in use (a second reader of the same SQL).</summary>
        public KeptCommand? Take(string sql, SqliteConnection connection)
        {
            if (_commands.TryGetValue(sql, out var command))
            {
                if (command.InUse)
                {
                    return null;
                }

                Interlocked.Increment(ref owner._reused);
            }
            else
            {
                if (_commands.Count >= owner.MaxStatements)
                {
                    Evict();
                }

                command = new KeptCommand(this) { CommandText = sql, Connection = connection };
                _commands.Add(sql, command);
                Interlocked.Increment(ref owner._prepared);
            }

            command.InUse = true;
            command.LastUsed = ++_clock;
            InUse++;
            return command;
        }

        public void Given(KeptCommand command)
        {
            command.InUse = false;
            InUse--;
        }

        /// <summary>Drops the least recently run command that is not in use.</summary>
        private void Evict()
        {
            KeptCommand? oldest = null;
            foreach (var command in _commands.Values)
            {
                if (!command.InUse && (oldest is null || command.LastUsed < oldest.LastUsed))
                {
                    oldest = command;
                }
            }

            if (oldest is not null)
            {
                _commands.Remove(oldest.CommandText);
                oldest.Retire();
            }
        }

        /// <summary>Finalizes every kept statement: the connection is closing or closed.</summary>
        public void Retire()
        {
            foreach (var command in _commands.Values)
            {
                command.Retire();
            }

            _commands.Clear();
            InUse = 0;
        }
    }

    /// <summary>A command whose disposing by EF keeps its prepared statement (<see cref="Retire"/> disposes it).</summary>
    private sealed class KeptCommand(Kept kept) : SqliteCommand
    {
        private bool _retired;

        public bool InUse { get; set; }

        public long LastUsed { get; set; }

        public void Retire()
        {
            _retired = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_retired)
            {
                Parameters.Clear();
                Transaction = null;
                if (InUse)
                {
                    kept.Given(this);
                }

                return;
            }

            base.Dispose(disposing);
        }
    }
}
