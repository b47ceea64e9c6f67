using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Reports.Issues;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Tests.Reports;

/// <summary>
/// The 期号 of the official documents (decision 0031): a draft shows the next number of its kind
/// and year, issuing (印发) fixes it, the next period takes the next number, a re-download keeps
/// it, two issues at once never share one. The office's settings (版头, 主送, 抄送, signature)
/// are what the documents print. Supervision bulletins in 2114 (SQLite) / 2115 (PostgreSQL) on
/// the shared apps; the month documents and the settings in a private app (they are city-wide).
/// </summary>
public sealed partial class OfficialDocumentTests(Apps apps)
{
    /// <summary>A masthead for documents written without a database.</summary>
    public static readonly Masthead SampleHead = new(
        "测试市重点项目工作推进办公室", "测试市重点项目工作推进办公室", "各县（区）人民政府", "市委办公室，市政府办公室", 2095, 7, false, new DateOnly(2095, 4, 15));

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Supervision_bulletins_take_numbers_in_order_only_when_issued(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var year = provider == DatabaseProvider.Sqlite ? 2114 : 2115;
        var office = await app.LoginAsync("supervision.office");
        string Docx(int month) => $"/api/supervision-items/bulletin/docx?from={year}-{month:D2}-01&to={year}-{month:D2}-28";
        object Issue(int month) => new { kind = "SupervisionBulletin", from = $"{year}-{month:D2}-01", to = $"{year}-{month:D2}-28" };

        // Before anything is issued in the year, every period shows the same next number: a draft.
        var first = await NumberAsync(office, Docx(1), ct);
        Assert.Equal(first, await NumberAsync(office, Docx(2), ct));
        Assert.Equal(first, await NumberAsync(office, Docx(1), ct));

        var issued = await office.PostAsJsonAsync("/api/reports/issues", Issue(1), ct);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(first, (await issued.Content.ReadFromJsonAsync<DocumentIssueDto>(ct))!.Number);
        Assert.Equal(first, await NumberAsync(office, Docx(1), ct));
        Assert.Equal(first + 1, await NumberAsync(office, Docx(2), ct));

        // The next period: the next number; the first, issued again, keeps its number.
        Assert.Equal(first + 1, (await (await office.PostAsJsonAsync("/api/reports/issues", Issue(2), ct)).Content.ReadFromJsonAsync<DocumentIssueDto>(ct))!.Number);
        var again = await office.PostAsJsonAsync("/api/reports/issues", Issue(1), ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"第{first}期", await again.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(first, await NumberAsync(office, Docx(1), ct));

        // Two offices issuing at the same moment: two numbers, never one.
        var other = await app.LoginAsync("supervision.office");
        var both = await Task.WhenAll(office.PostAsJsonAsync("/api/reports/issues", Issue(3), ct), other.PostAsJsonAsync("/api/reports/issues", Issue(4), ct));
        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var numbers = await Task.WhenAll(both.Select(r => r.Content.ReadFromJsonAsync<DocumentIssueDto>(ct)));
        Assert.Equal([first + 2, first + 3], numbers.Select(n => n!.Number).Order());

        // Only the supervision office issues its bulletin; a reversed span is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("project.office")).PostAsJsonAsync("/api/reports/issues", Issue(5), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/reports/issues", new { kind = "SupervisionBulletin", from = $"{year}-05-28", to = $"{year}-05-01" }, ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Month_documents_are_numbered_per_kind_and_print_the_offices_settings(DatabaseProvider provider)
    {
        // A private app: the settings are the city's, and the demo's months must not be issued in the shared apps.
        await using var app = await TestApp.StartAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        const string Bulletin = "/api/bulletin/docx?year=2023&month=12", Brief = "/api/reports/brief/docx?year=2023&month=12";

        // The demo's settings, seeded for 资阳: the red 版头, 主送 and 抄送.
        var text = await TextAsync(office, Bulletin, ct);
        Assert.StartsWith("资阳市重点项目工作推进办公室第1期", text, StringComparison.Ordinal);
        Assert.Contains("各县（区）人民政府，市级有关部门，各园区管委会：", text, StringComparison.Ordinal);
        Assert.Contains("抄送：市委办公室，市人大常委会办公室，市政府办公室，市政协办公室。", text, StringComparison.Ordinal);
        Assert.Equal(1, await NumberAsync(office, Brief, ct));

        // Issuing the bulletin numbers the bulletin only; the brief keeps its own count.
        var issued = await office.PostAsJsonAsync("/api/reports/issues", new { kind = "ProjectBulletin", year = 2023, month = 12 }, ct);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(1, await NumberAsync(office, Bulletin, ct));
        Assert.Equal(2, await NumberAsync(office, "/api/bulletin/docx?year=2023&month=11", ct));
        Assert.Equal(1, await NumberAsync(office, Brief, ct));
        Assert.Equal(1, await NumberAsync(office, "/api/bulletin/docx?year=2024&month=1", ct));
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync("/api/reports/issues", new { kind = "ProjectBulletin", year = 2023, month = 11 }, ct)).StatusCode);
        Assert.Equal(2, await NumberAsync(office, "/api/bulletin/docx?year=2023&month=11", ct));

        // The leader reads but does not issue; the supervision office does not issue the project office's documents.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoginAsync("leader")).PostAsJsonAsync("/api/reports/issues", new { kind = "LeaderBrief", year = 2023, month = 12 }, ct)).StatusCode);
        var supervision = await app.LoginAsync("supervision.office");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervision.PostAsJsonAsync("/api/reports/issues", new { kind = "LeaderBrief", year = 2023, month = 12 }, ct)).StatusCode);

        // The office changes its settings; the next download prints them. A stale version is a conflict.
        var settings = (await office.GetFromJsonAsync<List<OfficeSettingsDto>>("/api/reports/settings", ct))!.Single(s => s.Office == "ProjectOffice");
        var input = new OfficeSettingsInput("某市重点项目办", "某市重点项目办公室", "各区县", "市委办公厅", settings.Version);
        Assert.Equal(HttpStatusCode.OK, (await office.PutAsJsonAsync("/api/reports/settings/ProjectOffice", input, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync("/api/reports/settings/ProjectOffice", input, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervision.PutAsJsonAsync("/api/reports/settings/ProjectOffice", input, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync("/api/reports/settings/ProjectOffice", input with { Authority = " ", Version = settings.Version + 1 }, ct)).StatusCode);
        text = await TextAsync(office, Brief, ct);
        Assert.StartsWith("某市重点项目办第1期某市重点项目办公室", text, StringComparison.Ordinal);
        Assert.Contains("各区县：", text, StringComparison.Ordinal);
        Assert.Contains("抄送：市委办公厅。", text, StringComparison.Ordinal);
        Assert.Matches("某市重点项目办公室\\d{4}年\\d{1,2}月\\d{1,2}日印发$", await TextAsync(office, Bulletin, ct));

        // The settings page shows each office its own settings, and the report page the 期号.
        var page = await office.GetStringAsync("/reports/settings", ct);
        Assert.Contains("某市重点项目办", page, StringComparison.Ordinal);
        Assert.DoesNotContain("资阳市委市政府督查室", page, StringComparison.Ordinal);
        Assert.Contains("资阳市委市政府督查室", await supervision.GetStringAsync("/reports/settings", ct), StringComparison.Ordinal);
        var report = await office.GetStringAsync("/reports/bulletin?year=2023&month=12", ct);
        Assert.Contains("data-issued=\"true\" data-number=\"1\"", report, StringComparison.Ordinal);
        Assert.Contains("期号将为第1期", report, StringComparison.Ordinal);
    }

    /// <summary>The paragraphs of a downloaded .docx, joined.</summary>
    internal static async Task<string> TextAsync(HttpClient client, string url, CancellationToken ct)
    {
        var response = await client.GetAsync(url, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), false);
        return string.Concat(doc.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText));
    }

    private static async Task<int> NumberAsync(HttpClient client, string url, CancellationToken ct) =>
        int.Parse(IssueNumber().Match(await TextAsync(client, url, ct)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("第(\\d+)期")]
    private static partial Regex IssueNumber();
}
