using System.Net;
using System.Security.Claims;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Supervision;

/// <summary>The 督查通报 of March 2095 for one unit, counted by hand, and the .docx read back.</summary>
public sealed class SupervisionBulletinTests(Apps apps)
{
    private static readonly DateOnly From = new(2095, 3, 1), To = new(2095, 3, 31);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task The_bulletin_counts_new_closed_red_and_yellow_items_of_the_period_and_the_document_says_the_same(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var unit = await ArrangeAsync(app);

        // Seen by a user of that unit only, on 15 April 2095: lights are judged as of 31 March.
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "0"), new Claim(CurrentUser.UnitClaim, unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.UnitPathClaim, unit.Path), new Claim(CurrentUser.ScopeClaim, nameof(DataScope.OwnUnit)),
        ], "test")));
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var report = await SupervisionBulletin.ComputeAsync(db, From, To, new DateOnly(2095, 4, 15), ct);

        // In the period: A, B, C, F, G (D closed before it, E came after it). New: B, F. Closed: C.
        // Red: A and G (G was closed only after the period). Yellow: B (2 days left on 31 March).
        Assert.Equal((5, 2, 1, 2, 1, To), (report.Total, report.New, report.Closed, report.Red, report.Yellow, report.AsOf));
        Assert.Equal(new SupervisionBulletinUnit(unit.Id, unit.Name, 5, 1, 2), report.Units.Single());
        Assert.Equal(["BUL-A", "BUL-G"], report.RedItems.Select(r => r.CaseNumber[..5]));

        var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Blueprint.Web.SharedResource>>();
        using var doc = WordprocessingDocument.Open(new MemoryStream(SupervisionBulletinDocument.Write(report, Blueprint.Tests.Reports.OfficialDocumentTests.SampleHead, t)), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "督查通报");
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "本期共督办事项5件，其中新交办2件，办结1件；截至2095-03-31，逾期未办结（红灯）2件，临近时限（黄灯）1件。");
        Assert.Equal([["序号", "牵头单位", "督办事项", "办结", "逾期"], ["1", unit.Name, "5", "1", "2"]], Cells(body, SupervisionBulletinDocument.UnitsCaption));
        var red = Cells(body, SupervisionBulletinDocument.RedCaption);
        Assert.Equal(3, red.Count);
        Assert.Equal(["1", report.RedItems[0].CaseNumber, "红灯事项A", unit.Name, "2095-03-20"], red[1]);

        // The download: a Word file the SDK opens, with the same tables; a reversed period is refused.
        var office = await app.LoginAsync("supervision.office");
        var response = await office.GetAsync("/api/supervision-items/bulletin/docx?from=2095-03-01&to=2095-03-31", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SupervisionBulletinDocument.ContentType, response.Content.Headers.ContentType!.MediaType);
        using var downloaded = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), false);
        Assert.Contains(Cells(downloaded.MainDocumentPart!.Document!.Body!, SupervisionBulletinDocument.UnitsCaption), row => row[1] == unit.Name && row[2] == "5");
        Assert.Equal(HttpStatusCode.BadRequest, (await office.GetAsync("/api/supervision-items/bulletin/docx?from=2095-03-31&to=2095-03-01", ct)).StatusCode);
    }

    private static List<string[]> Cells(Body body, string caption) =>
        [.. body.Elements<Table>().Single(t => t.GetFirstChild<TableProperties>()?.GetFirstChild<TableCaption>()?.Val?.Value == caption)
            .Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray())];

    /// <summary>Seven items of 市生态环境局 (no other test leads with it), dated around March 2095.</summary>
    private static async Task<Unit> ArrangeAsync(TestApp app)
    {
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().AsNoTracking().SingleAsync(u => u.Code == DemoUnits.Ecology, TestContext.Current.CancellationToken);
        var tag = Guid.NewGuid().ToString("N")[..6];
        SupervisionItem Item(string key, string title, DateTime created, DateTime? closed, DateOnly deadline) => new()
        {
            CaseNumber = $"BUL-{key}-{tag}",
            Title = title,
            UnitId = unit.Id,
            Deadline = deadline,
            OriginalDeadline = deadline,
            Status = closed is null ? SupervisionStatus.InProgress : SupervisionStatus.Closed,
            CreatedAtUtc = created,
            ClosedAtUtc = closed,
        };
        static DateTime At(int month, int day) => new(2095, month, day, 2, 0, 0, DateTimeKind.Utc);
        db.AddRange(
            Item("A", "红灯事项A", At(1, 10), null, new DateOnly(2095, 3, 20)),
            Item("B", "黄灯事项B", At(3, 5), null, new DateOnly(2095, 4, 2)),
            Item("C", "办结事项C", At(2, 1), At(3, 15), new DateOnly(2095, 3, 10)),
            Item("D", "上期办结D", At(1, 1), At(2, 20), new DateOnly(2095, 2, 28)),
            Item("E", "下期交办E", At(4, 5), null, new DateOnly(2095, 6, 30)),
            Item("F", "正常事项F", At(3, 10), null, new DateOnly(2095, 12, 31)),
            Item("G", "期后办结G", At(1, 5), At(4, 10), new DateOnly(2095, 3, 25)));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return unit;
    }
}
