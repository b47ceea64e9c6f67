using System.Net;
using System.Net.Sockets;
using Blueprint.Web.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Blueprint.Web.Features.Admin;

/// <summary>
/// What stops the server from starting ends in one line an operator can act on, in Chinese and
/// English, and a non-zero exit, before anything is seeded: a busy port, a SQLite file that
/// cannot be opened, a PostgreSQL that cannot be reached, or one with pending migrations.
/// <c>Database:CheckAtStartup=false</c> skips the database checks (the tests start apps on
/// databases they migrate afterwards, or on none, to see how a running app meets an outage).
/// </summary>
public static class StartupChecks
{
    public static async Task<bool> PrepareToServeAsync(this WebApplication app)
    {
        if (BusyAddress(app) is { } busy)
        {
            return Fail($"端口已被占用：{busy}，请用 --urls 指定其他地址 / the address {busy} is already in use; choose another with --urls");
        }

        try
        {
            if (DatabaseSetup.Provider(app.Configuration) == DatabaseProvider.Postgres
                && app.Configuration.GetValue("Database:CheckAtStartup", true)
                && await PendingMigrationsAsync(app) is { Count: > 0 } pending)
            {
                return Fail($"数据库有 {pending.Count} 个待执行的迁移，请先运行 migrate 命令 / the database has {pending.Count} pending migration(s): run the migrate command first");
            }

            await app.PrepareDatabaseAsync();
            return true;
        }
        catch (SqliteException e)
        {
            var file = new SqliteConnectionStringBuilder(DatabaseSetup.ConnectionString(app.Configuration)).DataSource;
            return Fail($"无法打开 SQLite 数据库文件 {Path.GetFullPath(file)} / cannot open the SQLite database file {Path.GetFullPath(file)}: {e.Message}");
        }
        catch (Exception e) when (e is NpgsqlException || e.IsDatabaseUnavailable())
        {
            var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.ConnectionString(app.Configuration));
            return Fail($"无法连接 PostgreSQL {cs.Host}:{cs.Port}/{cs.Database} / cannot reach PostgreSQL at {cs.Host}:{cs.Port}/{cs.Database}: {(e.InnerException ?? e).Message}");
        }
    }

    /// <summary>Runs the server; a port taken between the check and the start still ends in one line.</summary>
    public static async Task<int> RunOrExplainAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Fail($"端口已被占用 / the address is already in use: {e.Message}");
            return 1;
        }
    }

    private static async Task<List<string>> PendingMigrationsAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return [.. await db.Database.GetPendingMigrationsAsync()];
    }

    /// <summary>
    /// The first configured address (--urls, ASPNETCORE_URLS, default http://localhost:5000)
    /// whose port another process holds. Only for Kestrel: a test server binds nothing.
    /// </summary>
    private static string? BusyAddress(WebApplication app)
    {
        if (app.Services.GetService<IServer>()?.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) != true)
        {
            return null;
        }

        var urls = app.Configuration["urls"] is { Length: > 0 } configured ? configured : "http://localhost:5000";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            var ip = address.Host switch
            {
                "localhost" => IPAddress.Loopback,
                "*" or "+" => IPAddress.Any,
                var host => IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null,
            };
            if (ip is null || address.Port == 0)
            {
                continue;
            }

            try
            {
                using var probe = new TcpListener(ip, address.Port);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
        }

        return null;
    }

    private static bool Fail(string line)
    {
        Console.Error.WriteLine("错误 / error: " + line);
        return false;
    }
}
