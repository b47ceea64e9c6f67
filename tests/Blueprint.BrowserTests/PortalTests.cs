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
/// Publishing with a confidentiality review (decision 0026): the project office proposes a project
/// from its detail page, cannot approve it itself, the supervision office approves it on a phone
/// from the 待保密审查 list; an anonymous visitor then sees it on the public portal, and an
/// unpublished project's public address is a 404.
/// </summary>
public sealed class PortalTests(BrowserFixture browser, PortalServer server) : IClassFixture<BrowserFixture>, IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_project_is_public_after_a_second_office_member_approves_it_and_an_unpublished_one_is_404()
    {
        BrowserFixture.RequireChromium();
        server.Start();
        var office = await NewPageAsync();
        await SignInAsync(office, "/projects", "project.office");
        var links = office.Locator("#project-list tbody tr td:nth-child(2) a");
        await Assertions.Expect(links.First).ToBeVisibleAsync();
        var name = await links.Nth(0).InnerTextAsync();
        var hiddenHref = await links.Nth(1).GetAttributeAsync("href");
        await links.Nth(0).ClickAsync();
        await Assertions.Expect(office.Locator("#project-name")).ToContainTextAsync(name);
        var state = office.Locator("[data-publish^=Project] .tag");
        await Assertions.Expect(state).ToHaveTextAsync("未公开");
        await office.Locator("[id^=propose-project-]").ClickAsync();
        await office.Locator("[id^=publish-note-project-]").FillAsync("项目信息已在发改委网站公开，不涉密");
        await office.Locator("[id^=propose-submit-project-]").ClickAsync();
        await Assertions.Expect(state).ToHaveTextAsync("待保密审查");
        await Assertions.Expect(office.Locator("[id^=own-proposal-project-]")).ToBeVisibleAsync();

        // Proposed is not public yet.
        var visitor = await NewPageAsync();
        var violations = new List<string>();
        visitor.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        var portal = await visitor.GotoAsync("/public");
        await Assertions.Expect(visitor.Locator("#portal-project-table tbody tr")).ToHaveCountAsync(0);
        // The public site runs under the product's Content-Security-Policy too (issue 17), without a violation.
        Assert.Contains("script-src 'self';", await portal!.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
        Assert.Empty(violations);

        // The proposer finds it in the list but may not decide it.
        await office.GotoAsync("/portal/reviews");
        await office.Locator("#portal-review-list tbody tr a").First.ClickAsync();
        await Assertions.Expect(office.Locator("#portal-review-own")).ToBeVisibleAsync();
        Assert.Equal(0, await office.Locator("#action-Approve").CountAsync());

        // The supervision office reviews it on a phone.
        var reviewer = await NewPageAsync(375, 812);
        await SignInAsync(reviewer, "/portal/reviews", "supervision.office");
        var row = reviewer.Locator("#portal-review-list tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(name);
        await Assertions.Expect(reviewer.Locator("#portal-reviews-waiting")).ToContainTextAsync("1");
        await BrowserFixture.ScreenshotAsync(reviewer, "40-portal-reviews-375");
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(reviewer.Locator("#portal-review-note")).ToHaveTextAsync("项目信息已在发改委网站公开，不涉密");
        await reviewer.Locator("#action-Approve summary").ClickAsync();
        await BrowserFixture.ScreenshotAsync(reviewer, "41-portal-review-375");
        await reviewer.Locator("#submit-Approve").ClickAsync();
        await Assertions.Expect(reviewer.Locator("#action-message-Approve")).ToHaveTextAsync("请勾选确认后再提交。");
        await reviewer.Locator("#confirm-Approve").CheckAsync();
        await reviewer.Locator("#submit-Approve").ClickAsync();
        await Assertions.Expect(reviewer.Locator("#portal-review-done")).ToBeVisibleAsync();
        await Assertions.Expect(reviewer.Locator("#portal-review-status .tag")).ToHaveTextAsync("审查通过，已公开");
        await BrowserFixture.ScreenshotAsync(reviewer, "42-portal-review-approved-375");

        // A new visitor: the portal's pages may be cached for five minutes, so the first visitor's
        // browser would still show the page it saw before the approval.
        visitor = await NewPageAsync();
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

    private static async Task SignInAsync(IPage page, string path, string user)
    {
        await page.GotoAsync(path);
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<IPage> NewPageAsync(int width = 1440, int height = 900)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
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
