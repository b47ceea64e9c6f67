using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Blueprint.Web.Features.Projects.Excel.ExcelLabels;

namespace Blueprint.Web.Features.Projects.Excel;

/// <summary>One year's key list and reserve list as a sheet: a row per project on the plan.</summary>
public static class AnnualPlanSheet
{
    public const string SheetName = "年度计划";
    public const string Year = "年度";
    public const string Code = "项目编码";
    public const string Name = "项目名称";
    public const string PlanType = "计划类型";
    public const string PlannedCompletion = "计划竣工";
    public const string Investment = "年度计划投资（万元）";
    public const string StartMonth = "计划开工月份";
    public const string CompletionMonth = "计划竣工月份";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Year, true, "如 2024", XlsxKind.Integer),
        new(Code, true, "项目库中已有的项目编码，须在本人数据范围内"),
        new(Name, false, "仅供核对，导入时以项目编码为准"),
        new(PlanType, true, "续建、计划开工（二者为年度重点项目）或加快前期（储备，单列）", ListOf: PlanType),
        new(PlannedCompletion, false, "是/否，当年计划竣工的填“是”；加快前期项目不填", ListOf: PlannedCompletion),
        new(Investment, false, "万元，最多4位小数；续建、计划开工项目必填，加快前期项目不填", XlsxKind.Money),
        new(StartMonth, false, "1–12", XlsxKind.Integer),
        new(CompletionMonth, false, "1–12", XlsxKind.Integer),
    ];

    public static async Task<List<object>> ParseAsync(SheetData sheet, BlueprintDb db, ImportErrors errors, CancellationToken ct)
    {
        var codes = sheet.Rows.Select(r => XlsxCells.Text(r.Cells.GetValueOrDefault(Code))).OfType<string>();
        // Read through the scope filter: another unit's project is unknown to this user.
        var projects = (await InSlicesAsync(codes, slice => db.Set<KeyProject>().AsNoTracking()
            .Where(p => slice.Contains(p.Code)).Select(p => new { p.Id, p.Code, p.UnitId }), ct)).ToDictionary(p => p.Code, StringComparer.Ordinal);
        var planned = new Dictionary<int, HashSet<int>>();
        var firstRow = new Dictionary<(int, int), int>();
        var added = new List<object>();

        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var year = cells.Whole(Year, 2000, 2100, required: true);
            var code = cells.Text(Code, required: true, maxLength: 32);
            var project = code is null ? null : projects.GetValueOrDefault(code);
            if (code is not null && project is null)
            {
                cells.Error(Code, "Import.ProjectUnknown");
            }

            var type = cells.Choice(PlanType, PlanTypes, required: true);
            var completion = cells.Choice(PlannedCompletion, YesNo) ?? false;
            var investment = cells.Wan(Investment);
            var entry = new AnnualPlanEntry
            {
                Year = year ?? 0,
                KeyProjectId = project?.Id ?? 0,
                UnitId = project?.UnitId ?? 0,
                PlanType = type ?? default,
                PlannedCompletion = completion,
                AnnualPlannedInvestment = investment ?? 0,
                PlannedStartMonth = cells.Whole(StartMonth, 1, 12),
                PlannedCompletionMonth = cells.Whole(CompletionMonth, 1, 12),
            };

            if (type == Projects.PlanType.Reserve)
            {
                // The reserve list carries no annual target and cannot be planned to complete.
                if (investment is > 0)
                {
                    cells.Error(Investment, "Import.ReserveNoInvestment");
                }

                if (completion)
                {
                    cells.Error(PlannedCompletion, "Import.ReserveNoCompletion");
                }
            }
            else if (type is not null && XlsxCells.Text(cells.Raw(Investment)) is null)
            {
                cells.Error(Investment, "Import.Required");
            }

            if (year is { } y && project is not null)
            {
                if (!planned.TryGetValue(y, out var onPlan))
                {
                    // The (year, project) index is unique over all units: look past the scope.
                    onPlan = (await db.Set<AnnualPlanEntry>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(e => e.Year == y)
                        .Select(e => e.KeyProjectId).ToListAsync(ct)).ToHashSet();
                    planned[y] = onPlan;
                }

                if (onPlan.Contains(project.Id))
                {
                    cells.Error(Code, "Import.PlanExists", y);
                }
                else if (!firstRow.TryAdd((y, project.Id), row.Number))
                {
                    cells.Error(Code, "Import.PlanDuplicate", firstRow[(y, project.Id)]);
                }
            }

            added.Add(entry);
        }

        return errors.Any ? [] : added;
    }
}
