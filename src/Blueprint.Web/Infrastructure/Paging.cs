using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Infrastructure;

/// <summary>One page of a list, with the count of all matching rows (every list pages).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 500;

    public static Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, int? page, int? pageSize, CancellationToken cancellationToken = default) =>
        query.ToPageAsync(query, page, pageSize, cancellationToken);

    /// <param name="counted">The same rows as <paramref name="query"/> without what only the shown page needs (a join for a column), counted instead of it
    /// when the page is full or past the end.</param>
    public static async Task<Page<T>> ToPageAsync<T, TCounted>(this IQueryable<T> query, IQueryable<TCounted> counted, int? page, int? pageSize, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
        // A page past int.MaxValue / size would overflow the offset (PostgreSQL refuses a negative one).
        var number = Math.Clamp(page ?? 1, 1, int.MaxValue / MaxPageSize);
        var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        // A page with rows that is not full is the last one: the rows before it and its own are all of them,
        // without counting (a unit's short lists are mostly one such page). An empty page past the first counts.
        var total = items.Count < size && (items.Count > 0 || number == 1)
            ? (number - 1) * size + items.Count
            : await counted.CountAsync(cancellationToken);
        return new Page<T>(items, total, number, size);
    }
}
