using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Blueprint.Tests.Supervision;

/// <summary>
/// One application instance (a "web node") with its own fake clock, on a database that other
/// nodes may share. The job is not started by the host (Testing environment): tests tick it.
/// The job judges every item of its database, so these tests use a database of their own
/// rather than the shared demo apps, whose items other test classes are working on.
/// </summary>
public sealed class JobHost(DatabaseProvider provider, string connectionString, FakeTimeProvider clock) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = clock;

    /// <summary>A fresh database, migrated and seeded with the demo city through a first node.</summary>
    public static async Task<(TestDatabase Database, JobHost Node)> StartAsync(DatabaseProvider provider, DateTimeOffset now)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var node = new JobHost(provider, database.ConnectionString, new FakeTimeProvider(now));
        using var scope = node.SystemScope();
        await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>());
        await ActivatorUtilities.CreateInstance<DemoCitySeeder>(scope.ServiceProvider).SeedAsync();
        return (database, node);
    }

    /// <summary>Another node on the same database, with a clock of its own.</summary>
    public JobHost AnotherNode(DateTimeOffset now) => new(provider, connectionString, new FakeTimeProvider(now));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("ConnectionStrings:Blueprint", connectionString);
        builder.UseSetting("Database:SeedDemo", "false");
        builder.UseSetting("Database:CheckAtStartup", "false"); // the test migrates after the host is built
        builder.UseSetting("Database:ThreadSafetyChecks", "true"); // as in TestApp (decision 0053)
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        // the demo as its story tells it, whatever this node's clock says
        builder.UseSetting(DemoCalendar.TodayKey, DemoCalendar.StoryDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
    }

    public IServiceScope SystemScope()
    {
        var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
        return scope;
    }

    /// <summary>One tick of this node's job, as the background service runs it.</summary>
    public async Task<SupervisionTickResult?> TickAsync()
    {
        using var scope = SystemScope();
        return await scope.ServiceProvider.GetRequiredService<SupervisionJob>().TickAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>One tick of this node's reporting reminders (催报), as the background service runs it.</summary>
    public async Task<ReminderTickResult?> RemindersTickAsync()
    {
        using var scope = SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ReportingReminderJob>().TickAsync(TestContext.Current.CancellationToken);
    }

    public DateTime NowUtc => Clock.GetUtcNow().UtcDateTime;

    /// <summary>An HTTP client signed in with a demo account, on this node.</summary>
    /// <summary>Every client writes as the product's own pages do (the cross-site write check, issue 17).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(Blueprint.Web.Infrastructure.CrossSiteWrites.Header, Blueprint.Web.Infrastructure.CrossSiteWrites.Value);
    }

    public async Task<HttpClient> LoginAsync(string userName)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/login", new LoginInput(userName, DemoAccounts.Password), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Assigns a test item through the one assignment entry point, at this node's now.</summary>
    public async Task<int> AssignAsync(string caseNumber, string unitCode, DateOnly deadline, FeedbackCadence cadence)
    {
        using var scope = SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var unit = await db.Set<Unit>().SingleAsync(u => u.Code == unitCode);
        var item = new SupervisionItem { CaseNumber = caseNumber, Title = $"测试督办事项 {caseNumber}", UnitId = unit.Id, Deadline = deadline, OriginalDeadline = deadline, Cadence = cadence };
        await SupervisionAssignment.AssignAsync(db, item, null, NowUtc, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Blueprint.Web.SharedResource>>(), default);
        await db.SaveChangesAsync();
        return item.Id;
    }

    public async Task<List<Notification>> NotificationsAsync(string keyPrefix)
    {
        using var scope = SystemScope();
        return await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<Notification>().AsNoTracking()
            .Where(n => n.DedupKey != null && n.DedupKey.StartsWith(keyPrefix)).ToListAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<BlueprintDb, Task<T>> action)
    {
        using var scope = SystemScope();
        return await action(scope.ServiceProvider.GetRequiredService<BlueprintDb>());
    }
}
