using System.Globalization;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Access;

/// <summary>
/// The values that fill an address of the matrix: for a record of a unit, one of 安岳 (the own
/// unit of the matrix's county accounts) and one of 乐至 (another unit); for a city-wide record,
/// one value. Route placeholders take <see cref="Own"/> (or <see cref="Other"/>) in order, and
/// <see cref="Query"/> may name them too ({0}, {1}).
/// </summary>
public sealed record MatrixSample(string[] Own, string[]? Other = null, string Query = "")
{
    public string Path(string route, bool other)
    {
        var values = other ? Other ?? throw new InvalidOperationException($"{route}: its sample has no record of another unit") : Own;
        var i = 0;
        var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", _ => values[i++]);
        return path + string.Format(CultureInfo.InvariantCulture, Query, values);
    }
}

/// <summary>
/// Real records for every sample of <see cref="AuthorizationMatrix"/>: demo records where the
/// demo city has them (read, never changed), and a few of the matrix's own (tagged, supervision
/// deadline 2079, reader year 2079) where it has none (extension requests and attachments in both
/// counties, a reader document).
/// </summary>
internal static class MatrixSamples
{
    /// <summary>An id no record has: writes are probed with it, so an allowed write changes nothing.</summary>
    public const string Missing = "999999999";

    public static async Task<Dictionary<string, MatrixSample>> LoadAsync(TestApp app, string tag, HttpClient office)
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var units = await db.Set<Unit>().AsNoTracking().ToListAsync(ct);
        var anyue = units.Single(u => u.Code == DemoUnits.Anyue);
        var lezhi = units.Single(u => u.Code == DemoUnits.Lezhi);
        var ay = units.Where(u => u.Path.StartsWith(anyue.Path, StringComparison.Ordinal)).Select(u => u.Id).ToList();
        var lz = units.Where(u => u.Path.StartsWith(lezhi.Path, StringComparison.Ordinal)).Select(u => u.Id).ToList();

        var (ayItem, lzItem) = (await SupervisionAsync(db, tag, anyue, "AY", ct), await SupervisionAsync(db, tag, lezhi, "LZ", ct));
        var reader = await ReaderAsync(office, tag, ct);

        async Task<MatrixSample> Pair<T>(IQueryable<T> rows, Func<T, string[]> values) where T : class, IUnitOwned
        {
            var own = await rows.Where(r => ay.Contains(r.UnitId)).FirstAsync(ct);
            var other = await rows.Where(r => lz.Contains(r.UnitId)).FirstAsync(ct);
            return new(values(own), values(other));
        }

        string S(long id) => id.ToString(CultureInfo.InvariantCulture);
        var projects = await Pair(db.Set<KeyProject>().OrderBy(p => p.Id), p => [S(p.Id)]);
        var problems = await Pair(db.Set<Problem>().OrderBy(p => p.Id), p => [S(p.Id)]);
        var entries = await Pair(db.Set<AnnualPlanEntry>().OrderBy(e => e.Id), e => [S(e.Id), S(e.Year), S(e.KeyProjectId)]);
        var progress = await Pair(db.Set<ProgressReport>().OrderBy(r => r.Id), r => [S(r.Id), S(r.KeyProjectId), S(r.Year), S(r.Month)]);
        var values = await Pair(db.Set<IndicatorValue>().OrderBy(v => v.Id), v => [S(v.Id), S(v.IndicatorId), S(v.UnitId), S(v.Period)]);
        var indicatorOwn = await db.Set<Indicator>().Where(i => ay.Contains(i.UnitId)).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(ct);
        // No demo indicator belongs to 乐至: "another unit's" is one that 安岳 neither owns nor holds a share of (decision 0008).
        var indicatorOther = await db.Set<Indicator>()
            .Where(i => !ay.Contains(i.UnitId) && !db.Set<IndicatorTarget>().Any(t => t.IndicatorId == i.Id && ay.Contains(t.UnitId)))
            .OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(ct);
        var meeting = await db.Set<Meeting>().OrderBy(m => m.Id).FirstAsync(ct);
        var proposals = new MatrixSample([S(await ProposalAsync(db, tag, anyue, "AY", ct))], [S(await ProposalAsync(db, tag, lezhi, "LZ", ct))]);
        var account = await db.Set<User>().Where(u => u.UserName == "lezhi.reporter").Select(u => u.Id).SingleAsync(ct);

