using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Units;

/// <summary>
/// 单位导入: the system administrator adds and changes units from a sheet, all or nothing. A row
/// is a unit by its code: a known code changes that unit, a new code adds one; units not in the
/// sheet stay as they are. The rules of <see cref="UnitAdmin"/> are checked on the tree as it
/// will be once every row is applied, so rows come in any order and a whole branch can be
/// disabled in one sheet: one root, every parent known, no loop, no enabled unit under a
/// disabled one, no unit disabled while it has enabled accounts. One transaction then writes
/// it through tracked entities (every change in the audit chain, as for the page) and
/// re-derives the path of every unit below a moved one, so data scope follows at once.
/// </summary>
public sealed class UnitImport(BlueprintDb db, IStringLocalizer<SharedResource> t)
{
    /// <summary>A city's tree is a few hundred units, a province's a few thousand.</summary>
    public const int MaxRows = 5_000;

    public Task<ImportOutcome> ImportAsync(byte[] content, CancellationToken ct) =>
        Telemetry.MeasureImportAsync("units", () => ReadAndSaveAsync(content, ct), o => o.Result?.Imported);

    private async Task<ImportOutcome> ReadAndSaveAsync(byte[] content, CancellationToken ct)
    {
        if (!db.CurrentUser.IsSystem && !db.CurrentUser.IsInRole(UnitAdmin.Keepers))
        {
            return SheetImport.Refuse(t, "Error.Forbidden", StatusCodes.Status403Forbidden);
        }

        var (sheet, early) = SheetImport.Open(content, UnitSheet.SheetName, UnitSheet.Columns, MaxRows, t);
        if (early is not null)
        {
            return early;
        }

        var errors = new ImportErrors(t);
        var rows = UnitSheet.Parse(sheet!, errors);
        var units = await db.Set<Unit>().ToListAsync(ct); // tracked: the import changes them
        var withAccounts = (await db.Users.Where(u => !u.IsDisabled).Select(u => u.UnitId).Distinct().ToListAsync(ct)).ToHashSet();
        var tree = Tree(units, rows);
        Check(tree, units.Count == 0, withAccounts, errors);
        if (errors.Any)
        {
            db.ChangeTracker.Clear();
            return new(null, errors, null);
        }

        var (added, changed) = await SaveAsync(tree, rows, ct);
        return added < 0
            ? SheetImport.Refuse(t, "UnitImport.Conflict", StatusCodes.Status409Conflict)
            : new(new ImportResult(rows.Count, t["UnitImport.Done", rows.Count, added, changed]), null, null);
    }

    /// <summary>A unit of the tree as it will be: today's unit (if any) with the sheet's row laid over it.</summary>
    private sealed class Node(Unit? unit, string? parentCode, bool disabled)
    {
        public Unit? Unit { get; set; } = unit;
        public string? ParentCode { get; set; } = parentCode;
        public bool Disabled { get; set; } = disabled;
        public UnitSheetRow? Row { get; set; }
    }

    private static Dictionary<string, Node> Tree(List<Unit> units, List<UnitSheetRow> rows)
    {
        var codes = units.ToDictionary(u => u.Id, u => u.Code);
        var tree = units.ToDictionary(u => u.Code, u => new Node(u, u.ParentId is { } p ? codes[p] : null, u.IsDisabled), StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var node = tree.TryGetValue(row.Code, out var known) ? known : tree[row.Code] = new Node(null, null, false);
            node.ParentCode = row.ParentCode;
            node.Disabled = row.Disabled ?? node.Disabled;
            node.Row = row;
        }

        return tree;
    }

