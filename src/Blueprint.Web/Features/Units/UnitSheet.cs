using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Units;

/// <summary>One unit as a sheet row reads: blank optional cells are null (what they mean is up to <see cref="UnitImport"/>).</summary>
public sealed record UnitSheetRow(
    int Number, string Code, string Name, string? ShortName, UnitKind? Kind, string? ParentCode, int? SortOrder, string? Aliases, bool? Disabled);

/// <summary>
/// The unit tree as a sheet: one layout for the template, the export and the import, so an
/// export re-imports. The parent is named by its code, so rows may come in any order and a new
/// unit can sit under another new unit of the same sheet.
/// </summary>
public static class UnitSheet
{
    public const string SheetName = "单位";
    public const string Code = "单位代码";
    public const string Name = "单位名称";
    public const string ShortName = "简称";
    public const string Kind = "单位类型";
    public const string Parent = "上级单位代码";
    public const string SortOrder = "排序号";
    public const string Aliases = "别名";
    public const string Status = "状态";
    public const string Accounts = "账号数";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Code, true, "1～32位字母、数字、- 或 _，全市唯一。系统中已有的代码即修改该单位，新代码即新增单位"),
        new(Name, true, "不超过100字（导出时按层级缩进，导入时去掉缩进）"),
        new(ShortName, false, "不超过50字；不填即没有简称"),
        new(Kind, false, "见“可选值”表；不填时新单位为“部门”，已有单位不变", ListOf: Kind),
        new(Parent, true, "上级单位的单位代码：系统中已有的，或本表中的另一行；只有根单位（全市）不填。填另一个上级即把该单位连同其下级整体迁移"),
        new(SortOrder, false, "0～99999 的整数，同级单位按此排序；不填时新单位为 0，已有单位不变", XlsxKind.Integer),
        new(Aliases, false, "其他叫法，用 | 分隔，合计不超过400字；不填即没有别名"),
        new(Status, false, "“启用”或“已停用”；不填时新单位为启用，已有单位不变。停用单位须先停用其下级单位和账号", ListOf: Status),
    ];

    public static readonly IReadOnlyDictionary<string, UnitKind> Kinds = new Dictionary<string, UnitKind>
    {
        ["市"] = UnitKind.City,
        ["区"] = UnitKind.District,
        ["县"] = UnitKind.County,
        ["园区"] = UnitKind.DevelopmentZone,
        ["部门"] = UnitKind.Department,
        ["国有企业"] = UnitKind.StateEnterprise,
    };

    public static readonly IReadOnlyDictionary<string, bool> Statuses = new Dictionary<string, bool> { ["启用"] = false, ["已停用"] = true };

    /// <summary>The export's columns: the import layout plus the account count (ignored on import).</summary>
    public static XlsxColumn[] ExportColumns => [.. Columns.Select(c => c.Column), new(Accounts, XlsxKind.Integer)];

    /// <summary>The tree in display order, each row in the import layout plus its account count (ignored on import).</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(List<UnitAdminRow> rows)
    {
        var codes = rows.ToDictionary(r => r.Id, r => r.Code);
        return rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [Code] = r.Code,
            // Indented with ideographic spaces so the tree reads in Excel; the import trims them.
            [Name] = new string('\u3000', r.Depth) + r.Name,
            [ShortName] = r.ShortName,
            [Kind] = ExcelLabels.Label(Kinds, r.Kind),
            [Parent] = r.ParentId is { } p ? codes.GetValueOrDefault(p) : null,
            [SortOrder] = r.SortOrder,
            [Aliases] = r.Aliases,
            [Status] = ExcelLabels.Label(Statuses, r.IsDisabled),
            [Accounts] = r.Accounts,
        });
    }

    /// <summary>The empty sheet, its instructions, and the allowed values: kinds, statuses, and today's units (the possible parents).</summary>
    public static async Task<byte[]> TemplateAsync(BlueprintDb db, IStringLocalizer<SharedResource> t, XlsxUploadOptions options, CancellationToken ct)
    {
        var units = await UnitTree.LoadAsync(db, ct);
        string[] guide =
        [
            t["Import.Guide.Rows", SheetName], t["UnitImport.Guide.ByCode"], t["Import.Guide.AllOrNothing"],
            t["Import.Guide.Limits", options.MaxBytes / (1024 * 1024), UnitImport.MaxRows],
        ];
        return await SheetImport.TemplateAsync(SheetName, Columns, guide,
        [
            (Kind, [.. Kinds.Keys]), (Status, [.. Statuses.Keys]),
            ("现有" + Code, [.. units.Select(u => u.Code)]), ("现有" + Name, [.. units.Select(u => new string('\u3000', u.Depth) + u.Name)]),
        ], t, ct);
    }

    /// <summary>Reads every row, adding an error for each bad cell; the tree rules are <see cref="UnitImport"/>'s.</summary>
    public static List<UnitSheetRow> Parse(SheetData sheet, ImportErrors errors)
    {
        var rows = new List<UnitSheetRow>(sheet.Rows.Count);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var code = cells.Text(Code, required: true);
            if (code is not null && !UnitAdmin.CodePattern().IsMatch(code))
            {
                cells.Error(Code, "UnitAdmin.CodeInvalid");
                code = null;
            }
            else if (code is not null && !firstRow.TryAdd(code, row.Number))
            {
                cells.Error(Code, "UnitImport.CodeDuplicate", firstRow[code]);
                code = null;
            }

            var parsed = new UnitSheetRow(
                row.Number,
                code ?? "",
                cells.Text(Name, required: true, maxLength: 100) ?? "",
                cells.Text(ShortName, maxLength: 50),
                cells.Choice(Kind, Kinds),
                cells.Text(Parent, maxLength: 32),
                cells.Whole(SortOrder, 0, 99_999),
                cells.Text(Aliases, maxLength: 400),
                cells.Choice(Status, Statuses));
            if (code is not null)
            {
                rows.Add(parsed);
            }
        }

        return rows;
    }
}
