using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>
/// One server and one headless Chromium for the test class. The browser is the system's
/// Chromium (CI installs it); Playwright never downloads one.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(seedDemo: true)
    {
    }

    /// <summary>Without the demo: a server on a migrated, empty database (see <see cref="EmptyCityFixture"/>); or the demo seeded for today (see <see cref="LiveDemoFixture"/>); or with the public portal switched on (see <see cref="CrawlerFixture"/>).</summary>
    protected BrowserFixture(bool seedDemo, bool liveDemo = false, bool portal = false) => Server = new BlueprintServer(seedDemo, liveDemo, portal);

    public BlueprintServer Server { get; }

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public async ValueTask InitializeAsync()
    {
        if (!ChromiumInstalled)
        {
            // Each test decides between skip and failure (see RequireChromium).
            return;
        }

        Directory.CreateDirectory(ScreenshotDirectory);

        // CI runs both test assemblies at once on two cores: allow for a slow first render.
        Assertions.SetDefaultExpectTimeout(30_000);
        Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>On a developer machine without Chromium the browser tests skip; on CI that is a failure.</summary>
    public static void RequireChromium()
    {
        if (ChromiumInstalled)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"Chromium is not installed at {ChromiumPath}; the CI job must install it (apt-get install chromium fonts-noto-cjk).");
        }

        Assert.Skip($"Chromium is not installed at {ChromiumPath}; CI installs it");
    }

    /// <summary>A fresh browser context (own cookies) with the server as base URL.</summary>
    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        if (TestContext.Current.TestOutputHelper is { } output)
        {
            Watch(page, output);
        }

        return page;
    }

    /// <summary>
    /// What the browser did, written to the test's output (shown when the test fails): the main
    /// frame's navigations with their status, script errors, console errors and failed requests. A
    /// flake seen once in CI (a save that "settled somewhere else") can then be read from the log.
    /// </summary>
    private static void Watch(IPage page, ITestOutputHelper output)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Write(string line)
        {
            try
            {
                output.WriteLine($"[browser {clock.Elapsed.TotalSeconds:F1}s] {line}");
            }
            catch (InvalidOperationException)
            {
                // The test is over; the page outlived it.
            }
        }

        page.Response += (_, response) =>
        {
            if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame)
            {
                Write($"{response.Request.Method} {response.Url} -> {response.Status}");
            }
        };
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                Write($"at {frame.Url}");
            }
        };
        page.PageError += (_, error) => Write($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Write($"console {message.Type}: {message.Text}");
            }
        };
        page.RequestFailed += (_, request) => Write($"failed {request.Method} {request.Url}: {request.Failure}");
    }

    /// <summary>
    /// Signs a demo account in on the login page the page is on, and waits for the sign-in to land
    /// (the URL leaves the login page and the top bar shows 退出) rather than for a load event: on a
    /// loaded CI machine the redirect and the first render of the home page can take a while.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password = Blueprint.Web.Features.Demo.DemoAccounts.Password)
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        // No load event at all: WaitForURLAsync waits for one when the URL already matches, and under a loaded
        // CI that wait timed out twice (60 s, "NetworkIdle event fired"). The assertion polls the URL, and the
        // visible 退出 is the real sign.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Assertions.Expect(page.Locator("#logout")).ToBeVisibleAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
