using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Excel;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// A batch of items from one sheet (e.g. the decisions of one meeting), all or nothing: every row
/// is checked first, and only a sheet without errors is registered — each item through
/// <see cref="SupervisionAssignment.AssignAsync"/>, all in one transaction.
/// </summary>
public static class SupervisionImport
{
    public const string SheetName = "督办事项";
    public const string CaseNumber = "案号";
    public const string Title = "事项名称";
    public const string Source = "事项来源";
    public const string Basis = "交办依据";
    public const string LeadUnit = "牵头单位编码";
    public const string CoUnits = "配合单位编码";
    public const string Deadline = "办理时限";
    public const string Cadence = "反馈周期";
    public const string DecisionNo = "会议决定事项序号";
    public const string ProjectCode = "关联项目编码";

    /// <summary>A batch is a meeting's or a leader's list, not a data migration: the cap keeps the row-by-row checks quick.</summary>
    public const int MaxRows = 1_000;

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(CaseNumber, false, "不填则自动编号（DB-年份-序号），填写的须全市唯一"),
        new(Title, true, "不超过300个字符"),
        new(Source, true, "见“可选值”表", ListOf: Source),
        new(Basis, false, "会议决定、领导批示原文等，不超过4000个字符"),
        new(LeadUnit, true, "见“可选值”表的单位编码", ListOf: SheetImport.UnitCodes),
        new(CoUnits, false, "多个单位编码用顿号或逗号分隔"),
        new(Deadline, true, "日期，如 2024-06-30", XlsxKind.Date),
        new(Cadence, true, "见“可选值”表", ListOf: Cadence),
        new(DecisionNo, false, "导入时选择了会议的，填该会议第几项决定事项（1、2、3……）"),
        new(ProjectCode, false, "关联的重点项目编码"),
    ];

    public static readonly IReadOnlyDictionary<string, SupervisionSource> Sources = new Dictionary<string, SupervisionSource>
    {
        ["会议决定事项"] = SupervisionSource.MeetingDecision,
        ["领导批示"] = SupervisionSource.LeaderInstruction,
        ["人大代表建议"] = SupervisionSource.DeputiesSuggestion,
        ["政协提案"] = SupervisionSource.CppccProposal,
        ["上级转办"] = SupervisionSource.ForwardedFromAbove,
        ["绩效目标"] = SupervisionSource.PerformanceTarget,
    };

    public static readonly IReadOnlyDictionary<string, FeedbackCadence> Cadences = new Dictionary<string, FeedbackCadence>
    {
        ["每周"] = FeedbackCadence.Weekly,
        ["每两周"] = FeedbackCadence.Fortnightly,
        ["每月"] = FeedbackCadence.Monthly,
        ["一次"] = FeedbackCadence.Once,
    };

    public static RouteGroupBuilder MapSupervisionImport(this RouteGroupBuilder items)
    {
        items.MapGet("/template", async (BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            TypedResults.File(await TemplateAsync(db, t, ct), Xlsx.ContentType, t["Supervision.Import.TemplateName"] + ".xlsx"));

        // ?meetingId= links rows to that meeting's decisions; ?format=xlsx answers errors as a workbook (still a 400).
        items.MapPost("/import", async Task<Results<Ok<ImportResult>, ProblemHttpResult, XlsxFileResult>> (
            HttpContext http, int? meetingId, string? format, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t,
            IOptions<XlsxUploadOptions> options, CancellationToken ct) =>
        {
            var upload = await XlsxUpload.ReadAsync(http.Request, options.Value, t, ct);
            if (upload.Refusal is { } refused)
            {
                return refused;
            }

            var outcome = await ImportAsync(db, upload.Content!, meetingId, clock.GetUtcNow().UtcDateTime, t, ct);
            if (outcome.Errors is { } errors)
            {
                return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                    ? new XlsxFileResult(await errors.ToXlsxAsync(ct), t["Import.Report.FileName"] + ".xlsx", StatusCodes.Status400BadRequest)
                    : errors.ToProblem();
            }

            return outcome.Refusal is { } refusal ? refusal : TypedResults.Ok(outcome.Result!);
        }).Accepts<IFormFile>("multipart/form-data").WithMetadata(new HeavyImportAttribute()).RequireAuthorization(p => p.RequireRole(Roles.SupervisionOffice, Roles.ProjectOffice));
        return items;
    }

    public static Task<ImportOutcome> ImportAsync(BlueprintDb db, byte[] content, int? meetingId, DateTime nowUtc, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        Telemetry.MeasureImportAsync("supervision", () => ReadAndSaveAsync(db, content, meetingId, nowUtc, t, ct), o => o.Result?.Imported);

    private static async Task<ImportOutcome> ReadAndSaveAsync(BlueprintDb db, byte[] content, int? meetingId, DateTime nowUtc, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var sheet = XlsxReader.Read(content, SheetName, MaxRows, Columns.Select(c => c.Header));
        if (sheet.Unreadable)
        {
            return Refuse(t, "Import.NotXlsx");
        }

        if (sheet.TooManyRows)
        {
            return new(null, null, XlsxUpload.TooManyRows(t, new XlsxUploadOptions { MaxRows = MaxRows }));
        }

        List<Decision>? decisions = null;
        if (meetingId is { } m)
        {
            decisions = await db.Set<Decision>().AsNoTracking().Where(d => d.MeetingId == m).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);
            if (decisions.Count == 0 && !await db.Set<Meeting>().AnyAsync(x => x.Id == m, ct))
            {
                return Refuse(t, "Supervision.Import.MeetingUnknown");
            }
        }

        var errors = new ImportErrors(t);
        foreach (var column in Columns.Where(c => c.Required && !sheet.Headers.Contains(c.Header)))
        {
            errors.Add(sheet.HeaderRow, column.Header, null, "Import.MissingColumn", column.Header);
        }

        if (errors.Any)
        {
            return new(null, errors, null);
        }

        if (sheet.Rows.Count == 0)
        {
            return Refuse(t, "Import.Empty");
        }

        var inputs = await ParseAsync(db, sheet, decisions, errors, ct);
        if (errors.Any)
        {
            return new(null, errors, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var input in inputs)
            {
                await SupervisionItemForm.CreateAsync(db, input, nowUtc, t, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Someone took one of the case numbers between our check and our insert.
            return new(null, null, TypedResults.Problem(title: t["Import.Conflict"], statusCode: StatusCodes.Status409Conflict));
        }

        return new(new ImportResult(inputs.Count, t["Import.Done", inputs.Count]), null, null);
    }

    private static async Task<List<SupervisionItemInput>> ParseAsync(BlueprintDb db, SheetData sheet, List<Decision>? decisions, ImportErrors errors, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id, ct);
        var numbers = sheet.Rows.Select(r => XlsxCells.Text(r.Cells.GetValueOrDefault(CaseNumber))).OfType<string>();
        var taken = (await ExcelLabels.InSlicesAsync(numbers, slice => db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(i => slice.Contains(i.CaseNumber)).Select(i => i.CaseNumber), ct)).ToHashSet(StringComparer.Ordinal);
        var codes = sheet.Rows.Select(r => XlsxCells.Text(r.Cells.GetValueOrDefault(ProjectCode))).OfType<string>();
        var projects = (await ExcelLabels.InSlicesAsync(codes, slice => db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(p => slice.Contains(p.Code)).Select(p => new { p.Code, p.Id }), ct)).ToDictionary(p => p.Code, p => p.Id, StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var inputs = new List<SupervisionItemInput>();
        foreach (var row in sheet.Rows)
        {
            var cells = new RowReader(row, errors);
            var number = cells.Text(CaseNumber, maxLength: 40);
            if (number is not null && taken.Contains(number))
            {
                cells.Error(CaseNumber, "Supervision.Import.CaseNumberTaken");
            }
            else if (number is not null && !firstRow.TryAdd(number, row.Number))
            {
                cells.Error(CaseNumber, "Import.CodeDuplicate", firstRow[number]);
            }

            var lead = UnitOf(cells, LeadUnit, cells.Text(LeadUnit, required: true), units);
            var coUnits = new List<int>();
            foreach (var code in (cells.Text(CoUnits) ?? "").Split(['、', ',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (UnitOf(cells, CoUnits, code, units) is { } id)
                {
                    if (id == lead)
                    {
                        cells.Error(CoUnits, "Supervision.CoUnitIsLead");
                    }

                    coUnits.Add(id);
                }
            }

            inputs.Add(new SupervisionItemInput(
                cells.Text(Title, required: true, maxLength: 300) ?? "",
                cells.Choice(Source, Sources, required: true) ?? default,
                cells.Text(Basis, maxLength: 4000),
                lead ?? 0,
                cells.Date(Deadline, required: true) ?? default,
                cells.Choice(Cadence, Cadences, required: true) ?? default,
                coUnits, number, DecisionOf(cells, decisions), ProjectOf(cells, projects)));
        }

        return inputs;
    }

    private static int? UnitOf(RowReader cells, string column, string? code, Dictionary<string, int> units)
    {
        if (code is null)
        {
            return null;
        }

        if (!units.TryGetValue(code, out var id))
        {
            cells.Error(column, "Supervision.Import.UnitUnknown", code);
            return null;
        }

        return id;
    }

    private static int? DecisionOf(RowReader cells, List<Decision>? decisions)
    {
        if (XlsxCells.Text(cells.Raw(DecisionNo)) is null)
        {
            return null;
        }

        if (decisions is null)
        {
            cells.Error(DecisionNo, "Supervision.Import.NoMeeting");
            return null;
        }

        var n = cells.Whole(DecisionNo, 1, Math.Max(1, decisions.Count));
        return n is { } i && i <= decisions.Count ? decisions[i - 1].Id : null;
    }

    private static int? ProjectOf(RowReader cells, Dictionary<string, int> projects)
    {
        var code = cells.Text(ProjectCode, maxLength: 32);
        if (code is null)
        {
            return null;
        }

        if (!projects.TryGetValue(code, out var id))
        {
            cells.Error(ProjectCode, "Supervision.Import.ProjectUnknown");
            return null;
        }

        return id;
    }

    public static async Task<byte[]> TemplateAsync(BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.SortOrder).ThenBy(u => u.Code).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        string[] general = [t["Import.Guide.Rows", SheetName].Value, t["Import.Guide.Choices"].Value, t["Import.Guide.AllOrNothing"].Value];
        (string, IReadOnlyList<string>)[] choices =
        [
            (Source, [.. Sources.Keys]), (Cadence, [.. Cadences.Keys]),
            (SheetImport.UnitCodes, [.. units.Select(u => u.Code)]), ("单位名称", [.. units.Select(u => u.Name)]),
        ];
        return await SheetImport.TemplateAsync(SheetName, Columns, general, choices, t, ct);
    }

    private static ImportOutcome Refuse(IStringLocalizer<SharedResource> t, string key) =>
        new(null, null, TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status400BadRequest));
}
