using System.Linq.Expressions;
using Blueprint.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The two read endpoints most records need: a paged list at "/" and one record at "/{id}".
/// Both read through BlueprintDb, so the scope filter confines them like every other query.
/// </summary>
public static class ReadEndpoints
{
    public static RouteGroupBuilder MapListAndGet<TEntity, TDto>(
        this RouteGroupBuilder group,
        Expression<Func<TEntity, long>> key,
        Expression<Func<TEntity, TDto>> asDto)
        where TEntity : class
    {
        group.MapGet("/", async (BlueprintDb db, int? page, int? pageSize, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<TEntity>().AsNoTracking().OrderBy(key).Select(asDto).ToPageAsync(page, pageSize, ct)));

        group.MapGet("/{id:long}", async Task<Results<Ok<TDto>, ProblemHttpResult>> (
            long id, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            await db.Set<TEntity>().AsNoTracking().Where(HasKey(key, id)).Select(asDto).FirstOrDefaultAsync(ct) is { } dto
                ? TypedResults.Ok(dto)
                : Problems.NotFound(t));
        return group;
    }

    private static Expression<Func<TEntity, bool>> HasKey<TEntity>(Expression<Func<TEntity, long>> key, long id) =>
        Expression.Lambda<Func<TEntity, bool>>(
            Expression.Equal(key.Body, Expression.Constant(id)), key.Parameters);
}
