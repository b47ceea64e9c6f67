using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Blueprint.Web.Data;

/// <summary>Hints to SQLite's query planner, written in a query; on PostgreSQL, which keeps statistics per value, nothing.</summary>
public static class SqlHints
{
    /// <summary>
    /// The condition, told to SQLite's planner as usually false (its <c>unlikely(X)</c>), so that an index on it is used:
    /// SQLite keeps one average per index column (no per-value statistics in this build), and after <c>ANALYZE</c> a status
    /// column that is almost always one value looks as if every status matched every row — a queue of the few records
    /// waiting in another status was read by scanning the table (the office's to-do: 485,000 indicator values, 40 ms).
    /// Only for conditions that are rare in every city's data.
    /// </summary>
    public static bool Rare(bool condition) => throw new InvalidOperationException($"{nameof(Rare)} is only for queries.");

    internal static void Register(ModelBuilder builder, bool sqlite) =>
        builder.HasDbFunction(typeof(SqlHints).GetMethod(nameof(Rare))!)
            .HasTranslation(args => sqlite
                ? new SqlFunctionExpression("unlikely", args, nullable: false, argumentsPropagateNullability: [false], typeof(bool), args[0].TypeMapping)
                : args[0]);
}
