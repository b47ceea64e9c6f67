using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Admin;

/// <summary>
/// Admin commands on the same executable: <c>dotnet run --project src/Blueprint.Web -- migrate</c>.
/// Each prints what it did and exits non-zero with a clear message on failure.
/// </summary>
public static class AdminCommands
{
    private static readonly string[] Names = ["migrate", "seed-demo", "create-admin", "backup", "restore", "verify-audit", "rotate-audit-key", "help"];

    /// <summary>True when the first word that is not an option (or an option's value) names a command.</summary>
    public static bool IsAdminCommand(string[] args) => Words(args) is [var first, ..] && Names.Contains(first);

    /// <summary>
    /// The command line without its options: <c>--urls http://x verify-audit</c> and
    /// <c>verify-audit --urls http://x</c> both give ["verify-audit"]. Options are
    /// <c>--key value</c> or <c>--key=value</c> (a file argument may start with '/', so '/key' is not an option here).
    /// </summary>
    public static string[] Words(string[] args)
    {
        var words = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                words.Add(args[i]);
            }
            else if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                i++;
            }
        }

        return [.. words];
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<CurrentUser>().ActAsSystem();
        var db = services.GetRequiredService<BlueprintDb>();
        var output = Console.Out;
        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(db, output) + await SealLegacyAuditAsync(app, db, output),
                "seed-demo" => await SeedDemoAsync(db, services, output),
                "create-admin" => await CreateAdminAsync(services, db, args, output),
                "backup" => await BackupAndAnchorAsync(app, db, Arg(args, 1, "backup <file>"), output),
                "restore" => await BackupRestore.RestoreAsync(app.Configuration, Arg(args, 1, "restore <file>"), output),
                "verify-audit" => await VerifyAuditAsync(db, output),
                "rotate-audit-key" => await RotateAuditKeyAsync(services, output),
                _ => Help(output),
            };
        }
        catch (AdminCommandException e)
        {
            await Console.Error.WriteLineAsync("错误 / error: " + e.Message);
            return 2;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"错误 / error: {args[0]} failed: {e.Message}");
            return 1;
        }
    }

    private static string Arg(string[] args, int index, string usage) =>
        args.Length > index ? args[index] : throw new AdminCommandException("usage: " + usage);

    private static async Task<int> MigrateAsync(BlueprintDb db, TextWriter output)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await DatabaseSetup.MigrateAsync(db);
        await output.WriteLineAsync(pending.Count == 0
            ? "migrate: the database is up to date."
            : $"migrate: applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(BlueprintDb db, IServiceProvider services, TextWriter output)
    {
        await DatabaseSetup.MigrateAsync(db);
        if (await db.Set<Unit>().AnyAsync())
        {
            throw new AdminCommandException("seed-demo: the database already holds units; the demo city is loaded only into an empty database.");
        }

        var seeder = ActivatorUtilities.CreateInstance<DemoCitySeeder>(services);
        var summary = await seeder.SeedAsync();
        await output.WriteLineAsync("seed-demo: " + summary);
        DemoAccounts.Print(output);
        return 0;
    }

    private const string CreateAdminUsage = "create-admin <user> <SystemAdmin|SecurityAdmin|AuditAdmin> [unit-code]  (password from standard input, or generated)";

    /// <summary>
    /// create-admin &lt;user&gt; &lt;role&gt; [unit code]: one of the three administrators, so a
    /// new install can set up 三员分立 from the command line. The password never stands on the
    /// command line (shell history, process list): it is read from standard input when that is
    /// redirected, otherwise generated, printed once, and must be changed at first sign-in.
    /// </summary>
    private static async Task<int> CreateAdminAsync(IServiceProvider services, BlueprintDb db, string[] args, TextWriter output)
    {
        var userName = Arg(args, 1, CreateAdminUsage);
        var role = Roles.Administrators.FirstOrDefault(r => string.Equals(r, Arg(args, 2, CreateAdminUsage), StringComparison.OrdinalIgnoreCase))
            ?? throw new AdminCommandException($"create-admin: the role must be one of {string.Join(", ", Roles.Administrators)} (usage: {CreateAdminUsage}).");
        var typed = Console.IsInputRedirected ? (await Console.In.ReadLineAsync())?.Trim() : null;
        var password = string.IsNullOrEmpty(typed) ? InitialPassword.New() : typed;
        var (_, unit) = await CreateAdministratorAsync(services, db, userName, role, args.Length > 3 ? args[3] : null, password, mustChangePassword: string.IsNullOrEmpty(typed));
        await output.WriteLineAsync($"create-admin: created {userName} ({role}) in {unit.Name}.");
        if (string.IsNullOrEmpty(typed))
        {
            await output.WriteLineAsync($"create-admin: initial password (shown once, to be changed at first sign-in / 初始密码仅显示一次，首次登录须修改): {password}");
        }

        return 0;
    }

    /// <summary>
    /// One of the three administrators in the given unit (by default the root; in an empty
    /// database a root "本级" is made first, to be renamed by the system administrator). What
    /// <c>create-admin</c> does, also for a host that starts a city from an empty database.
    /// </summary>
    public static async Task<(User User, Unit Unit)> CreateAdministratorAsync(
        IServiceProvider services, BlueprintDb db, string userName, string role, string? unitCode, string password, bool mustChangePassword)
    {
        var unit = unitCode is not null
            ? await db.Set<Unit>().SingleOrDefaultAsync(u => u.Code == unitCode) ?? throw new AdminCommandException($"create-admin: no unit with code {unitCode}.")
            : await db.Set<Unit>().OrderBy(u => u.Path.Length).ThenBy(u => u.Id).FirstOrDefaultAsync();
        if (unit is null)
        {
            unit = new Unit { Name = "本级", Code = "ROOT", Kind = UnitKind.City };
            db.Add(unit);
            await db.SaveChangesAsync();
            unit.Path = $"/{unit.Id}/";
            await db.SaveChangesAsync();
        }

        await AccountSeeding.EnsureRolesAsync(services.GetRequiredService<RoleManager<Role>>());
        var users = services.GetRequiredService<UserManager<User>>();
        var user = new User
        {
            UserName = userName,
            DisplayName = DisplayNames[role],
            UnitId = unit.Id,
            Scope = role == Roles.SecurityAdmin ? DataScope.OwnUnit : DataScope.All,
            MustChangePassword = mustChangePassword,
            CreatedAtUtc = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        result = result.Succeeded ? await users.AddToRoleAsync(user, role) : result;
        if (!result.Succeeded)
        {
            throw new AdminCommandException("create-admin: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        return (user, unit);
    }

    private static readonly Dictionary<string, string> DisplayNames = new()
    {
        [Roles.SystemAdmin] = "系统管理员",
        [Roles.SecurityAdmin] = "安全保密管理员",
        [Roles.AuditAdmin] = "安全审计员",
    };

    private static async Task<int> VerifyAuditAsync(BlueprintDb db, TextWriter output)
    {
        var result = await AuditVerifier.VerifyAsync(db);
        if (!result.IsValid)
        {
            throw new AdminCommandException("verify-audit: the audit chain is broken: " + result.Message);
        }

        await output.WriteLineAsync($"verify-audit: {result.Count} audit records, chain intact, {result.Anchors} anchor(s) matched.");
        return 0;
    }

    /// <summary>
    /// Records written before the audit keys (no key id) are sealed by an anchor of the chain as it
    /// stands, signed with the key (decision 0033): from then on they verify as legacy records.
    /// </summary>
    private static async Task<int> SealLegacyAuditAsync(WebApplication app, BlueprintDb db, TextWriter output)
    {
        if (!await db.Set<AuditRecord>().AnyAsync(r => r.KeyId == null))
        {
            return 0;
        }

        var anchor = await AuditAnchors.WriteAsync(db, app.Services.GetRequiredService<AuditKeyRing>(), app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Blueprint.Audit"), CancellationToken.None);
        await output.WriteLineAsync($"migrate: audit records written before the audit key sealed by an anchor at record {anchor?.Count}.");
        return 0;
    }

    /// <summary>The backup, then the chain's head anchored outside the database (decision 0033).</summary>
    private static async Task<int> BackupAndAnchorAsync(WebApplication app, BlueprintDb db, string file, TextWriter output)
    {
        var code = await BackupRestore.BackupAsync(app.Configuration, file, output);
        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        var anchor = await AuditAnchors.WriteAsync(db, keys, app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Blueprint.Audit"), CancellationToken.None);
        if (anchor is not null)
        {
            await output.WriteLineAsync($"backup: audit chain anchored in {keys.AnchorFile} at record {anchor.Count}.");
        }

        return code;
    }

    /// <summary>A new audit key signs from now on; the old ones stay in the file to verify what they signed.</summary>
    private static async Task<int> RotateAuditKeyAsync(IServiceProvider services, TextWriter output)
    {
        var keys = services.GetRequiredService<AuditKeyRing>();
        var key = keys.Rotate();
        await output.WriteLineAsync($"rotate-audit-key: key {key.Id} added to {keys.File}; copy the file to every node and restart them.");
        return 0;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("admin commands: migrate | seed-demo | create-admin <user> <role> [unit-code] | backup <file> | restore <file> | verify-audit | rotate-audit-key");
        return 0;
    }
}

public sealed class AdminCommandException(string message) : Exception(message);
