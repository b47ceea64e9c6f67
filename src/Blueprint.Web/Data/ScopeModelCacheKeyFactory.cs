using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Blueprint.Web.Data;

/// <summary>Which predicate the unit-scope query filter of a model is (decision 0038).</summary>
public enum ScopeFilterKind
{
    /// <summary><c>UnitId = @u</c> (also a reader without scope: @u = -1, nothing).</summary>
    OwnUnit,

    /// <summary><c>UnitId IN (the unit and the units whose path starts with its path)</c>.</summary>
    UnitAndBelow,

    /// <summary>No predicate.</summary>
    All,

    /// <summary>No predicate, and every user's notifications (admin commands, jobs, seeding).</summary>
    System,
}

/// <summary>
/// Keys EF Core's model cache by the reader's scope kind as well as the context type, so there
/// are at most four models per context type, each with only its scope's filter (decision 0038).
/// The kind is fixed on the context when its model is chosen; the context checks on every
/// filtered query that the reader's scope has not changed since.
/// </summary>
public sealed class ScopeModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime)
    {
        if (context is not BlueprintDb db)
        {
            return (context.GetType(), designTime);
        }

        db.ModelScopeKind ??= db.ScopeKind;
        return (context.GetType(), db.ModelScopeKind.Value, designTime);
    }
}
