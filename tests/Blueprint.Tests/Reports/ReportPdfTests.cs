using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Tests.Reports;

/// <summary>
/// The PDFs as Chromium prints them, read back with pdftotext (poppler-utils). Without Chromium
/// or pdftotext these tests skip on a developer machine and fail under CI=true: CI must never
/// pass by skipping them. The "no Chromium" path needs neither and always runs.
/// </summary>
public sealed partial class ReportPdfTests(Apps apps)
{
    private const string NoChromium = "本机未安装 Chromium，无法生成 PDF，请下载 Word 版";

    [Fact]
    public async Task The_monthly_bulletin_pdf_has_the_chinese_headings_and_the_apis_summary_figures()
    {
        RequireTools();
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");

        // Both read the demo city's December 2023 as known at the same instant.
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var query = $"year=2023&month=12&knownAtUtc={now:yyyy-MM-ddTHH:mm:ssZ}";
        var api = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?{query}", ct))!;
        var response = await office.GetAsync($"/api/reports/bulletin/pdf?{query}", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportsApi.PdfContentType, response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync(ct);
        var text = await PdfTextAsync(pdf);
        await KeepFirstPageAsync(pdf, "53-bulletin-pdf");

        // The 版头 and 版记 of the Word bulletin: the office's authority, the 期号, 主送, the 印发 line; the groups' labels.
        foreach (var heading in (string[])["资阳市重点项目工作推进办公室", "期", "各县（区）人民政府", "印发", "按项目类别", "按计划类型", "按单位"])
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }

        foreach (var heading in (string[])["重点项目推进情况通报", "一、总体情况", "二、重点项目推进情况汇总表", "合计", "基础设施"])
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }

        var all = api.All;
        Assert.True(all.Count > 0, "the demo city has a 2023 key list");
        Assert.Contains($"纳入年度计划的重点项目{all.Count}个", text, StringComparison.Ordinal);
        Assert.Contains($"年度计划投资{Figure.Yi(all.AnnualPlan, 2)}亿元", text, StringComparison.Ordinal);
        Assert.Contains($"累计完成投资{Figure.Yi(all.CompletedYearToDate, 2)}亿元", text, StringComparison.Ordinal);
        Assert.Contains($"年度投资完成率{all.CompletionRateText}", text, StringComparison.Ordinal);
        Assert.Contains($"序时进度{all.ElapsedScheduleText}", text, StringComparison.Ordinal);
        Assert.Contains($"开工率{Figure.Percent(all.StartRate)}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_brief_is_one_page_and_the_supervision_bulletin_prints_too()
    {
        RequireTools();
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        await ReportArrange.ArrangeAsync(app);
        var ct = TestContext.Current.CancellationToken;
        var leader = await app.LoginAsync("leader");

        var brief = await leader.GetAsync("/api/reports/brief/pdf?year=2068&month=6", ct);
        Assert.Equal(HttpStatusCode.OK, brief.StatusCode);
        var bytes = await brief.Content.ReadAsByteArrayAsync(ct);
        var text = await PdfTextAsync(bytes);
        Assert.Contains("领导简报", text, StringComparison.Ordinal);
        Assert.Contains("40.0%", text, StringComparison.Ordinal);
        Assert.Contains("报告测试督办A", text, StringComparison.Ordinal);
        Assert.Equal(1, await PagesAsync(bytes));
        await KeepFirstPageAsync(bytes, "54-brief-pdf");

        var supervision = await (await app.LoginAsync("supervision.office")).GetAsync("/api/reports/supervision-bulletin/pdf?from=2023-01-01&to=2023-12-31", ct);
        Assert.Equal(HttpStatusCode.OK, supervision.StatusCode);
        var supervisionPdf = await supervision.Content.ReadAsByteArrayAsync(ct);
        var supervisionText = await PdfTextAsync(supervisionPdf);
        Assert.Contains("督查通报", supervisionText, StringComparison.Ordinal);
        Assert.Contains("印发", supervisionText, StringComparison.Ordinal);
        await KeepFirstPageAsync(supervisionPdf, "55-supervision-pdf");
    }

    [Fact]
    public async Task Without_chromium_the_pdf_is_a_503_with_the_message_and_the_word_version_still_works()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        await using var noChromium = app.WithWebHostBuilder(b => b.UseSetting(ChromiumPdf.PathSetting, "/nonexistent/chromium"));
        var client = noChromium.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new LoginInput("project.office", DemoAccounts.Password), ct)).EnsureSuccessStatusCode();

        foreach (var url in (string[])["/api/reports/bulletin/pdf?year=2023&month=12", "/api/reports/brief/pdf?year=2023&month=12", "/api/reports/supervision-bulletin/pdf?from=2023-01-01&to=2023-12-31"])
        {
            var response = await client.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(NoChromium, (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ct))!.Title);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/bulletin/docx?year=2023&month=12", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reports/brief/docx?year=2023&month=12", ct)).StatusCode);

        // The page says so beside a disabled button instead of linking to the error.
        var page = await client.GetStringAsync("/reports/bulletin?year=2023&month=12", ct);
        Assert.Contains(NoChromium, page, StringComparison.Ordinal);
        Assert.DoesNotContain("api/reports/bulletin/pdf", page, StringComparison.Ordinal);
        Assert.Null(ChromiumPdf.Locate(new ConfigurationBuilder().AddInMemoryCollection([new(ChromiumPdf.PathSetting, "/nonexistent/chromium")]).Build()));
    }

    /// <summary>Skip on a developer machine without the tools; fail under CI=true (.ci/run installs chromium and poppler-utils).</summary>
    private static void RequireTools()
    {
        var missing = new List<string>();
        if (ChromiumPdf.Locate(new ConfigurationBuilder().Build()) is null)
        {
            missing.Add("chromium");
        }

        if (Tool("pdftotext") is null)
        {
            missing.Add("pdftotext (poppler-utils)");
        }

        if (missing.Count == 0)
        {
            return;
        }

        var reason = $"PDF tests need {string.Join(" and ", missing)}; .ci/run installs them.";
        if (TestDatabase.IsCi)
        {
            Assert.Fail("CI=true but " + reason);
        }

        Assert.Skip(reason);
    }

    private static string? Tool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>The PDF's text with all white space removed, so wrapped Chinese lines read as one.</summary>
    private static async Task<string> PdfTextAsync(byte[] pdf) => Space().Replace(await RunPdfToolAsync(pdf, "pdftotext", "-enc", "UTF-8"), "");

    /// <summary>Page 1 as a PNG beside the browser tests' screenshots, to look at as a user would (artifacts/screenshots).</summary>
    private static async Task KeepFirstPageAsync(byte[] pdf, string name)
    {
        var screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        var file = Path.Combine(Path.GetTempPath(), $"blueprint-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftoppm") { UseShellExecute = false };
            foreach (var arg in (string[])["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file, Path.Combine(screenshots, name)])
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            Assert.True(new FileInfo(Path.Combine(screenshots, name + ".png")).Length > 1_000, $"{name}.png is empty");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>pdftotext ends every page with a form feed.</summary>
    private static async Task<int> PagesAsync(byte[] pdf) => (await RunPdfToolAsync(pdf, "pdftotext", "-enc", "UTF-8")).Count(c => c == '\f');

    private static async Task<string> RunPdfToolAsync(byte[] pdf, string tool, params string[] args)
    {
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var file = Path.Combine(Path.GetTempPath(), $"blueprint-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args.Append(file).Append("-"))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"[ \t\r\n]+")]
    private static partial Regex Space();
}