    private static void Check(Dictionary<string, Node> tree, bool emptyTree, HashSet<int> withAccounts, ImportErrors errors)
    {
        var newRoot = false;
        foreach (var node in tree.Values.Where(n => n.Row is not null))
        {
            var row = node.Row!;
            if (row.ParentCode is null)
            {
                // One root, the city. An empty tree takes its first root from the sheet.
                var isRoot = node.Unit is { ParentId: null } || (emptyTree && !newRoot);
                newRoot |= emptyTree;
                if (!isRoot)
                {
                    errors.Add(row.Number, UnitSheet.Parent, null, "UnitImport.ParentRequired");
                }
            }
            else if (!tree.ContainsKey(row.ParentCode))
            {
                errors.Add(row.Number, UnitSheet.Parent, row.ParentCode, "UnitImport.ParentUnknown");
            }
            else if (Loop(tree, row.Code) is { } loop)
            {
                errors.Add(row.Number, UnitSheet.Parent, row.ParentCode, "UnitImport.Loop", string.Join(" → ", loop));
            }

            if (node.Disabled && node.Unit is { IsDisabled: false } unit && withAccounts.Contains(unit.Id))
            {
                errors.Add(row.Number, UnitSheet.Status, UnitSheet.Statuses.First(s => s.Value).Key, "UnitImport.HasEnabledAccounts");
            }
        }

        // No enabled unit under a disabled one. Today's tree holds none, so every case involves
        // a row: the child's row when it is in the sheet, else the disabled parent's row.
        foreach (var child in tree.Values.Where(n => !n.Disabled && n.ParentCode is not null))
        {
            if (!tree.TryGetValue(child.ParentCode!, out var parent) || !parent.Disabled || (child.Row ?? parent.Row) is null)
            {
                continue;
            }

            if (child.Row is { } row)
            {
                errors.Add(row.Number, UnitSheet.Parent, row.ParentCode, "UnitImport.ParentDisabled", row.ParentCode!);
            }
            else
            {
                errors.Add(parent.Row!.Number, UnitSheet.Status, UnitSheet.Statuses.First(s => s.Value).Key, "UnitImport.HasEnabledChildren", child.Unit!.Code);
            }
        }
    }

    /// <summary>The chain of codes from <paramref name="code"/> back to itself when its parents loop, else null.</summary>
    private static List<string>? Loop(Dictionary<string, Node> tree, string code)
    {
        var chain = new List<string> { code };
        var seen = new HashSet<string>(StringComparer.Ordinal) { code };
        for (var at = tree[code].ParentCode; at is not null && tree.TryGetValue(at, out var node); at = node.ParentCode)
        {
            if (at == code)
            {
                chain.Add(code);
                return chain;
            }

            if (!seen.Add(at))
            {
                return null; // a loop above this unit, reported on its own rows
            }

            chain.Add(at);
        }

        return null;
    }

    /// <summary>
    /// Writes every row in one transaction; (added, changed), or (-1, -1) when someone changed a
    /// unit meanwhile. New units first (their ids make the paths), then the changes to today's
    /// units with their new paths, so a moved unit is one update in the audit log, not two.
    /// </summary>
    private async Task<(int Added, int Changed)> SaveAsync(Dictionary<string, Node> tree, List<UnitSheetRow> rows, CancellationToken ct)
    {
        var added = rows.Where(r => tree[r.Code].Unit is null).ToList();
        var known = rows.Where(r => tree[r.Code].Unit is not null).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var row in added)
            {
                tree[row.Code].Unit = db.Add(new Unit { Code = row.Code, Name = row.Name, Kind = UnitKind.Department }).Entity;
            }

            // By navigation, so that a unit under another new unit of the sheet gets its id on insert.
            foreach (var row in added)
            {
                Apply(tree[row.Code], row, tree);
            }

            await db.SaveChangesAsync(ct);
            foreach (var row in known)
            {
                Apply(tree[row.Code], row, tree);
            }

            db.ChangeTracker.DetectChanges();
            var changed = known.Count(r => db.Entry(tree[r.Code].Unit!).State == EntityState.Modified);
            RederivePaths([.. db.ChangeTracker.Entries<Unit>().Select(e => e.Entity)]);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (added.Count, changed);
        }
        catch (DbUpdateException)
        {
            // A unit changed (version) or a code taken since the sheet was checked.
            db.ChangeTracker.Clear();
            return (-1, -1);
        }
    }

    private static void Apply(Node node, UnitSheetRow row, Dictionary<string, Node> tree)
    {
        var unit = node.Unit!;
        unit.Name = row.Name;
        unit.ShortName = row.ShortName;
        unit.Kind = row.Kind ?? unit.Kind;
        unit.SortOrder = row.SortOrder ?? unit.SortOrder;
        unit.Aliases = row.Aliases;
        unit.IsDisabled = node.Disabled;
        unit.Parent = row.ParentCode is { } p ? tree[p].Unit : null;
    }

    /// <summary>Every unit's path from the tree as it now is: a moved unit's whole subtree follows.</summary>
    private static void RederivePaths(List<Unit> units)
    {
        var children = units.ToLookup(u => u.ParentId);
        Walk(null, "/");

        void Walk(int? parentId, string prefix)
        {
            foreach (var unit in children[parentId])
            {
                var path = $"{prefix}{unit.Id}/";
                if (unit.Path != path)
                {
                    unit.Path = path;
                }

                Walk(unit.Id, path);
            }
        }
    }
}
