using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Excel;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Blueprint.Web.Features.Supervision.SupervisionImport;

namespace Blueprint.Tests.Supervision;

/// <summary>A meeting's decisions imported as a batch: all or nothing, with a row-by-row report.</summary>
public sealed class ImportTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_batch_with_errors_imports_nothing_and_a_good_batch_imports_every_row_through_assignment(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("supervision.office");
        var tag = $"IMP-{provider}-{Guid.NewGuid().ToString("N")[..6]}";
        var meetingId = await MeetingAsync(app, tag);

        var template = await office.GetAsync("/api/supervision-items/template", ct);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Contains(SheetName, ExcelFiles.SheetNames(await template.Content.ReadAsByteArrayAsync(ct)));

        // Row 3: unknown unit and no title; row 4: the same case number as row 2; row 5: a decision beyond the meeting's two.
        Dictionary<string, object?>[] bad =
        [
            Row($"{tag}-1", "落实第一项决定", DemoUnits.Anyue, 1),
            Row($"{tag}-2", null, "ZY-NOPE", null),
            Row($"{tag}-1", "重复案号", DemoUnits.Lezhi, null),
            Row($"{tag}-4", "第三项决定", DemoUnits.Lezhi, 3),
        ];
        var refused = await ExcelFiles.UploadAsync(office, $"/api/supervision-items/import?meetingId={meetingId}", ExcelFiles.Workbook(SheetName, bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await ExcelFiles.RowErrorsAsync(refused);
        Assert.Contains(errors, e => e is { Row: 3, Column: LeadUnit } && e.Message.Contains("ZY-NOPE", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 3, Column: Title });
        Assert.Contains(errors, e => e is { Row: 4, Column: CaseNumber });
        Assert.Contains(errors, e => e is { Row: 5, Column: DecisionNo });
        Assert.DoesNotContain(errors, e => e.Row == 2);
        Assert.Equal(0, await CountAsync(app, tag));

        // The same sheet as a workbook report, for fixing in Excel.
        var report = await ExcelFiles.UploadAsync(office, $"/api/supervision-items/import?meetingId={meetingId}&format=xlsx", ExcelFiles.Workbook(SheetName, bad));
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Equal(errors.Count, ExcelFiles.Read(await report.Content.ReadAsByteArrayAsync(ct)).Count);

        Dictionary<string, object?>[] good = [Row($"{tag}-1", "落实第一项决定", DemoUnits.Anyue, 1), Row(null, "落实第二项决定", DemoUnits.Lezhi, 2)];
        var imported = await ExcelFiles.UploadAsync(office, $"/api/supervision-items/import?meetingId={meetingId}", ExcelFiles.Workbook(SheetName, good));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2, (await imported.Content.ReadFromJsonAsync<ImportResult>(ct))!.Imported);

        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var items = await db.Set<SupervisionItem>().Include(i => i.CooperatingUnits).Where(i => i.Title.StartsWith("落实第") && i.Decision!.MeetingId == meetingId)
            .OrderBy(i => i.Decision!.SortOrder).ToListAsync(ct);
        Assert.Equal(2, items.Count);
        Assert.Equal($"{tag}-1", items[0].CaseNumber);
        Assert.Matches(@"^DB-\d{4}-\d{4}$", items[1].CaseNumber);
        Assert.All(items, i => Assert.Equal((SupervisionStatus.Assigned, new DateOnly(2090, 8, 31)), (i.Status, i.OriginalDeadline!.Value)));
        var ids = items.Select(i => i.Id).ToList();
        Assert.Equal(2, await db.Set<SupervisionStep>().CountAsync(s => ids.Contains(s.SupervisionItemId) && s.Kind == SupervisionStepKind.Assigned, ct));
        Assert.Single(items[0].CooperatingUnits);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Only_the_offices_import(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var anyue = await app.LoginAsync("anyue.reporter");
        var response = await ExcelFiles.UploadAsync(anyue, "/api/supervision-items/import", ExcelFiles.Workbook(SheetName, [Row("X", "越权导入", DemoUnits.Anyue, null)]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Dictionary<string, object?> Row(string? caseNumber, string? title, string unit, int? decision) => new()
    {
        [CaseNumber] = caseNumber,
        [Title] = title,
        [Source] = "会议决定事项",
        [Basis] = "市委工作务虚会决定",
        [LeadUnit] = unit,
        [CoUnits] = unit == DemoUnits.Anyue ? DemoUnits.AnyueHousing : null,
        [Deadline] = "2090-08-31",
        [Cadence] = "每月",
        [DecisionNo] = decision,
        [ProjectCode] = null,
    };

    private static async Task<int> MeetingAsync(TestApp app, string tag)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var meeting = new Meeting { Date = new DateOnly(2090, 12, 4), Title = $"2090年务虚会 {tag}" };
        meeting.Decisions.Add(new Decision { Text = "第一项决定", SortOrder = 10 });
        meeting.Decisions.Add(new Decision { Text = "第二项决定", SortOrder = 20 });
        db.Add(meeting);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return meeting.Id;
    }

    private static async Task<int> CountAsync(TestApp app, string tag)
    {
        using var scope = app.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<SupervisionItem>().CountAsync(i => i.CaseNumber.StartsWith(tag), TestContext.Current.CancellationToken);
    }
}
