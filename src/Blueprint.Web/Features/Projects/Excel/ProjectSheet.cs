using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static Blueprint.Web.Features.Projects.Excel.ExcelLabels;

namespace Blueprint.Web.Features.Projects.Excel;

/// <summary>
/// The project library as a sheet: one layout for the template, the export and the import, so
/// that an export re-imports. Money in 万元 (exact to the 元), dates as yyyy-MM-dd.
/// </summary>
public static class ProjectSheet
{
    public const string SheetName = "项目";
    public const string Code = "项目编码";
    public const string Name = "项目名称";
    public const string UnitCode = "责任单位编码";
    public const string UnitName = "责任单位名称";
    public const string Leader = "联系领导";
    public const string Category = "项目类别";
    public const string Stage = "项目阶段";
    public const string Chain = "产业链";
    public const string Link = "产业链环节";
    public const string Location = "建设地点";
    public const string Latitude = "纬度";
    public const string Longitude = "经度";
    public const string Description = "建设内容";
    public const string Total = "总投资（万元）";
    public const string PlannedStart = "计划开工日期";
    public const string PlannedCompletion = "计划竣工日期";
    public const string ActualStart = "实际开工日期";
    public const string ActualCompletion = "实际竣工日期";
    public const string PlannedOutput = "计划年产值（万元）";
    public const string PlannedTax = "计划年税收（万元）";
    public const string PlannedJobs = "计划带动就业（人）";
    public const string PlannedCost = "计划年运营成本（万元）";
    public const string ActualOutput = "实际年产值（万元）";
    public const string ActualTax = "实际年税收（万元）";
    public const string ActualJobs = "实际带动就业（人）";
    public const string ActualCost = "实际年运营成本（万元）";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Code, true, "全市唯一，不超过32个字符"),
        new(Name, true, "不超过200个字符"),
        new(UnitCode, true, "见“可选值”表的单位编码，须在本人数据范围内", ListOf: SheetImport.UnitCodes),
        new(UnitName, false, "仅供核对，导入时以单位编码为准"),
        new(Leader, false, "联系领导职务，如：市委常委、副市长"),
        new(Category, true, "见“可选值”表", ListOf: Category),
        new(Stage, true, "见“可选值”表", ListOf: Stage),
        new(Chain, false, "如：汽车、口腔装备材料"),
        new(Link, false, "见“可选值”表，可不填", ListOf: Link),
        new(Location, false, "不超过200个字符"),
        new(Description, false, "建设规模及内容"),
        new(Total, true, "万元，最多4位小数", XlsxKind.Money),
        new(PlannedStart, false, "日期，如 2024-03-01", XlsxKind.Date),
        new(PlannedCompletion, false, "日期，不早于计划开工日期", XlsxKind.Date),
        new(ActualStart, false, "日期", XlsxKind.Date),
        new(ActualCompletion, false, "日期", XlsxKind.Date),
        new(PlannedOutput, false, "万元", XlsxKind.Money),
        new(PlannedTax, false, "万元", XlsxKind.Money),
        new(PlannedJobs, false, "整数", XlsxKind.Integer),
        new(PlannedCost, false, "项目建成后每年仍需财政承担的运营费用，万元", XlsxKind.Money),
        new(ActualOutput, false, "万元", XlsxKind.Money),
        new(ActualTax, false, "万元", XlsxKind.Money),
        new(ActualJobs, false, "整数", XlsxKind.Integer),
        new(ActualCost, false, "万元", XlsxKind.Money),
        new(Latitude, false, "度，如 30.1223；与经度同填或同不填，须在本市范围内"),
        new(Longitude, false, "度，如 104.6519"),
    ];

    public static IReadOnlyDictionary<string, object?> ToRow(KeyProject p, Unit? unit) => new Dictionary<string, object?>
    {
        [Code] = p.Code,
        [Name] = p.Name,
        [UnitCode] = unit?.Code,
        [UnitName] = unit?.Name,
        [Leader] = p.ResponsibleLeader,
        [Category] = Label(Categories, p.Category),
        [Stage] = Label(Stages, p.Stage),
        [Chain] = p.IndustryChain,
        [Link] = Label(ChainLinks, p.ChainLink),
        [Location] = p.Location,
        [Description] = p.Description,
        [Total] = XlsxCells.Wan(p.TotalInvestment),
        [PlannedStart] = p.PlannedStart,
        [PlannedCompletion] = p.PlannedCompletion,
        [ActualStart] = p.ActualStart,
        [ActualCompletion] = p.ActualCompletion,
        [PlannedOutput] = XlsxCells.Wan(p.PlannedBenefit.OutputValue),
        [PlannedTax] = XlsxCells.Wan(p.PlannedBenefit.Tax),
        [PlannedJobs] = p.PlannedBenefit.Jobs,
        [PlannedCost] = XlsxCells.Wan(p.PlannedBenefit.RunningCost),
        [ActualOutput] = XlsxCells.Wan(p.ActualBenefit.OutputValue),
        [ActualTax] = XlsxCells.Wan(p.ActualBenefit.Tax),
        [ActualJobs] = p.ActualBenefit.Jobs,
        [ActualCost] = XlsxCells.Wan(p.ActualBenefit.RunningCost),
        [Latitude] = p.Latitude,
        [Longitude] = p.Longitude,
    };

    /// <summary>
    /// Validates every row; returns the new projects, or nothing when any row fails. The project
    /// office's projects go into the library with their dated stage records; a unit's are
    /// proposals (申报), each with its first step, and the office is told once (decision 0018).
    /// </summary>
    public static async Task<List<object>> ParseAsync(
        SheetData sheet, BlueprintDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> t, ImportErrors errors, CancellationToken ct)
    {
        var proposing = ProjectProposals.ActorOf(user) != ProposalActor.Office;
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var all = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Code, ct);
        var writable = (await WritableUnitsAsync(db, user, ct)).Select(u => u.Id).ToHashSet();
        var codes = sheet.Rows.Select(r => XlsxCells.Text(r.Cells.GetValueOrDefault(Code))).OfType<string>();
        // Codes are unique across all units and proposals too, so the check looks past every filter.
        var taken = (await InSlicesAsync(codes, slice => db.Set<KeyProject>().IgnoreQueryFilters()
            .Where(p => slice.Contains(p.Code)).Select(p => p.Code), ct)).ToHashSet(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = new List<object>();

        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var code = cells.Text(Code, required: true, maxLength: 32);
            if (code is not null && taken.Contains(code))
            {
                cells.Error(Code, "Import.CodeTaken");
            }
            else if (code is not null && !firstRow.TryAdd(code, row.Number))
            {
                cells.Error(Code, "Import.CodeDuplicate", firstRow[code]);
            }

            var unit = Unit(cells, all, writable);
            var project = new KeyProject
            {
                Code = code ?? "",
                Name = cells.Text(Name, required: true, maxLength: 200) ?? "",
                UnitId = unit?.Id ?? 0,
                ResponsibleLeader = cells.Text(Leader, maxLength: 100),
                Category = cells.Choice(Category, Categories, required: true) ?? default,
                Stage = cells.Choice(Stage, Stages, required: true) ?? default,
                IndustryChain = cells.Text(Chain, maxLength: 100),
                ChainLink = cells.Choice(Link, ChainLinks) ?? ChainLink.None,
                Location = cells.Text(Location, maxLength: 200),
                Description = cells.Text(Description, maxLength: 4000),
                TotalInvestment = cells.Wan(Total, required: true) ?? 0,
                PlannedStart = cells.Date(PlannedStart),
                PlannedCompletion = cells.Date(PlannedCompletion),
                ActualStart = cells.Date(ActualStart),
                ActualCompletion = cells.Date(ActualCompletion),
                PlannedBenefit = Benefit(cells, PlannedOutput, PlannedTax, PlannedJobs, PlannedCost),
                ActualBenefit = Benefit(cells, ActualOutput, ActualTax, ActualJobs, ActualCost),
            };
            (project.Latitude, project.Longitude) = Place(cells);
            if (project.PlannedStart > project.PlannedCompletion)
            {
                cells.Error(PlannedCompletion, "Import.CompletionBeforeStart");
            }

            added.Add(project);
            if (proposing)
            {
                // Its stages are recorded when the office accepts it, as for any proposal.
                project.LibraryStatus = LibraryStatus.Proposed;
                added.Add(ProjectProposals.NewStep(project, ProposalStepKind.Proposed, nowUtc, user.UserId));
            }
            else
            {
                // Dated as the form and the API date them: on the sheet's 实际开工日期 / 实际竣工日期,
                // so a past month's 开工率, 竣工率, 转化率 and funnel count the project from then.
                added.AddRange(ProjectStages.Changes(project, null, clock));
            }
        }

        if (errors.Any)
        {
            return [];
        }

        if (proposing)
        {
            await ProjectProposals.NotifyImportedAsync(db, t, clock, [.. added.OfType<KeyProject>()], ct);
        }

        return added;
    }

    /// <summary>纬度 and 经度: both or neither, numbers, inside the city (as the form and the API check them).</summary>
    private static (double?, double?) Place(RowReader cells)
    {
        double? Degrees(string column)
        {
            var text = XlsxCells.Text(cells.Raw(column));
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                return Math.Round(d, 6);
            }

            cells.Error(column, "Import.NotNumber");
            return null;
        }

        var (lat, lon) = (Degrees(Latitude), Degrees(Longitude));
        if ((lat is null) != (lon is null) && XlsxCells.Text(cells.Raw(Latitude)) is null != (XlsxCells.Text(cells.Raw(Longitude)) is null))
        {
            cells.Error(lat is null ? Latitude : Longitude, "Import.PlaceBoth");
            return (null, null);
        }

        if (lat is { } la && lon is { } lo && Map.CityMap.Current is { } map && !(la is >= -90 and <= 90 && lo is >= -180 and <= 180 && map.Contains(la, lo)))
        {
            cells.Error(Latitude, "Import.PlaceOutsideCity", map.City);
            return (null, null);
        }

        return (lat, lon);
    }

    private static Unit? Unit(RowReader cells, Dictionary<string, Unit> all, HashSet<int> writable)
    {
        var code = cells.Text(UnitCode, required: true);
        if (code is null)
        {
            return null;
        }

        if (!all.TryGetValue(code, out var unit))
        {
            cells.Error(UnitCode, "Import.UnitUnknown");
            return null;
        }

        if (!writable.Contains(unit.Id))
        {
            cells.Error(UnitCode, "Import.UnitOutOfScope");
            return null;
        }

        return unit;
    }

    private static ProjectBenefit Benefit(RowReader cells, string output, string tax, string jobs, string cost) => new()
    {
        OutputValue = cells.Wan(output) ?? 0,
        Tax = cells.Wan(tax) ?? 0,
        Jobs = cells.Whole(jobs, 0, 10_000_000) ?? 0,
        RunningCost = cells.Wan(cost) ?? 0,
    };
}
