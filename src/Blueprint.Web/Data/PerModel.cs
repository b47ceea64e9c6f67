using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Blueprint.Web.Data;

/// <summary>
/// A query compiled once per model (EF's <c>CompileAsyncQuery</c>) for a read that nearly every page
/// runs with the same shape: a query written out is parameterised and looked up in EF's cache by a
/// key computed from its whole expression on every run, which costs more than a small statement
/// takes to execute. A compiled query belongs to the model it first ran on, and a process holds
/// several: one per scope kind of <see cref="BlueprintDb"/> (decision 0038), and the tests hold a
/// SQLite and a PostgreSQL model at once; the query filters' values are read from the running
/// context on every run (decision 0055).
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];

    /// <summary>The query compiled for the context's model.</summary>
    public TQuery For(Microsoft.EntityFrameworkCore.DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
