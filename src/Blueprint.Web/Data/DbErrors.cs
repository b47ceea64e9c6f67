using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Blueprint.Web.Data;

/// <summary>Recognises the database errors that mean "someone else got there first" or "the database is away".</summary>
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

    /// <summary>
    /// A foreign key refused the write: the request named a record that does not exist (SQLite
    /// constraint 787, PostgreSQL 23503). The client's mistake, so a 400, not a 500 (issue 17).
    /// </summary>
    public static bool IsForeignKeyViolation(this Exception error) => error.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 } => true,
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } => true,
        _ => false,
    };

    /// <summary>
    /// Text PostgreSQL cannot store: a NUL character (22021), which SQLite and .NET strings allow.
    /// Only a client sends one, so it is a 400 wherever the text was going (a field or a search).
    /// </summary>
    public static bool IsUnstorableText(this Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The field behind a foreign-key violation as a request names it ("unitId"), when the
    /// database says which (PostgreSQL names the constraint, FK_Problems_Units_UnitId); SQLite does not.
    /// </summary>
    public static string? ForeignKeyField(this Exception error) =>
        error.InnerException is PostgresException { ConstraintName: { } name } && name.LastIndexOf('_') is var i and >= 0 && i < name.Length - 1
            ? char.ToLowerInvariant(name[i + 1]) + name[(i + 2)..]
            : null;

    /// <summary>
    /// The database cannot be reached or is shutting down, anywhere in the chain EF wraps it in:
    /// a refused or dropped connection, a timeout, PostgreSQL's connection-exception class 08 and
    /// 57P01-57P03 (shutdown, restart), too many connections (53300), or a SQLite file that
    /// cannot be opened (14). A request meeting this answers 503 and is worth retrying; any
    /// other database error stays a 500.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections:
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException or EndOfStreamException }:
                case NpgsqlException n when n is not PostgresException && n.IsTransient:
                case SqliteException { SqliteErrorCode: 14 }:
                case SocketException:
                    return true;
            }
        }

        return false;
    }
}
