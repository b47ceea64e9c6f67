using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Blueprint.Web.Features.Units;

public sealed record UnitChoice(int Id, string Name, int Depth);

/// <summary>
/// The options of a unit choice that stays small at province scale (issue 20 item 5): up to
/// <see cref="Limit"/> units as they are; beyond that only the top two levels of the tree (the
/// province or city and the units directly below it) and the chosen unit, the rest found by a
/// search as you type (<c>GET /api/units/lookup</c>, wwwroot/js/unit-search.js). Without
/// JavaScript the short list still works.
/// </summary>
public sealed record UnitChoices(IReadOnlyList<UnitChoice> Units, bool Searchable)
{
    public const int Limit = 200;

    /// <param name="ordered">The units the page offers, in its order.</param>
    public static Task<UnitChoices> LoadAsync(IQueryable<Unit> ordered, int? selected, CancellationToken ct = default) =>
        LoadAsync(ordered, selected, Limit, ct);

    /// <summary>The same with another limit (tests shorten the demo city's list).</summary>
    public static Task<UnitChoices> LoadAsync(IQueryable<Unit> ordered, int? selected, int limit, CancellationToken ct = default) =>
        LoadAsync(ordered, selected is { } id ? [id] : [], limit, ct);

    /// <summary>The same for a choice of several units (every chosen one stays listed).</summary>
    public static async Task<UnitChoices> LoadAsync(IQueryable<Unit> ordered, IReadOnlyCollection<int> selected, int limit, CancellationToken ct = default)
    {
        var all = await ordered.AsNoTracking().Take(limit + 1).Select(u => new { u.Id, u.Name, u.Path }).ToListAsync(ct);
        return all.Count <= limit
            ? new UnitChoices([.. all.Select(u => new UnitChoice(u.Id, u.Name, 0))], false)
            : await TopAndChosenAsync(ordered, selected, limit, ct);
    }

