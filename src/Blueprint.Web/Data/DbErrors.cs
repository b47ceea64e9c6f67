using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Blueprint.Web.Data;

/// <summary>Recognises the database errors that mean "someone else got there first".</summary>
public static class DbErrors
{
    /// <summary>A unique index refused the write (SQLite constraint 2067/1555, PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(this DbUpdateException error) => error.InnerException is { } inner && IsUniqueViolation(inner);

    /// <summary>The same, for a provider exception raised by hand-written SQL.</summary>
    public static bool IsUniqueViolation(this Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
