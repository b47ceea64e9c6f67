using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Infrastructure;

/// <summary>One page of a list, with the count of all matching rows (every list pages).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 500;

    public static Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, int? page, int? pageSize, CancellationToken cancellationToken = default) =>
        query.ToPageAsync(query, page, pageSize, cancellationToken);

    /// <param name="counted">The same rows as <paramref name="query"/> without what only the shown page needs (a join for a column), counted instead of it.</param>
    public static async Task<Page<T>> ToPageAsync<T, TCounted>(this IQueryable<T> query, IQueryable<TCounted> counted, int? page, int? pageSize, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
        // A page past int.MaxValue / size would overflow the offset (PostgreSQL refuses a negative one).
        var number = Math.Clamp(page ?? 1, 1, int.MaxValue / MaxPageSize);
        var total = await counted.CountAsync(cancellationToken);
        var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new Page<T>(items, total, number, size);
    }
}
