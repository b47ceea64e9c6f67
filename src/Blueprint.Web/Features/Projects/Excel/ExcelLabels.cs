using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects.Excel;

/// <summary>
/// A column of an import sheet. Headers are the file format, so they are Chinese in every UI language.
/// <paramref name="Kind"/> is its number format in templates and exports; <paramref name="ListOf"/>
/// names the 可选值 column whose values the template offers as its drop-down list (data validation).
/// </summary>
public sealed record SheetColumn(string Header, bool Required, string Note, XlsxKind Kind = XlsxKind.Text, string? ListOf = null)
{
    public XlsxColumn Column => new(Header, Kind);
}

/// <summary>
/// The Chinese words the sheets use for each choice. They are the file format shared by the
/// template, the export and the import (the same words the city's spreadsheets already use),
/// so they do not follow the UI language: an export made in English must still re-import.
/// </summary>
public static class ExcelLabels
{
    public static readonly IReadOnlyDictionary<string, ProjectCategory> Categories = new Dictionary<string, ProjectCategory>
    {
        ["基础设施"] = ProjectCategory.Infrastructure,
        ["产业"] = ProjectCategory.Industry,
        ["民生工程及社会事业"] = ProjectCategory.Livelihood,
        ["生态建设及环境保护"] = ProjectCategory.Ecology,
    };

    public static readonly IReadOnlyDictionary<string, ProjectStage> Stages = new Dictionary<string, ProjectStage>
    {
        ["谋划"] = ProjectStage.Planning,
        ["签约"] = ProjectStage.Signed,
        ["开工"] = ProjectStage.Started,
        ["在建"] = ProjectStage.UnderConstruction,
        ["竣工"] = ProjectStage.Completed,
        ["投产"] = ProjectStage.InProduction,
    };

    /// <summary>A blank cell means no chain link.</summary>
    public static readonly IReadOnlyDictionary<string, ChainLink> ChainLinks = new Dictionary<string, ChainLink>
    {
        ["建链"] = ChainLink.Build,
        ["强链"] = ChainLink.Strengthen,
        ["延链"] = ChainLink.Extend,
        ["补链"] = ChainLink.FillGap,
    };

    public static readonly IReadOnlyDictionary<string, PlanType> PlanTypes = new Dictionary<string, PlanType>
    {
        ["续建"] = PlanType.Continuing,
        ["计划开工"] = PlanType.PlannedStart,
        ["加快前期"] = PlanType.Reserve,
    };

    public static readonly IReadOnlyDictionary<string, bool> YesNo = new Dictionary<string, bool> { ["是"] = true, ["否"] = false };

    public static string? Label<T>(IReadOnlyDictionary<string, T> choices, T value) =>
        choices.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Key;

    /// <summary>
    /// The units the user may write records for, mirroring BlueprintDb's write check, so that an
    /// out-of-scope unit becomes a row error instead of failing the whole save with a 403.
    /// </summary>
    public static async Task<List<Unit>> WritableUnitsAsync(BlueprintDb db, CurrentUser user, CancellationToken ct)
    {
        var units = db.Set<Unit>().AsNoTracking();
        var path = user.UnitPath ?? "\u0001";
        units = user.Scope switch
        {
            DataScope.All => units,
            DataScope.UnitAndBelow => units.Where(u => u.Path.StartsWith(path)),
            DataScope.OwnUnit => units.Where(u => u.Id == user.UnitId),
            _ => units.Where(u => false),
        };
        return await units.OrderBy(u => u.SortOrder).ThenBy(u => u.Code).ToListAsync(ct);
    }

    /// <summary>Looks keys up in slices, so a 100,000-row file never builds one query with 100,000 parameters.</summary>
    public static async Task<List<TResult>> InSlicesAsync<TKey, TResult>(
        IEnumerable<TKey> keys, Func<TKey[], IQueryable<TResult>> query, CancellationToken ct)
    {
        var results = new List<TResult>();
        foreach (var slice in keys.Distinct().Chunk(1_000))
        {
            results.AddRange(await query(slice).ToListAsync(ct));
        }

        return results;
    }
}
