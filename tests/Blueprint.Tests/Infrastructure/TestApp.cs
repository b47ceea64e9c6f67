using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// The real application on one real database (a temp SQLite file or a fresh PostgreSQL
/// database), migrated and loaded with the demo city, exactly as the admin commands do it.
/// The demo is pinned to its story's day (<see cref="DemoCalendar.StoryDay"/>, <c>Demo:Today</c>),
/// so the tests read the conference's own figures (2023, 2024) whatever the day they run;
/// <see cref="StartOnAsync"/> gives the live demo of another day instead.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly FakeTimeProvider? _clock;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    private TestApp(TestDatabase database, bool ownsDatabase = true, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null) =>
        (_database, _ownsDatabase, _clock, _settings) = (database, ownsDatabase, clock, settings);

    /// <summary>
    /// A second web node on this app's database (its own process state, the same data), optionally
    /// with settings of its own (e.g. a product default the Testing environment turns off);
    /// disposing it keeps the database.
    /// </summary>
    public TestApp AnotherNode(IReadOnlyDictionary<string, string>? settings = null) => new(_database, ownsDatabase: false, _clock, settings);

    public DatabaseProvider Provider => _database.Provider;

    /// <summary>The app's clock when it runs on a day of its own (<see cref="StartOnAsync"/>), else null (the real clock).</summary>
    public FakeTimeProvider? Clock => _clock;

    public static Task<TestApp> StartAsync(DatabaseProvider provider) => StartAsync(provider, clock: null);

    /// <summary>
    /// A private app whose clock stands at 10:00 in the city on <paramref name="today"/>, seeded
    /// with the live demo of that day (no <c>Demo:Today</c>: the seeder takes the clock's day).
    /// </summary>
    public static Task<TestApp> StartOnAsync(DatabaseProvider provider, DateOnly today) =>
        StartAsync(provider, new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero)));

    private static async Task<TestApp> StartAsync(DatabaseProvider provider, FakeTimeProvider? clock)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var app = new TestApp(database, clock: clock);
        using var scope = app.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await DatabaseSetup.MigrateAsync(db);
        await ActivatorUtilities.CreateInstance<DemoCitySeeder>(scope.ServiceProvider).SeedAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Blueprint", _database.ConnectionString);
        builder.UseSetting("Database:SeedDemo", "false");
        // EF's check that no context is used by two operations at once: off in production (decision 0053), on here, where every query path runs.
        builder.UseSetting("Database:ThreadSafetyChecks", "true");
        builder.UseSetting("Database:CheckAtStartup", "false"); // migrated by StartAsync, after the host is built
        // Test classes run in parallel and import as the same demo accounts: the import gate
        // (one per account, two per server) is tested by ImportLimitTests with the product's defaults.
        builder.UseSetting("Uploads:MaxImportsPerAccount", "1000");
        builder.UseSetting("Uploads:MaxConcurrentImports", "1000");
        if (_clock is null)
        {
            builder.UseSetting(DemoCalendar.TodayKey, DemoCalendar.StoryDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
        }

        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None)
            .AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None)
            .AddFilter(OutcomeLog.Category, LogLevel.Warning)); // one line per refused request: thousands in a test run
    }

    /// <summary>
    /// Every client of the app speaks as the product's own scripts do: with the header that a
    /// cross-site page cannot send (<see cref="CrossSiteWrites"/>). A test of the refusal removes it.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(CrossSiteWrites.Header, CrossSiteWrites.Value);
    }

    /// <summary>A DI scope acting with full rights, for arranging and inspecting data.</summary>
    public IServiceScope SystemScope()
    {
        var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        return scope;
    }

    /// <summary>A DI scope acting as the given user, exactly as a signed-in request would.</summary>
    public async Task<IServiceScope> UserScopeAsync(string userName)
    {
        // The principal is built in a scope of its own: a database context keeps the model of
        // the scope it was first used with (decision 0038), and Identity's lookups come first.
        ClaimsPrincipal principal;
        using (var lookup = Services.CreateScope())
        {
            var users = lookup.ServiceProvider.GetRequiredService<UserManager<User>>();
            var factory = lookup.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<User>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no user {userName}");
            principal = await factory.CreateAsync(user);
        }

        var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(principal);
        return scope;
    }

    /// <summary>An HTTP client signed in through the API with a demo account.</summary>
    public async Task<HttpClient> LoginAsync(string userName, string password = DemoAccounts.Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, password), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
