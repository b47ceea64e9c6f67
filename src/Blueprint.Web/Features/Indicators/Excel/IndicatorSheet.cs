using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Indicators.Excel;

/// <summary>
/// Indicators and their target shares as a sheet: a row per indicator. The shares travel in one
/// cell ("ZY-AY:6.5；ZY-LZ:7"), as the city's own target sheets list a county split in one cell.
/// Imported indicators are new: one that already exists (same year, name and responsible unit) is a row error.
/// </summary>
public static class IndicatorSheet
{
    public const string SheetName = "指标";
    public const string Year = "年度";
    public const string Name = "指标名称";
    public const string Goal = "所属目标";
    public const string Measure = "计量单位";
    public const string Direction = "方向";
    public const string Kind = "值类型";
    public const string Baseline = "基期值";
    public const string Target = "年度目标";
    public const string Profile = "进度计划";
    public const string Shares = "各期累计进度（%）";
    public const string Source = "数据来源";
    public const string UnitCode = "责任单位编码";
    public const string Split = "分解目标";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Year, true, "须为已建立的年度，如 2024", XlsxKind.Integer), new(Name, true, "不超过200个字符"), new(Goal, false, "该年度已有目标的名称，可空"),
        new(Measure, true, "如 %、亿元、个"), new(Direction, true, "越大越好 或 越小越好", ListOf: Direction), new(Kind, true, "累计值（每年从零累计）或 水平值（从基期值起）", ListOf: Kind),
        new(Baseline, false, "数字，可空"), new(Target, true, "数字"), new(Profile, true, "按月、按季 或 按年", ListOf: Profile),
        new(Shares, false, "各期末应完成的累计比例，逗号分隔，末项为100；空表示均匀"), new(Source, false, "不超过200个字符"),
        new(UnitCode, true, "见“可选值”表", ListOf: SheetImport.UnitCodes), new(Split, false, "分解到单位的年度目标，如 ZY-AY:6.5；ZY-LZ:7"),
    ];

    public static readonly IReadOnlyDictionary<string, IndicatorDirection> Directions = new Dictionary<string, IndicatorDirection>
    {
        ["越大越好"] = IndicatorDirection.HigherIsBetter,
        ["越小越好"] = IndicatorDirection.LowerIsBetter,
    };

    public static readonly IReadOnlyDictionary<string, IndicatorValueKind> Kinds = new Dictionary<string, IndicatorValueKind>
    {
        ["累计值"] = IndicatorValueKind.YearToDate,
        ["水平值"] = IndicatorValueKind.Level,
    };

    public static readonly IReadOnlyDictionary<string, ScheduleProfile> Profiles = new Dictionary<string, ScheduleProfile>
    {
        ["按月"] = ScheduleProfile.Monthly,
        ["按季"] = ScheduleProfile.Quarterly,
        ["按年"] = ScheduleProfile.AnnualOnly,
    };

    public static IReadOnlyDictionary<string, object?> ToRow(Indicator i, Dictionary<int, Unit> units, IEnumerable<IndicatorTarget> shares) => new Dictionary<string, object?>
    {
        [Year] = i.PlanYear!.Year,
        [Name] = i.Name,
        [Goal] = i.Goal?.Title,
        [Measure] = i.Measure,
        [Direction] = ExcelLabels.Label(Directions, i.Direction),
        [Kind] = ExcelLabels.Label(Kinds, i.ValueKind),
        [Baseline] = i.Baseline,
        [Target] = i.AnnualTarget,
        [Profile] = ExcelLabels.Label(Profiles, i.Profile),
        [Shares] = string.Join(",", i.ScheduleShares.Select(Plain)),
        [Source] = i.DataSource,
        [UnitCode] = units.GetValueOrDefault(i.UnitId)?.Code,
        [Split] = string.Join("；", shares.Where(s => s.UnitId != i.UnitId && s.Period == 0)
            .Select(s => (Code: units.GetValueOrDefault(s.UnitId)?.Code, s.Target)).OrderBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => $"{s.Code}:{Plain(s.Target)}")),
    };

    /// <summary>A number as typed: no trailing zeros (PostgreSQL hands numeric(18,4) back as 80.0000).</summary>
    private static string Plain(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static async Task<List<object>> ParseAsync(SheetData sheet, BlueprintDb db, ImportErrors errors, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Code, ct);
        var years = await db.Set<PlanYear>().AsNoTracking().ToDictionaryAsync(y => y.Year, y => y.Id, ct);
        var goals = (await db.Set<Plans.Goal>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Select(g => new { g.Id, g.PlanYearId, g.Title }).ToListAsync(ct))
            .GroupBy(g => (g.PlanYearId, g.Title)).ToDictionary(g => g.Key, g => g.First().Id);
        var existing = (await db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Select(i => new { i.PlanYearId, i.Name, i.UnitId }).ToListAsync(ct))
            .Select(i => (i.PlanYearId, i.Name, i.UnitId)).ToHashSet();
        var firstRow = new Dictionary<(int, string, int), int>();
        var added = new List<object>();
        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var year = cells.Whole(Year, 2000, 2100, required: true);
            int? planYearId = year is { } y && years.TryGetValue(y, out var id) ? id : null;
            if (year is not null && planYearId is null)
            {
                cells.Error(Year, "Indicators.Import.YearUnknown");
            }

            var name = cells.Text(Name, required: true, maxLength: 200);
            var goalTitle = cells.Text(Goal, maxLength: 300);
            int? goalId = null;
            if (goalTitle is not null && planYearId is { } py && !goals.TryGetValue((py, goalTitle), out var g))
            {
                cells.Error(Goal, "Indicators.Import.GoalUnknown");
            }
            else if (goalTitle is not null && planYearId is { } py2)
            {
                goalId = goals[(py2, goalTitle)];
            }

            var profile = cells.Choice(Profile, Profiles, required: true);
            var shares = ParseShares(cells, profile);
            var unit = UnitOf(cells, UnitCode, units, required: true);
            var indicator = new Indicator
            {
                PlanYearId = planYearId ?? 0,
                GoalId = goalId,
                Name = name ?? "",
                Measure = cells.Text(Measure, required: true, maxLength: 20) ?? "",
                Direction = cells.Choice(Direction, Directions, required: true) ?? default,
                ValueKind = cells.Choice(Kind, Kinds, required: true) ?? default,
                Baseline = Number(cells, Baseline, required: false),
                AnnualTarget = Number(cells, Target, required: true) ?? 0,
                Profile = profile ?? default,
                ScheduleShares = shares,
                DataSource = cells.Text(Source, maxLength: 200),
                UnitId = unit?.Id ?? 0,
            };
            if (planYearId is { } p && name is not null && unit is not null)
            {
                if (existing.Contains((p, name, unit.Id)))
                {
                    cells.Error(Name, "Indicators.Import.Exists");
                }
                else if (!firstRow.TryAdd((p, name, unit.Id), row.Number))
                {
                    cells.Error(Name, "Indicators.Import.Duplicate", firstRow[(p, name, unit.Id)]);
                }
            }

            added.Add(indicator);
            added.Add(new IndicatorTarget { Indicator = indicator, UnitId = indicator.UnitId, Period = 0, Target = indicator.AnnualTarget });
            added.AddRange(ParseSplit(cells, units, indicator));
        }

        return errors.Any ? [] : added;
    }

    public static decimal? Number(RowReader cells, string column, bool required)
    {
        if (XlsxCells.Text(cells.Raw(column)) is null)
        {
            if (required)
            {
                cells.Error(column, "Import.Required");
            }

            return null;
        }

        if (!XlsxCells.TryNumber(cells.Raw(column), out var number))
        {
            cells.Error(column, "Import.NotNumber");
            return null;
        }

        if (Math.Abs(number) > IndicatorValueWorkflow.MaxValue || decimal.Round(number, 4) != number)
        {
            cells.Error(column, "Indicators.ValueRange");
            return null;
        }

        return number;
    }

    public static Unit? UnitOf(RowReader cells, string column, Dictionary<string, Unit> units, bool required)
    {
        var code = cells.Text(column, required);
        if (code is null)
        {
            return null;
        }

        if (!units.TryGetValue(code, out var unit))
        {
            cells.Error(column, "Import.UnitUnknown");
        }

        return unit;
    }

    private static List<decimal> ParseShares(RowReader cells, ScheduleProfile? profile)
    {
        var text = cells.Text(Shares, maxLength: 200);
        if (text is null || profile is null)
        {
            return [];
        }

        var parts = text.Split([',', '，', '、', ';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shares = new List<decimal>();
        foreach (var part in parts)
        {
            if (!decimal.TryParse(part.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var share))
            {
                cells.Error(Shares, "Import.NotNumber");
                return [];
            }

            shares.Add(share);
        }

        if (IndicatorStatus.CheckShares(profile.Value, shares) is { } key)
        {
            cells.Error(Shares, key, IndicatorStatus.PeriodCount(profile.Value));
            return [];
        }

        return shares;
    }

    private static List<IndicatorTarget> ParseSplit(RowReader cells, Dictionary<string, Unit> units, Indicator indicator)
    {
        var text = cells.Text(Split, maxLength: 4000);
        var targets = new List<IndicatorTarget>();
        foreach (var part in text?.Split([';', '；', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [])
        {
            var pair = part.Split([':', '：'], 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !units.TryGetValue(pair[0], out var unit)
                || !decimal.TryParse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var target)
                || Math.Abs(target) > IndicatorValueWorkflow.MaxValue || decimal.Round(target, 4) != target)
            {
                cells.Error(Split, "Indicators.Import.SplitInvalid", part);
                return [];
            }

            if (unit.Id == indicator.UnitId || targets.Any(x => x.UnitId == unit.Id))
            {
                cells.Error(Split, "Indicators.TargetUnitTwice");
                return [];
            }

            targets.Add(new IndicatorTarget { Indicator = indicator, UnitId = unit.Id, Period = 0, Target = target });
        }

        return targets;
    }
}