        return new()
        {
            ["-"] = new([]),
            ["none"] = new([Missing, Missing, Missing, Missing]),
            ["project"] = projects,
            ["problem"] = problems,
            ["plan-entry"] = entries,
            ["plan-history"] = entries with { Query = "?year={1}&keyProjectId={2}" },
            ["progress"] = progress,
            ["progress-month"] = new(progress.Own[1..], progress.Other![1..]),
            ["progress-history"] = progress with { Query = "?projectId={1}&year={2}&month={3}" },
            ["stage-change"] = await Pair(db.Set<ProjectStageChange>().OrderBy(s => s.Id), s => [S(s.Id)]),
            ["goal"] = await Pair(db.Set<Goal>().OrderBy(g => g.Id), g => [S(g.Id)]),
            ["indicator"] = new([S(indicatorOwn)], [S(indicatorOther)]),
            ["indicator-target"] = await Pair(db.Set<IndicatorTarget>().OrderBy(t => t.Id), t => [S(t.Id)]),
            ["indicator-value"] = values,
            ["value-history"] = values with { Query = "?indicatorId={1}&unitId={2}&period={3}" },
            ["submission"] = await Pair(db.Set<ReviewSubmission>().OrderBy(s => s.Id), s => [S(s.Id)]),
            ["comment"] = await Pair(db.Set<ReviewComment>().OrderBy(c => c.Id), c => [S(c.Id)]),
            ["origin"] = new(["Problem", problems.Own[0]], ["Problem", problems.Other![0]]),
            ["supervision-item"] = new([S(ayItem.Id)], [S(lzItem.Id)]),
            ["case"] = new([ayItem.CaseNumber], [lzItem.CaseNumber]),
            ["feedback"] = await Pair(db.Set<SupervisionFeedback>().Where(f => f.SupervisionItemId == ayItem.Id || f.SupervisionItemId == lzItem.Id), f => [S(f.Id)]),
            ["extension"] = await Pair(db.Set<ExtensionRequest>().Where(e => e.SupervisionItemId == ayItem.Id || e.SupervisionItemId == lzItem.Id), e => [S(e.Id)]),
            ["photo"] = await Pair(db.Set<ProgressPhoto>().Where(p => p.Year == 2079), p => [S(p.Id)]),
            ["attachment"] = await Pair(db.Set<SupervisionAttachment>().Where(a => a.SupervisionItemId == ayItem.Id || a.SupervisionItemId == lzItem.Id), a => [S(a.SupervisionItemId), S(a.Id)]),
            ["unit"] = new([S(anyue.Id)], [S(lezhi.Id)]),
            ["admin-unit"] = new([S(anyue.Id)]),
            ["month"] = new([], Query: "?year=2023&month=11"),
            ["bad-month"] = new([], Query: "?year=2023&month=13"),
            ["year"] = new([], Query: "?year=2023"),
            ["period"] = new([], Query: "?from=2024-01-01&to=2024-03-31"),
            // Refused by the handler's check before anything is rendered: the PDF endpoints start Chromium.
            ["bad-period"] = new([], Query: "?from=2024-03-31&to=2024-01-01"),
            ["plan-year"] = new(["2023"]),
            ["window"] = new([S(await db.Set<ReportingWindow>().MinAsync(w => w.Id, ct))]),
            ["campaign"] = new([S(await db.Set<ReviewCampaign>().MinAsync(c => c.Id, ct))]),
            ["template"] = new([S(await db.Set<ReviewTemplate>().MinAsync(c => c.Id, ct))]),
            // The demo city has no review item: the address names none, so the allowed roles get 404.
            ["review-item"] = new([Missing]),
            ["meeting"] = new([S(meeting.Id)]),
            ["milestone"] = new([S(await db.Set<Milestone>().MinAsync(m => m.Id, ct))]),
            ["reader-document"] = new([S(reader.Id)]),
            ["proposal"] = new([S(reader.Proposals[0].Id)]),
            ["project-proposal"] = proposals,
            ["portal-review"] = new([S(await PortalReviewAsync(db, tag, ct))]),
            ["reader-origin"] = new([], Query: "?kind=Milestone&id=" + Missing),
            ["account"] = new([S(account)]),
            ["culture"] = new(["zh-CN"]),
            ["openapi"] = new(["v1"]),
        };
    }

    /// <summary>An item led by the county, no cooperating unit, with feedback, an extension request and an attachment.</summary>
    private static async Task<SupervisionItem> SupervisionAsync(BlueprintDb db, string tag, Unit unit, string suffix, CancellationToken ct)
    {
        var author = await db.Set<User>().Where(u => u.UnitId == unit.Id).Select(u => u.Id).FirstAsync(ct);
        var at = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var item = new SupervisionItem
        {
            CaseNumber = $"MX-{tag}-{suffix}",
            Title = $"权限矩阵测试事项 {tag} {suffix}",
            UnitId = unit.Id,
            Deadline = new DateOnly(2079, 6, 30),
            Cadence = FeedbackCadence.Monthly,
            Status = SupervisionStatus.InProgress,
            CreatedAtUtc = at,
        };
        db.Add(item);
        await db.SaveChangesAsync(ct);
        db.Add(new SupervisionFeedback { SupervisionItemId = item.Id, UnitId = unit.Id, AuthorId = author, Text = "矩阵测试反馈", CreatedAtUtc = at });
        db.Add(new ExtensionRequest { SupervisionItemId = item.Id, UnitId = unit.Id, RequestedDeadline = new DateOnly(2079, 9, 30), Reason = "矩阵测试", RequestedById = author });
        // A site photo of the unit's first project (year 2079, the matrix's own), for the photo routes.
        var project = await db.Set<KeyProject>().Where(p => p.UnitId == unit.Id).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(ct);
        db.Add(new ProgressPhoto
        {
            KeyProjectId = project,
            UnitId = unit.Id,
            Year = 2079,
            Month = 1,
            FileName = "matrix.jpg",
            ContentType = "image/jpeg",
            Content = [0xFF, 0xD8, 0xFF, 0xD9],
            Thumbnail = [0xFF, 0xD8, 0xFF, 0xD9],
            Size = 4,
            Flags = PhotoFlags.NoExif,
            UploadedById = author,
            UploadedAtUtc = at,
        });
        db.Add(new SupervisionAttachment
        {
            SupervisionItemId = item.Id,
            UnitId = unit.Id,
            FileName = "matrix.pdf",
            ContentType = "application/pdf",
            Content = "%PDF-1.4\n"u8.ToArray(),
            Size = 9,
            UploadedById = author,
            UploadedAtUtc = at,
        });
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>A milestone of the matrix's own (2079), proposed for the portal by the project office and waiting for review.</summary>
    private static async Task<int> PortalReviewAsync(BlueprintDb db, string tag, CancellationToken ct)
    {
        var milestone = new Milestone { Date = new DateOnly(2079, 6, 1), Title = $"权限矩阵测试大事记 {tag}" };
        db.Add(milestone);
        await db.SaveChangesAsync(ct);
        var proposer = await db.Set<User>().Where(u => u.UserName == "project.office").Select(u => u.Id).SingleAsync(ct);
        var review = new Blueprint.Web.Features.Portal.PortalReview
        {
            Kind = Blueprint.Web.Features.Portal.PublicKind.Milestone,
            RecordId = milestone.Id,
            ProposedById = proposer,
            ProposedAtUtc = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc),
        };
        db.Add(review);
        await db.SaveChangesAsync(ct);
        return review.Id;
    }

    /// <summary>A project the county has proposed (申报中), not yet in the library.</summary>
    private static async Task<int> ProposalAsync(BlueprintDb db, string tag, Unit unit, string suffix, CancellationToken ct)
    {
        var project = new KeyProject
        {
            Code = $"MXP-{tag}-{suffix}",
            Name = $"权限矩阵测试申报 {tag} {suffix}",
            UnitId = unit.Id,
            TotalInvestment = 100_000_000,
            LibraryStatus = LibraryStatus.Proposed,
        };
        db.Add(project);
        await db.SaveChangesAsync(ct);
        return project.Id;
    }

    private static async Task<ReaderDocumentDto> ReaderAsync(HttpClient office, string tag, CancellationToken ct)
    {
        var created = await office.PostAsJsonAsync("/api/reader/documents", new ReaderDocumentInput($"权限矩阵测试 {tag}", 2079, "2079年全市实施重点项目120个，完成投资500亿元。"), ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
        var document = (await created.Content.ReadFromJsonAsync<ReaderDocumentDto>(ct))!;
        Assert.NotEmpty(document.Proposals);
        return document;
    }
}
