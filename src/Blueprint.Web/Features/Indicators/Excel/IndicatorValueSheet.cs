using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Indicators.Excel;

/// <summary>
/// Indicator values as a sheet: a row per indicator, unit and period. Imported rows become the
/// current value of that indicator-unit-period as drafts (or submitted, when asked) and then
/// follow the normal approval path; a period that already has a current value is a row error
/// (an accepted value changes only by a correction with a reason).
/// </summary>
public static class IndicatorValueSheet
{
    public const string SheetName = "指标值";
    public const string Year = "年度";
    public const string Name = "指标名称";
    public const string OwnerCode = "责任单位编码";
    public const string UnitCode = "填报单位编码";
    public const string Period = "期次";
    public const string Value = "数值";
    public const string Status = "状态";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Year, true, "指标所属年度", XlsxKind.Integer), new(Name, true, "与指标表一致"), new(OwnerCode, true, "指标的责任单位编码"),
        new(UnitCode, false, "填报本值的单位编码；空表示责任单位（全市合计）", ListOf: SheetImport.UnitCodes), new(Period, true, "按月 1–12，按季 1–4，按年 1", XlsxKind.Integer),
        new(Value, true, "本年累计或当期水平值，最多4位小数"), new(Status, false, "仅导出时填写，导入时忽略"),
    ];

    public static IReadOnlyDictionary<string, object?> ToRow(IndicatorValue v, Indicator i, Dictionary<int, Unit> units, string status) => new Dictionary<string, object?>
    {
        [Year] = v.Year,
        [Name] = i.Name,
        [OwnerCode] = units.GetValueOrDefault(i.UnitId)?.Code,
        [UnitCode] = units.GetValueOrDefault(v.UnitId)?.Code,
        [Period] = v.Period,
        [Value] = v.Value,
        [Status] = status,
    };

    public static async Task<List<object>> ParseAsync(
        SheetData sheet, BlueprintDb db, CurrentUser user, DateTime nowUtc, bool submit, ImportErrors errors, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Code, ct);
        var writable = (await ExcelLabels.WritableUnitsAsync(db, user, ct)).Select(u => u.Id).ToHashSet();
        var indicators = (await IndicatorScope.Visible(db).AsNoTracking()
                .Select(i => new { i.Id, i.Name, i.UnitId, i.Profile, i.PlanYear!.Year }).ToListAsync(ct))
            .GroupBy(i => (i.Year, i.Name, i.UnitId)).ToDictionary(g => g.Key, g => g.First());
        var shares = (await db.Set<IndicatorTarget>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(x => x.Period == 0)
            .Select(x => new { x.IndicatorId, x.UnitId }).ToListAsync(ct)).Select(x => (x.IndicatorId, x.UnitId)).ToHashSet();
        var reported = (await db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IsCurrent)
            .Select(v => new { v.IndicatorId, v.UnitId, v.Period }).ToListAsync(ct)).Select(v => (v.IndicatorId, v.UnitId, v.Period)).ToHashSet();
        var firstRow = new Dictionary<(int, int, int), int>();
        var added = new List<object>();
        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var year = cells.Whole(Year, 2000, 2100, required: true);
            var name = cells.Text(Name, required: true, maxLength: 200);
            var owner = IndicatorSheet.UnitOf(cells, OwnerCode, units, required: true);
            var unit = IndicatorSheet.UnitOf(cells, UnitCode, units, required: false) ?? owner;
            var indicator = year is { } y && name is not null && owner is not null ? indicators.GetValueOrDefault((y, name, owner.Id)) : null;
            if (year is not null && name is not null && owner is not null && indicator is null)
            {
                cells.Error(Name, "Indicators.Import.IndicatorUnknown");
            }

            var period = cells.Whole(Period, 1, indicator is null ? 12 : IndicatorStatus.PeriodCount(indicator.Profile), required: true);
            var value = IndicatorSheet.Number(cells, Value, required: true);
            if (indicator is not null && unit is not null)
            {
                if (unit.Id != indicator.UnitId && !shares.Contains((indicator.Id, unit.Id)))
                {
                    cells.Error(UnitCode, "Indicators.UnitHasNoShare");
                }
                else if (!writable.Contains(unit.Id))
                {
                    cells.Error(UnitCode, "Import.UnitOutOfScope");
                }
                else if (period is { } p && reported.Contains((indicator.Id, unit.Id, p)))
                {
                    cells.Error(Period, "Indicators.AlreadyReported");
                }
                else if (period is { } p2 && !firstRow.TryAdd((indicator.Id, unit.Id, p2), row.Number))
                {
                    cells.Error(Period, "Indicators.Import.Duplicate", firstRow[(indicator.Id, unit.Id, p2)]);
                }
            }

            added.Add(new IndicatorValue
            {
                IndicatorId = indicator?.Id ?? 0,
                UnitId = unit?.Id ?? 0,
                Year = year ?? 0,
                Period = period ?? 0,
                Value = value ?? 0,
                Status = submit ? SubmissionStatus.Submitted : SubmissionStatus.Draft,
                SubmittedById = submit ? user.UserId : null,
                RecordedAtUtc = nowUtc,
            });
        }

        return errors.Any ? [] : added;
    }
}
