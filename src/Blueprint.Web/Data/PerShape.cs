using System.Linq.Expressions;
using System.Security.Claims;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Blueprint.Web.Data;

/// <summary>
/// A query built once for a shape of user — the roles, the scope, which of the id, unit and unit
/// path they have — and compiled (EF's <c>CompileAsyncQuery</c>), with the user's own id, unit and
/// unit path as its parameters (decision 0056). For the large queries that are assembled in code
/// from the user's roles (the to-do): written out, EF parameterises and looks up their whole
/// expression on every run, which costs several times what the statement takes to execute.
/// <para>
/// The query is built through a context of its own whose user has the same roles and scope and
/// stand-in values for the id, unit and path (<see cref="ContextFor"/>); every value the query
/// captured that equals a stand-in becomes the matching parameter (<see cref="Parameterise{T}"/>).
/// Every other captured value is kept as it was when built: the shape's key must hold whatever
/// else the query reads (the day, say). A value made from a stand-in (a path with a suffix) is
/// refused when built; an id made from one cannot be recognised, which the tests that compare a
/// shape's queries with the written-out ones for two users of one shape would show. The query
/// filters' values are read from the running context, as for any compiled query.
/// </para>
/// </summary>
public static class PerShape
{
    /// <summary>The stand-in for the user's id while a shape's query is built.</summary>
    public const int UserId = 1_999_999_973;

    /// <summary>The stand-in for the user's unit.</summary>
    public const int UnitId = 1_999_999_943;

    /// <summary>The stand-in for the number of rows a list asks for (a <c>Take</c> of it becomes the last parameter).</summary>
    public const int Limit = 1_999_999_907;

    private const string Marker = "\u0002shape\u0002";

    /// <summary>The stand-in for the user's unit path.</summary>
    public const string UnitPath = "/" + Marker + "/";

    /// <summary>The shape of a user: what a query built for them may depend on besides their id, unit and path.</summary>
    public static string KeyOf(CurrentUser user) => string.Join('|',
        user.IsSystem, user.Scope, user.UserId is null, user.UnitId is null, user.UnitPath is null, string.Join(',', Roles.All.Where(user.IsInRole)));

    /// <summary>
    /// A context like <paramref name="db"/> (same options, so the same model) whose user has the same
    /// roles and scope, and the stand-ins for the id, unit and path the real user has. The caller disposes it.
    /// </summary>
    public static BlueprintDb ContextFor(BlueprintDb db)
    {
        var user = db.CurrentUser;
        List<Claim> claims = [.. Roles.All.Where(user.IsInRole).Select(r => new Claim(ClaimTypes.Role, r))];
        if (user.UserId is not null)
        {
            claims.Add(new(ClaimTypes.NameIdentifier, UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.UnitId is not null)
        {
            claims.Add(new(CurrentUser.UnitClaim, UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.UnitPath is not null)
        {
            claims.Add(new(CurrentUser.UnitPathClaim, UnitPath));
        }

        if (user.Scope is { } scope)
        {
            claims.Add(new(CurrentUser.ScopeClaim, scope.ToString()));
        }

        var standIn = new CurrentUser(new HttpContextAccessor()).ActAs(new ClaimsPrincipal(new ClaimsIdentity(claims, "shape", ClaimTypes.Name, ClaimTypes.Role)));
        var options = db.GetService<IDbContextOptions>();
        var shaped = (BlueprintDb)Activator.CreateInstance(db.GetType(), options, standIn)!;
        if (shaped.Model != db.Model)
        {
            shaped.Dispose();
            throw new InvalidOperationException("A shape's context must have the model of the context it stands for.");
        }

        return shaped;
    }

    /// <summary>The user's own values, in the order of the compiled queries' parameters.</summary>
    public static (int UserId, int UnitId, string UnitPath) ValuesOf(CurrentUser user) => (user.UserId ?? -1, user.UnitId ?? -1, user.UnitPath ?? "");

    /// <summary>
    /// <paramref name="query"/> (built through <see cref="ContextFor"/>) compiled with the stand-ins as
    /// parameters: run it on the reader's context with <see cref="ValuesOf"/> of the reader and the
    /// number of rows for <see cref="Limit"/> (any number when the query takes none).
    /// </summary>
    public static Func<BlueprintDb, int, int, string, int, IAsyncEnumerable<T>> Compile<T>(IQueryable<T> query) =>
        EF.CompileAsyncQuery(Parameterise(query));

    /// <summary>The query as a lambda of the context, the user's id, unit and path, and the limit (see <see cref="Compile{T}"/>).</summary>
    public static Expression<Func<BlueprintDb, int, int, string, int, IQueryable<T>>> Parameterise<T>(IQueryable<T> query)
    {
        var db = Expression.Parameter(typeof(BlueprintDb), "db");
        var userId = Expression.Parameter(typeof(int), "userId");
        var unitId = Expression.Parameter(typeof(int), "unitId");
        var unitPath = Expression.Parameter(typeof(string), "unitPath");
        var limit = Expression.Parameter(typeof(int), "limit");
        var body = new StandIns(userId, unitId, unitPath, limit).Visit(query.Expression)!;
        return Expression.Lambda<Func<BlueprintDb, int, int, string, int, IQueryable<T>>>(body, db, userId, unitId, unitPath, limit);
    }

    /// <summary>
    /// Replaces each captured value equal to a stand-in with its parameter, and each captured query
    /// with its expression (so that nothing of the shape's context is evaluated when EF compiles).
    /// </summary>
    private sealed class StandIns(ParameterExpression userId, ParameterExpression unitId, ParameterExpression unitPath, ParameterExpression limit) : ExpressionVisitor
    {
        // A Take's count is a constant of the expression, not a captured value.
        protected override Expression VisitConstant(ConstantExpression node) =>
            node.Value is int id ? ParameterOf(id, node.Type) ?? node : node;

        private Expression? ParameterOf(int id, Type type) => id switch
        {
            UserId => As(userId, type),
            UnitId => As(unitId, type),
            Limit => As(limit, type),
            _ => null,
        };

        public override Expression? Visit(Expression? node)
        {
            if (node is null || !IsCaptured(node))
            {
                return base.Visit(node);
            }

            var value = Expression.Lambda(node).Compile(preferInterpretation: true).DynamicInvoke();
            return value switch
            {
                IQueryable query => Visit(query.Expression),
                int id when ParameterOf(id, node.Type) is { } parameter => parameter,
                string path when path == UnitPath => unitPath,
                string made when made.Contains(Marker, StringComparison.Ordinal) => throw new InvalidOperationException(
                    $"A query built for a shape of user captured a value made from the unit path ({node}): capture the path itself."),
                System.Collections.IEnumerable items when value is not string && items.Cast<object?>().Any(i => i is UserId or UnitId or UnitPath) =>
                    throw new InvalidOperationException($"A query built for a shape of user captured a collection holding a stand-in ({node}): it would be kept as it was."),
                _ => node,
            };
        }

        private static Expression As(ParameterExpression parameter, Type type) => parameter.Type == type ? parameter : Expression.Convert(parameter, type);

        /// <summary>A value the query captured: a member, or a method of no arguments, of a constant, of a static member or of another such value.</summary>
        private static bool IsCaptured(Expression node) => node switch
        {
            MemberExpression member => member.Expression is null or ConstantExpression || (member.Expression is { } inner && IsCaptured(inner)),
            MethodCallExpression { Object: { } target, Arguments.Count: 0 } => target is ConstantExpression || IsCaptured(target),
            _ => false,
        };
    }
}
