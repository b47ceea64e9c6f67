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
/// migrated and empty, as a real city's first start.
/// </summary>
public sealed class BlueprintServer : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"blueprint-browser-{Guid.NewGuid():N}.db");
    private readonly bool _seedDemo;

    public BlueprintServer(bool seedDemo = true)
    {
        _seedDemo = seedDemo;
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
