using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Web.Data;

/// <summary>
/// Sets up each SQLite connection once, the first time EF opens it (decision 0055): the database
/// file is read through a memory map of up to <see cref="MmapBytes"/> (<c>Database:SqliteMmapMegabytes</c>,
/// 256 by default; 0 reads with system calls, as SQLite does unless told).
/// <para>
/// In WAL mode a connection drops its whole page cache whenever another connection has written
/// since its last read, so under a steady stream of writes nearly every read transaction reads its
/// pages again. Read with <c>pread</c>, each page is a system call and a copy into the connection's
/// cache; through the map it is a pointer into the operating system's page cache, shared by every
/// connection. Pages still in the write-ahead log are read as before.
/// </para>
/// <para>
/// Microsoft.Data.Sqlite pools connections by their native handle: a pooled connection opened
/// again is the same handle, already set up, and costs nothing here.
/// </para>
/// </summary>
public sealed class SqliteConnectionSetup(long mmapBytes) : DbConnectionInterceptor
{
    /// <summary>The handles already set up (kept only as long as the pool keeps the handle).</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _done = [];

    public long MmapBytes { get; } = Math.Max(0, mmapBytes);

    public static SqliteConnectionSetup FromConfiguration(IConfiguration config) =>
        new(config.GetValue("Database:SqliteMmapMegabytes", 256L) * 1024 * 1024);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SetUp(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SetUp(connection);
        return Task.CompletedTask;
    }

    /// <summary>Sets up an open connection (once per native handle); <see cref="SqliteHeldConnections"/> opens its connections itself.</summary>
    internal void SetUp(DbConnection connection)
    {
        if (MmapBytes == 0 || connection is not SqliteConnection { Handle: { } handle } sqlite || _done.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA mmap_size={MmapBytes}";
        command.ExecuteNonQuery();
        _done.AddOrUpdate(handle, this);
    }
}
