using Blueprint.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.BrowserTests;

/// <summary>
/// The real application on a real Kestrel port, with its own fresh SQLite file, so the demo
/// city is migrated and seeded at start exactly as `dotnet run` does it — or, without the demo,
/// migrated and empty, as a real city's first start. The demo is pinned to its story's day
/// (2023 and 2024, as the tests read it), or, with <c>liveDemo</c>, seeded for today as `dotnet run` does.
/// </summary>
public sealed class BlueprintServer : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"blueprint-browser-{Guid.NewGuid():N}.db");
    private readonly bool _seedDemo;
    private readonly bool _liveDemo;
    private readonly bool _portal;

    public BlueprintServer(bool seedDemo = true, bool liveDemo = false, bool portal = false)
    {
        _seedDemo = seedDemo;
        _liveDemo = liveDemo;
        _portal = portal;
        // Port 0: the operating system picks a free port, so parallel runs never collide.
        UseKestrel(0);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Blueprint", $"Data Source={_databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SeedDemo", _seedDemo ? "true" : "false");
        if (!_liveDemo)
        {
            // the demo as its story tells it (2023, 2024), whatever the day the tests run
            builder.UseSetting(DemoCalendar.TodayKey, DemoCalendar.StoryDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_portal)
        {
            builder.UseSetting(Blueprint.Web.Features.Portal.PortalSite.EnabledKey, "true");
        }

        // The port is chosen in code (UseKestrel(0)); saying so keeps the start-up port check off localhost:5000.
        builder.UseSetting("urls", "http://127.0.0.1:0");
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