    /// <summary>The number of units: compiled once (<see cref="PerModel{TQuery}"/>), as the lists' unit filter asks it on every view.</summary>
    private static readonly PerModel<Func<BlueprintDb, CancellationToken, Task<int>>> Count = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, CancellationToken ct) => db.Set<Unit>().Count()));

    /// <summary>Every unit in path order (a short tree's whole choice): compiled once.</summary>
    private static readonly PerModel<Func<BlueprintDb, IAsyncEnumerable<UnitChoice>>> ByPath = new(() => EF.CompileAsyncQuery<BlueprintDb, UnitChoice>(
        (BlueprintDb db) => db.Set<Unit>().AsNoTracking().OrderBy(u => u.Path).ThenBy(u => u.SortOrder).Select(u => new UnitChoice(u.Id, u.Name, 0))));

    /// <summary>The top two levels of the whole tree, as <see cref="Top"/> writes them for any list: compiled once.</summary>
    private static readonly PerModel<Func<BlueprintDb, int, IAsyncEnumerable<UnitChoice>>> TopOfTree = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, int limit) => db.Set<Unit>().AsNoTracking()
            .Where(u => u.ParentId == null || db.Set<Unit>().Where(r => r.ParentId == null).Select(r => (int?)r.Id).Contains(u.ParentId))
            .OrderBy(u => u.ParentId != null).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).Take(limit)
            .Select(u => new UnitChoice(u.Id, u.Name, u.ParentId == null ? 0 : 1))));

    /// <summary>The number of units, which decides between a whole unit choice and its top with a search.</summary>
    public static Task<int> CountAsync(BlueprintDb db, CancellationToken ct = default) => Count.For(db)(db, ct);

    /// <summary>
    /// The unit filter of a list over every unit in path order (the problems, the supervision items, the
    /// project library): <see cref="LoadAsync(IQueryable{Unit}, int?, CancellationToken)"/> of
    /// <c>Set&lt;Unit&gt;().OrderBy(Path).ThenBy(SortOrder)</c>, by reads compiled once per model (they run on every view).
    /// </summary>
    public static async Task<UnitChoices> WholeTreeAsync(BlueprintDb db, int? selected, CancellationToken ct = default) =>
        await CountAsync(db, ct) <= Limit
            ? new UnitChoices(await ByPath.For(db)(db).ToListAsync(ct), false)
            : await TopOfTreeAsync(db, selected, ct);

    /// <summary>The top two levels of the whole tree and the chosen unit, with the search: the whole tree's choice past <see cref="Limit"/> units.</summary>
    public static async Task<UnitChoices> TopOfTreeAsync(BlueprintDb db, int? selected, CancellationToken ct = default) =>
        await WithChosenAsync(db.Set<Unit>(), await TopOfTree.For(db)(db, Limit).ToListAsync(ct), selected is { } id ? [id] : [], Limit, ct);

    /// <summary>The short choice of a list already known to be longer than <paramref name="limit"/>: the top two levels of the tree and the chosen units, with the search.</summary>
    public static async Task<UnitChoices> TopAndChosenAsync(IQueryable<Unit> ordered, IReadOnlyCollection<int> selected, int limit, CancellationToken ct = default) =>
        await WithChosenAsync(ordered, await Top(ordered, WholeTable(ordered), limit).ToListAsync(ct), selected, limit, ct);

    /// <summary>
    /// The units of <paramref name="offered"/> at the top two levels of the tree, roots first. Under a root: the
    /// parent's id among the roots' (read by the parent index), not the parent's own parent through a join, which
    /// read every unit (2 ms on SQLite, 1.6 on PostgreSQL at province scale, on every list page with a unit
    /// filter). The roots are those of <paramref name="all"/>, the whole table, as the parent was.
    /// </summary>
    private static IQueryable<UnitChoice> Top(IQueryable<Unit> offered, IQueryable<Unit> all, int limit)
    {
        var roots = all.Where(r => r.ParentId == null).Select(r => (int?)r.Id);
        return offered.AsNoTracking().Where(u => u.ParentId == null || roots.Contains(u.ParentId))
            .OrderBy(u => u.ParentId != null).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).Take(limit)
            .Select(u => new UnitChoice(u.Id, u.Name, u.ParentId == null ? 0 : 1));
    }

    /// <summary>The top of the tree with the chosen units that are not in it, first after the root.</summary>
    private static async Task<UnitChoices> WithChosenAsync(IQueryable<Unit> ordered, List<UnitChoice> top, IReadOnlyCollection<int> selected, int limit, CancellationToken ct)
    {
        var missing = selected.Where(id => top.All(u => u.Id != id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            // The chosen units stay chosen, first after the top of the tree's root.
            var chosen = await ordered.AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new UnitChoice(u.Id, u.Name, 0)).ToListAsync(ct);
            top.InsertRange(Math.Min(1, top.Count), chosen);
            top = [.. top.Take(Math.Max(limit, chosen.Count + 1))];
        }

        return new UnitChoices(top, true);
    }

    /// <summary>
    /// Every unit, from the same context as <paramref name="units"/> (the offered units may be
    /// some of them; a unit's parent is any unit): the query's own root, found in its expression.
    /// </summary>
    private static IQueryable<Unit> WholeTable(IQueryable<Unit> units)
    {
        var finder = new UnitRoot();
        finder.Visit(units.Expression);
        return units.Provider.CreateQuery<Unit>(finder.Found ?? throw new InvalidOperationException("The units are not a query of the database's units."));
    }

    private sealed class UnitRoot : System.Linq.Expressions.ExpressionVisitor
    {
        public EntityQueryRootExpression? Found { get; private set; }

        protected override System.Linq.Expressions.Expression VisitExtension(System.Linq.Expressions.Expression node)
        {
            if (node is EntityQueryRootExpression root && root.EntityType.ClrType == typeof(Unit))
            {
                Found ??= root;
                return node;
            }

            return base.VisitExtension(node);
        }
    }

    /// <summary>
    /// A form's choice (issue 20 item 5): <paramref name="whole"/> (the page's own list, a tree or
    /// names) while <paramref name="units"/> holds at most <see cref="Limit"/> units, else the
    /// top of the tree and the chosen units, with the search.
    /// </summary>
    public static async Task<UnitChoices> ForFormAsync(IQueryable<Unit> units, IReadOnlyCollection<int> selected,
        Func<Task<IReadOnlyList<UnitChoice>>> whole, CancellationToken ct = default) =>
        await units.CountAsync(ct) <= Limit
            ? new UnitChoices(await whole(), false)
            : await LoadAsync(units.OrderBy(u => u.SortOrder).ThenBy(u => u.Id), selected, Limit, ct);

    /// <summary>A choice of several units, or a form's choice listed by name in the given order.</summary>
    public static Task<UnitChoices> LoadAsync(IQueryable<Unit> ordered, IReadOnlyCollection<int> selected, CancellationToken ct = default) =>
        LoadAsync(ordered, selected, Limit, ct);

    /// <summary>
    /// A tree the page holds already (in tree order, with depths): the whole of it up to
    /// <see cref="Limit"/> units, else its top two levels and the chosen units, with the search.
    /// </summary>
    public static UnitChoices FromTree(IEnumerable<UnitChoice> tree, IReadOnlyCollection<int> selected)
    {
        var all = tree.ToList();
        return all.Count <= Limit
            ? new UnitChoices(all, false)
            : new UnitChoices([.. all.Where(u => u.Depth <= 1 || selected.Contains(u.Id)).Take(Limit + selected.Count)], true);
    }

    /// <summary>
    /// A flat list the page holds already: the whole of it up to <see cref="Limit"/> units, else
    /// only the chosen units, with the search.
    /// </summary>
    public static UnitChoices FromList(IEnumerable<UnitChoice> list, IReadOnlyCollection<int> selected)
    {
        var all = list.ToList();
        return all.Count <= Limit ? new UnitChoices(all, false) : new UnitChoices([.. all.Where(u => selected.Contains(u.Id))], true);
    }

    /// <summary>A ready list (a page that builds its tree itself) under the same limit.</summary>
    public static UnitChoices Of(IReadOnlyList<UnitChoice> units) => new(units, false);
}
