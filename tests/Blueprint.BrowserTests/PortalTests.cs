using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Portal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Blueprint.BrowserTests;

/// <summary>
/// The office publishes a project from its detail page; an anonymous visitor sees it on the
/// public portal, and an unpublished project's public address is a 404.
/// </summary>
public sealed class PortalTests(BrowserFixture browser, PortalServer server) : IClassFixture<BrowserFixture>, IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_published_project_is_public_and_an_unpublished_one_is_404()
    {
        BrowserFixture.RequireChromium();
        server.Start();
        var office = await NewPageAsync();
        await office.GotoAsync("/projects");
        await office.FillAsync("#username", "project.office");
        await office.FillAsync("#password", DemoAccounts.Password);
        await office.ClickAsync("#login-submit");
        var links = office.Locator("#project-list tbody tr td:nth-child(2) a");
        await Assertions.Expect(links.First).ToBeVisibleAsync();
        var name = await links.Nth(0).InnerTextAsync();
        var hiddenHref = await links.Nth(1).GetAttributeAsync("href");
        await links.Nth(0).ClickAsync();
        await Assertions.Expect(office.Locator("#project-name")).ToContainTextAsync(name);
        var publish = office.Locator("[id^=publish-project-]");
        await Assertions.Expect(publish).ToHaveTextAsync("公开");
        await publish.ClickAsync();
        await Assertions.Expect(office.Locator("[data-publish^=Project] .tag")).ToHaveTextAsync("已公开");

        var visitor = await NewPageAsync();
        await visitor.GotoAsync("/public");
        await Assertions.Expect(visitor.Locator("#portal-project-table tbody tr")).ToHaveCountAsync(1);
        await visitor.Locator("#portal-project-table tbody tr a").ClickAsync();
        await Assertions.Expect(visitor.Locator("#portal-project-name")).ToHaveTextAsync(name);
        await Assertions.Expect(visitor.Locator("#portal-figures [data-figure=rate]")).ToContainTextAsync("%");
        Assert.Equal(0, await visitor.Locator(".sidenav, #logout").CountAsync());
        await BrowserFixture.ScreenshotAsync(visitor, "60-portal-project-zh");

        var hidden = await visitor.GotoAsync("/public/" + hiddenHref!.TrimStart('/'));
        Assert.Equal(404, hidden!.Status);
        await Assertions.Expect(visitor.Locator("#portal-not-found")).ToBeVisibleAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }
}

/// <summary>The demo city on its own Kestrel port with the portal switched on (it is off by default).</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"blueprint-portal-{Guid.NewGuid():N}.db");
    private bool _started;

    public PortalServer() => UseKestrel(0);

    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        if (_started)
        {
            return;
        }

        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        _started = true;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Blueprint", $"Data Source={_databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SeedDemo", "true");
        // the demo as its story tells it (2023, 2024), whatever the day the tests run
        builder.UseSetting(DemoCalendar.TodayKey, DemoCalendar.StoryDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting(PortalSite.EnabledKey, "true");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
