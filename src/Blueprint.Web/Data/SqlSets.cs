using System.Linq.Expressions;

namespace Blueprint.Web.Data;

/// <summary>
/// A condition "the value is one of a fixed set" written so that EF Core keeps its SQL (decision 0055).
/// <para>
/// On SQLite EF Core 10 writes <c>set.Contains(x.Status)</c> over an array as <c>IN (@set1, @set2)</c>,
/// one parameter per element, and because the SQL depends on how many there are it does not keep the
/// statement it generated: every execution generates the SQL again (measured: such a query adds no
/// command to EF's cache, a plain one does; ModelTests). Npgsql sends the array as one parameter
/// (<c>= ANY (@set)</c>), and PostgreSQL's SQL is kept either way. For a set that is the code's own (statuses a step
/// waits in, the years a page shows), <see cref="OneOf{T, TValue}"/> writes
/// <c>x.Status = 1 OR x.Status = 2</c> with the values inlined: one compiled query per distinct
/// set, its SQL kept. SQLite plans an OR of equalities on one column as an IN list, by its index.
/// </para>
/// <para>Not for sets made of a user's input or of data (unit ids, project ids): each distinct set would be a query compiled anew.</para>
/// </summary>
public static class SqlSets
{
    /// <summary><c>x =&gt; set.Contains(value(x))</c>, with the set's elements inlined; an empty set matches nothing.</summary>
    public static Expression<Func<T, bool>> OneOf<T, TValue>(Expression<Func<T, TValue>> value, IEnumerable<TValue> set)
    {
        var body = set.Distinct()
            .Select(v => (Expression)Expression.Equal(value.Body, Expression.Constant(v, typeof(TValue))))
            .DefaultIfEmpty(Expression.Constant(false))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(body, value.Parameters);
    }

    /// <summary><see cref="OneOf{T, TValue}"/> told to SQLite as rare (<see cref="SqlHints.Rare"/>).</summary>
    public static Expression<Func<T, bool>> RareOneOf<T, TValue>(Expression<Func<T, TValue>> value, IEnumerable<TValue> set)
    {
        var condition = OneOf(value, set);
        return Expression.Lambda<Func<T, bool>>(Expression.Call(typeof(SqlHints).GetMethod(nameof(SqlHints.Rare))!, condition.Body), condition.Parameters);
    }
}
