using System.Diagnostics;
using System.Text;

namespace Blueprint.Web.Features.Reports;

/// <summary>A printed PDF, or why there is none (a message for the log, not for the user).</summary>
public sealed record PdfOutcome(byte[]? Pdf, string? Failure);

/// <summary>
/// Prints an HTML page to PDF with the `chromium --headless --print-to-pdf` command line, run as
/// a child process (decision 0010): no browser driver ships inside the product, and a missing
/// Chromium costs only the PDF — the Word documents never need it.
/// </summary>
public static class ChromiumPdf
{
    public const string PathSetting = "Blueprint:Reports:ChromiumPath";
    public const string TimeoutSetting = "Blueprint:Reports:PdfTimeoutSeconds";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>
    /// The configured Chromium (null when that file is missing: a wrong setting must show, not
    /// silently fall back), else /usr/bin/chromium, else the first of the usual names on PATH.
    /// </summary>
    public static string? Locate(IConfiguration config)
    {
        var configured = config[PathSetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        if (File.Exists("/usr/bin/chromium"))
        {
            return "/usr/bin/chromium";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    public static TimeSpan Timeout(IConfiguration config) =>
        TimeSpan.FromSeconds(config.GetValue(TimeoutSetting, 60));

    /// <summary>
    /// Writes the page to a temp folder and prints it from there (file://: no server round trip
    /// and no sign-in for the browser), with a throwaway profile so concurrent prints never
    /// share a Chromium user-data-dir lock.
    /// </summary>
    public static async Task<PdfOutcome> PrintAsync(string chromium, string html, TimeSpan timeout, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("blueprint-pdf-");
        try
        {
            var page = Path.Combine(dir.FullName, "report.html");
            var pdf = Path.Combine(dir.FullName, "report.pdf");
            await File.WriteAllTextAsync(page, html, Encoding.UTF8, ct);

            var start = new ProcessStartInfo(chromium)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var arg in (string[])[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--no-pdf-header-footer",
                $"--user-data-dir={Path.Combine(dir.FullName, "profile")}", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri])
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {chromium}");
            // Drain both pipes: a chatty Chromium must never block on a full pipe.
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                return new PdfOutcome(null, $"Chromium did not finish within {timeout.TotalSeconds:0} s");
            }

            return process.ExitCode == 0 && File.Exists(pdf)
                ? new PdfOutcome(await File.ReadAllBytesAsync(pdf, ct), null)
                : new PdfOutcome(null, $"Chromium exited with {process.ExitCode}: {Tail(await stderr)}");
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A Chromium helper may still hold its profile for a moment; the OS temp cleaner gets it.
            }
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
