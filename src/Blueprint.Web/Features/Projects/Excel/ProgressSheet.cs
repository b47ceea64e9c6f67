using Blueprint.Web.Data;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static Blueprint.Web.Features.Projects.Excel.ExcelLabels;

namespace Blueprint.Web.Features.Projects.Excel;

/// <summary>
/// The monthly progress (月度调度) as a sheet: a row per project and month. Imported rows become
/// the current report of that project-month, as drafts (or submitted, when asked), and then
/// follow the normal approval path.
/// </summary>
public static class ProgressSheet
{
    public const string SheetName = "月度调度";
    public const string Year = "年度";
    public const string Month = "月份";
    public const string Code = "项目编码";
    public const string Name = "项目名称";
    public const string ThisMonth = "本月完成投资（万元）";
    public const string YearToDate = "本年累计完成投资（万元）";
    public const string SinceStart = "开工累计完成投资（万元）";
    public const string Physical = "形象进度";
    public const string Nodes = "节点完成情况";
    public const string Problems = "存在问题";
    public const string Explanation = "情况说明";

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(Year, true, "如 2024", XlsxKind.Integer),
        new(Month, true, "1–12", XlsxKind.Integer),
        new(Code, true, "须为该年度计划内、本人数据范围内的项目"),
        new(Name, false, "仅供核对，导入时以项目编码为准"),
        new(ThisMonth, true, "万元，最多4位小数", XlsxKind.Money),
        new(YearToDate, true, "万元，不小于本月完成投资", XlsxKind.Money),
        new(SinceStart, true, "万元，不小于本年累计完成投资", XlsxKind.Money),
        new(Physical, false, "本月形象进度，不超过2000个字符"),
        new(Nodes, false, "本月达到的节点，不超过1000个字符"),
        new(Problems, false, "需协调解决的问题，不超过2000个字符"),
        new(Explanation, false, "数据有预警时（超计划、超中位数3倍等）提交必填，不超过1000个字符"),
    ];

    public static async Task<List<object>> ParseAsync(
        SheetData sheet, BlueprintDb db, CurrentUser user, DateTime nowUtc, bool submit, ImportErrors errors, CancellationToken ct)
    {
        var codes = sheet.Rows.Select(r => XlsxCells.Text(r.Cells.GetValueOrDefault(Code))).OfType<string>();
        // One lookup per slice of codes, per year and per month, never per row: 10,000 rows stay fast.
        var projects = (await InSlicesAsync(codes, slice => db.Set<KeyProject>().AsNoTracking()
            .Where(p => slice.Contains(p.Code)).Select(p => new { p.Id, p.Code, p.UnitId }), ct)).ToDictionary(p => p.Code, StringComparer.Ordinal);
        // The same rules as the form: a month is reported only while its window is open, and
        // submitted after its 截止日 only by a unit it was reopened for (then late).
        var today = ReportingWindows.Today(nowUtc);
        var windows = (await db.Set<ReportingWindow>().AsNoTracking().ToListAsync(ct)).ToDictionary(w => (w.Year, w.Month));
        var reopened = submit ? await ReportingReopenings.AllAsync(db, ct) : null;
        var unitIds = projects.Values.Select(p => p.UnitId).Distinct().ToList();
        var paths = reopened is null ? [] : await db.Set<Units.Unit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Path, ct);
        var onPlan = new Dictionary<int, HashSet<int>>();
        var reported = new Dictionary<(int, int), HashSet<int>>();
        var firstRow = new Dictionary<(int, int, int), int>();
        var added = new List<object>();
        var checkedRows = new List<(RowReader Cells, ProgressReport Report)>();

        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var year = cells.Whole(Year, 2000, 2100, required: true);
            var month = cells.Whole(Month, 1, 12, required: true);
            var code = cells.Text(Code, required: true, maxLength: 32);
            var project = code is null ? null : projects.GetValueOrDefault(code);
            if (code is not null && project is null)
            {
                cells.Error(Code, "Import.ProjectUnknown");
            }

            var thisMonth = cells.Wan(ThisMonth, required: true);
            var yearToDate = cells.Wan(YearToDate, required: true);
            var sinceStart = cells.Wan(SinceStart, required: true);
            if (yearToDate < thisMonth)
            {
                cells.Error(YearToDate, "Progress.YearToDateBelowMonth");
            }

            if (sinceStart < yearToDate)
            {
                cells.Error(SinceStart, "Progress.SinceStartBelowYear");
            }

            var report = new ProgressReport
            {
                KeyProjectId = project?.Id ?? 0,
                UnitId = project?.UnitId ?? 0,
                Year = year ?? 0,
                Month = month ?? 0,
                InvestmentThisMonth = thisMonth ?? 0,
                InvestmentYearToDate = yearToDate ?? 0,
                InvestmentSinceStart = sinceStart ?? 0,
                PhysicalProgress = cells.Text(Physical, maxLength: 2000),
                NodesReached = cells.Text(Nodes, maxLength: 1000),
                ProblemsRaised = cells.Text(Problems, maxLength: 2000),
                Explanation = cells.Text(Explanation, maxLength: 1000),
                Status = submit ? SubmissionStatus.Submitted : SubmissionStatus.Draft,
                SubmittedById = submit ? user.UserId : null,
                RecordedAtUtc = nowUtc,
            };
            if (year is { } y && month is { } m)
            {
                var window = windows.GetValueOrDefault((y, m));
                switch (ReportingWindows.StateOf(window, today))
                {
                    case WindowState.None:
                        cells.Error(Month, "Progress.WindowNone", y, m);
                        break;
                    case WindowState.NotYetOpen:
                        cells.Error(Month, "Progress.WindowNotYetOpen", y, m, window!.OpensOn);
                        break;
                    case WindowState.Closed:
                        cells.Error(Month, "Import.MonthClosed", y, m);
                        break;
                    case WindowState.PastDue when submit && project is not null:
                        var (pastDue, late) = ReportingWindows.Deadline(window!, ReportingReopenings.Covers(reopened![window!.Id], paths[project.UnitId])).Judge(today);
                        if (pastDue is not null)
                        {
                            cells.Error(Month, pastDue.MessageKey!, pastDue.Args ?? []);
                        }

                        report.IsLate = late;
                        break;
                }

                if (project is not null)
                {
                    await CheckProjectMonthAsync(cells, db, y, m, project.Id, onPlan, reported, firstRow, ct);
                }
            }

            added.Add(report);
            checkedRows.Add((cells, report));
        }

        if (!errors.Any)
        {
            await CheckFiguresAsync(db, checkedRows, submit, errors.Text, ct);
        }

        return errors.Any ? [] : added;
    }

    /// <summary>
    /// The figure checks of the form and the API (<see cref="ProgressChecks"/>), on every row: an
    /// earlier month of the same project in the same sheet stands in for the last accepted one.
    /// </summary>
    private static async Task CheckFiguresAsync(BlueprintDb db, List<(RowReader Cells, ProgressReport Report)> rows, bool submit, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var inSheet = rows.Select(r => r.Report).ToDictionary(r => (r.KeyProjectId, r.Year, r.Month));
        foreach (var year in rows.GroupBy(r => r.Report.Year))
        {
            var facts = await ProgressChecks.FactsAsync(db, [.. year.Select(r => r.Report.KeyProjectId)], year.Key, ct);
            foreach (var (cells, report) in year)
            {
                var before = inSheet.GetValueOrDefault((report.KeyProjectId, report.Year, report.Month - 1));
                var found = ProgressChecks.Judge(
                    ProgressChecks.YearFacts.WithPrevious(facts.Of(report.KeyProjectId, report.Month), before is null ? null : new PriorMonth(before.Month, before.InvestmentYearToDate)),
                    report.InvestmentThisMonth, report.InvestmentYearToDate);
                foreach (var error in found.Where(f => f.IsError))
                {
                    cells.Error(error.Field == "investmentThisMonth" ? ThisMonth : YearToDate, error.MessageKey, error.Args);
                }

                var warnings = found.Where(f => !f.IsError).ToList();
                if (submit && warnings.Count > 0 && report.Explanation is null)
                {
                    cells.Error(Explanation, "Import.ExplanationRequired", warnings.Count);
                }

                report.FigureWarnings = ProgressChecks.Warnings(warnings, t);
            }
        }
    }

    private static async Task CheckProjectMonthAsync(
        RowReader cells, BlueprintDb db, int year, int month, int projectId,
        Dictionary<int, HashSet<int>> onPlan, Dictionary<(int, int), HashSet<int>> reported,
        Dictionary<(int, int, int), int> firstRow, CancellationToken ct)
    {
        if (!onPlan.TryGetValue(year, out var plan))
        {
            plan = (await db.Set<AnnualPlanEntry>().AsNoTracking().Where(e => e.Year == year)
                .Select(e => e.KeyProjectId).ToListAsync(ct)).ToHashSet();
            onPlan[year] = plan;
        }

        if (!reported.TryGetValue((year, month), out var done))
        {
            done = (await db.Set<ProgressReport>().AsNoTracking().Where(r => r.Year == year && r.Month == month && r.IsCurrent)
                .Select(r => r.KeyProjectId).ToListAsync(ct)).ToHashSet();
            reported[(year, month)] = done;
        }

        if (!plan.Contains(projectId))
        {
            cells.Error(Code, "Import.NotOnPlan", year);
        }
        else if (done.Contains(projectId))
        {
            cells.Error(Month, "Import.AlreadyReported", year, month);
        }
        else if (!firstRow.TryAdd((year, month, projectId), cells.Number))
        {
            cells.Error(Month, "Import.ReportDuplicate", firstRow[(year, month, projectId)]);
        }
    }
}
