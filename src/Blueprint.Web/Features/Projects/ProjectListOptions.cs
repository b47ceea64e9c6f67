using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects;

public sealed record UnitOption(int Id, string Name, int Depth);

/// <summary>
/// The choices of the library's filter form: the unit tree (city-wide, in tree order), the plan
/// years, and the industry chains and responsible leaders that occur in the user's projects.
/// </summary>
public sealed record ProjectListOptions(UnitChoices Units, IReadOnlyList<int> Years, IReadOnlyList<string> Chains, IReadOnlyList<string> Leaders)
{
    /// <summary>The industry chains and responsible leaders that occur in the library, each once, in order.</summary>
    public sealed record ChainsAndLeaders(IReadOnlyList<string> Chains, IReadOnlyList<string> Leaders);

    /// <summary>The plan years of the list's year filter, newest first: read by every view of a list, compiled once (<see cref="PerModel{TQuery}"/>).</summary>
    private static readonly PerModel<Func<BlueprintDb, IAsyncEnumerable<int>>> PlanYears = new(() => EF.CompileAsyncQuery<BlueprintDb, int>(
        (BlueprintDb db) => db.Set<AnnualPlanEntry>().Select(e => e.Year).Distinct().OrderByDescending(y => y)));

    public static async Task<ProjectListOptions> LoadAsync(BlueprintDb db, TimeProvider clock, int? unitId = null, CancellationToken ct = default)
    {
        var units = await UnitChoicesAsync(db, unitId, ct);
        var years = await PlanYears.For(db)(db).ToListAsync(ct);
        var choices = await ChainsAndLeadersAsync(db, clock, ct);
        return new ProjectListOptions(units, years, choices.Chains, choices.Leaders);
    }

    /// <summary>
    /// The chains and leaders of the reader's projects: for a reader who sees every unit kept
    /// (decision 0048; two scans of the whole library otherwise, on every view of the list), marked
    /// changed by a write of a project's chain, leader or place in the library; else computed over the
    /// reader's units.
    /// </summary>
    public static async Task<ChainsAndLeaders> ChainsAndLeadersAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct = default) =>
        KeptFigures.Keeps(db)
            ? await KeptFigures.GetAsync(db, KeptKind.ProjectChoices, 0, 0, null, clock, () => ComputeChainsAndLeadersAsync(db, ct), ct)
            : await ComputeChainsAndLeadersAsync(db, ct);

    /// <summary>The industry chains of the reader's projects, each once: a scoped reader's list page reads them on every view, compiled once.</summary>
    private static readonly PerModel<Func<BlueprintDb, IAsyncEnumerable<string>>> ChainsRead = new(() => EF.CompileAsyncQuery<BlueprintDb, string>(
        (BlueprintDb db) => db.Set<KeyProject>().AsNoTracking().Where(p => p.IndustryChain != null).Select(p => p.IndustryChain!).Distinct().OrderBy(c => c)));

    /// <summary>The responsible leaders of the reader's projects, each once: compiled once, as <see cref="ChainsRead"/>.</summary>
    private static readonly PerModel<Func<BlueprintDb, IAsyncEnumerable<string>>> LeadersRead = new(() => EF.CompileAsyncQuery<BlueprintDb, string>(
        (BlueprintDb db) => db.Set<KeyProject>().AsNoTracking().Where(p => p.ResponsibleLeader != null).Select(p => p.ResponsibleLeader!).Distinct().OrderBy(l => l)));

    private static async Task<ChainsAndLeaders> ComputeChainsAndLeadersAsync(BlueprintDb db, CancellationToken ct) =>
        new(await ChainsRead.For(db)(db).ToListAsync(ct), await LeadersRead.For(db)(db).ToListAsync(ct));

    /// <summary>Every unit in tree order with its depth; the tree is a few hundred rows at most.</summary>
    public static Task<List<UnitOption>> UnitTreeAsync(BlueprintDb db, CancellationToken ct = default) =>
        TreeAsync(db.Set<Unit>(), ct);

    /// <summary>
    /// The unit tree of a list's filter while it is short (a city: dozens); at province scale
    /// the top of the tree and the chosen unit, the rest found by search (<see cref="UnitChoices"/>).
    /// </summary>
    public static async Task<UnitChoices> UnitChoicesAsync(BlueprintDb db, int? selected, CancellationToken ct = default) =>
        await UnitChoices.CountAsync(db, ct) <= UnitChoices.Limit
            ? new UnitChoices([.. (await UnitTreeAsync(db, ct)).Select(u => new UnitChoice(u.Id, u.Name, u.Depth))], false)
            : await UnitChoices.TopOfTreeAsync(db, selected, ct);

    /// <summary>The tree a form offers for writing: no disabled unit but the record's own (<see cref="UnitPickers"/>).</summary>
    public static Task<List<UnitOption>> WritableUnitTreeAsync(BlueprintDb db, int? current, CancellationToken ct = default) =>
        TreeAsync(db.Set<Unit>().Writable(current is { } id ? [id] : []), ct);

    private static async Task<List<UnitOption>> TreeAsync(IQueryable<Unit> query, CancellationToken ct)
    {
        var units = await query.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Name, u.SortOrder }).ToListAsync(ct);
        // A kept disabled unit may hang below a disabled parent that is left out: it then stands at the top.
        var ids = units.Select(u => u.Id).ToHashSet();
        var children = units.ToLookup(u => u.ParentId is { } p && ids.Contains(p) ? u.ParentId : null);
        var result = new List<UnitOption>();
        void Add(int? parentId, int depth)
        {
            foreach (var u in children[parentId].OrderBy(u => u.SortOrder).ThenBy(u => u.Id))
            {
                result.Add(new UnitOption(u.Id, u.Name, depth));
                Add(u.Id, depth + 1);
            }
        }

        Add(null, 0);
        return result;
    }
}
