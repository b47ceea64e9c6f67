using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// Health for the load balancer, and what a running app does while its database is away:
/// 503 with Retry-After and words a person understands, never a 500.
/// </summary>
public sealed class HealthTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Live_and_ready_answer_200_on_a_migrated_database(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
        var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task An_unreachable_postgres_gives_503_with_retry_after_and_not_ready()
    {
        await using var app = new UnreachablePostgres();
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready", ct)).StatusCode);

        var login = await client.PostAsJsonAsync("/api/auth/login", new LoginInput("leader", "x"), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.NotNull(login.Headers.RetryAfter);
        Assert.Equal("application/problem+json", login.Content.Headers.ContentType?.MediaType);
        Assert.Contains("数据库暂时无法访问", await login.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    /// <summary>The app on a PostgreSQL port nothing listens on, started as if the database went away afterwards.</summary>
    private sealed class UnreachablePostgres : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Blueprint", $"Host=127.0.0.1;Port={ClosedPort()};Database=blueprint;Username=x;Password=x;Timeout=3");
            builder.UseSetting("Database:CheckAtStartup", "false");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.None));
        }

        private static int ClosedPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
