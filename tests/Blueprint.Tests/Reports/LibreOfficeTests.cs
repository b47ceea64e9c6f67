using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reports;

namespace Blueprint.Tests.Reports;

/// <summary>
/// A real client reads the files: LibreOffice (Debian's libreoffice-writer-nogui and
/// libreoffice-calc-nogui) converts the three official documents and the bulletin's xlsx to PDF
/// headless, and pdftotext finds the key figures in reading order (title, 第N期, a figure of the
/// summary table, 抄送). The first page of each PDF is kept as a PNG (screenshots 90–93) to look
/// at. Skips without soffice on a developer machine, fails under CI=true (.ci/run installs it).
/// </summary>
public sealed partial class LibreOfficeTests(Apps apps)
{
    /// <summary>soffice runs one conversion at a time: two at once on one profile fail, and the machine has two cores.</summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static readonly string[] Tools = ["soffice", "pdftotext", "pdftoppm"];

    [Fact]
    public async Task LibreOffice_opens_each_official_document_and_the_xlsx_and_the_figures_read_in_order()
    {
        RequireTools();
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var office = await app.LoginAsync("project.office");
        var now = TimeProvider.System.GetUtcNow();
        var query = $"year=2023&month=12&knownAtUtc={now:yyyy-MM-ddTHH:mm:ssZ}";
        var api = (await office.GetFromJsonAsync<BulletinDto>($"/api/bulletin?{query}", ct))!;
        var brief = (await (await app.LoginAsync("leader")).GetFromJsonAsync<LeaderBriefText>("/api/reports/brief?year=2023&month=12", ct))!;

        // The project bulletin: 版头, title, the summary table's 合计 row, 抄送 at the end.
        var bulletin = await PdfTextAsync(office, $"/api/bulletin/docx?{query}", "docx", "90-bulletin-docx", ct);
        InOrder(bulletin, "资阳市重点项目工作推进办公室", "第", "期", "重点项目推进情况通报", "各县（区）人民政府", "一、总体情况",
            "合计", Figure.Yi(api.All.AnnualPlan, 2), api.All.CompletionRateText, "按项目类别", "按单位", "抄送：", "印发");
        Assert.Matches("— ?1 ?—", bulletin);

        var briefText = await PdfTextAsync(office, "/api/reports/brief/docx?year=2023&month=12", "docx", "91-brief-docx", ct);
        InOrder(briefText, "资阳市重点项目工作推进办公室", "期", "领导简报", "年度投资完成率", brief.Figures[0].Value, "一、重点项目", "抄送：", "印发");

        var supervision = await PdfTextAsync(await app.LoginAsync("supervision.office"), "/api/supervision-items/bulletin/docx?from=2023-01-01&to=2023-12-31", "docx", "92-supervision-docx", ct);
        InOrder(supervision, "资阳市委市政府督查室", "期", "督查通报", "一、总体情况", "二、各单位办理情况", "抄送：", "印发");

        // The summary table as xlsx, opened by Calc: headers, then the 合计 row and its plan in 亿元.
        var xlsx = await PdfTextAsync(office, $"/api/bulletin/xlsx?{query}", "xlsx", "93-bulletin-xlsx", ct);
        InOrder(xlsx, "年度计划投资", "合计", Figure.Yi(api.All.AnnualPlan, 2).TrimEnd('0').TrimEnd('.'));
    }

    /// <summary>Each text after the one before it, in the PDF's reading order (white space removed).</summary>
    private static void InOrder(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"「{part}」 not found after position {at} in:\n{text}");
            at = found + part.Length;
        }
    }

    /// <summary>Downloads a file, converts it with soffice, keeps page 1 as a PNG and returns the PDF's text without white space.</summary>
    private static async Task<string> PdfTextAsync(HttpClient client, string url, string extension, string screenshot, CancellationToken ct)
    {
        var response = await client.GetAsync(url, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dir = Directory.CreateTempSubdirectory("blueprint-lo-");
        try
        {
            var file = Path.Combine(dir.FullName, $"{screenshot}.{extension}");
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync(ct), ct);
            await OneAtATime.WaitAsync(ct);
            try
            {
                // A private profile per run: soffice refuses to start on a profile another instance holds.
                var profile = new Uri(Path.Combine(dir.FullName, "profile")).AbsoluteUri;
                await RunAsync(Tool("soffice")!, TimeSpan.FromMinutes(3), $"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", dir.FullName, file);
            }
            finally
            {
                OneAtATime.Release();
            }

            var pdf = Path.ChangeExtension(file, ".pdf");
            Assert.True(File.Exists(pdf), $"soffice wrote no PDF for {url}");
            var screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(screenshots);
            await RunAsync("pdftoppm", TimeSpan.FromMinutes(1), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(screenshots, screenshot));
            var text = await RunAsync("pdftotext", TimeSpan.FromMinutes(1), "-layout", "-enc", "UTF-8", pdf, "-");
            return Space().Replace(text, "");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string tool, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} took longer than {limit}");
        }

        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await error}");
        return await output;
    }

    /// <summary>Skip on a developer machine without the tools; fail under CI=true (.ci/run installs them).</summary>
    private static void RequireTools()
    {
        string[] missing = [.. Tools.Where(t => Tool(t) is null)];
        if (missing.Length == 0)
        {
            return;
        }

        var reason = $"LibreOffice tests need {string.Join(", ", missing)} (libreoffice-writer-nogui, libreoffice-calc-nogui, poppler-utils); .ci/run installs them.";
        if (TestDatabase.IsCi)
        {
            Assert.Fail("CI=true but " + reason);
        }

        Assert.Skip(reason);
    }

    private static string? Tool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
