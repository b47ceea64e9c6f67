using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Units;

/// <summary>One unit as the administrator sees it: where it sits, whether it is in use, how many accounts it has.</summary>
public sealed record UnitAdminRow(
    int Id, string Name, string? ShortName, string Code, UnitKind Kind, int? ParentId, string Path, int SortOrder,
    string? Aliases, bool IsDisabled, int Version, int Depth, int Accounts);

/// <summary>
/// The organisation tree in display order (parents before children, siblings by sort order),
/// loaded whole: a city has a few hundred units, a province a few thousand, and the tree is
/// nested here rather than by recursive SQL that SQLite and PostgreSQL would spell differently.
/// </summary>
public static class UnitTree
{
    public static async Task<List<UnitAdminRow>> LoadAsync(BlueprintDb db, CancellationToken ct)
    {
        var accounts = await db.Users.GroupBy(u => u.UnitId).Select(g => new { UnitId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UnitId, g => g.Count, ct);
        var units = await db.Set<Unit>().AsNoTracking().ToListAsync(ct);
        var children = units.ToLookup(u => u.ParentId);
        var rows = new List<UnitAdminRow>(units.Count);
        Add(null, 0);
        return rows;

        void Add(int? parentId, int depth)
        {
            foreach (var u in children[parentId].OrderBy(u => u.SortOrder).ThenBy(u => u.Id))
            {
                rows.Add(new UnitAdminRow(u.Id, u.Name, u.ShortName, u.Code, u.Kind, u.ParentId, u.Path, u.SortOrder,
                    u.Aliases, u.IsDisabled, u.Version, depth, accounts.GetValueOrDefault(u.Id)));
                Add(u.Id, depth + 1);
            }
        }
    }

    /// <summary>The rows whose name, short name, code or alias holds <paramref name="q"/>, with every ancestor so the tree still reads.</summary>
    public static List<UnitAdminRow> Search(List<UnitAdminRow> rows, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return rows;
        }

        var term = q.Trim();
        var hits = rows.Where(r => r.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || r.Code.Contains(term, StringComparison.OrdinalIgnoreCase)
            || (r.ShortName?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false) || (r.Aliases?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false));
        var keep = hits.SelectMany(r => r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        return rows.Where(r => keep.Contains(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }
}
