using System.Diagnostics;
using Blueprint.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Blueprint.Web.Features.Admin;

/// <summary>
/// backup/restore. SQLite uses its online backup API (consistent while the site runs);
/// PostgreSQL uses pg_dump/pg_restore in custom format, which must be on PATH.
/// </summary>
public static class BackupRestore
{
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    public static async Task<int> BackupAsync(IConfiguration config, string file, TextWriter output)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            throw new AdminCommandException($"backup: {target} already exists; choose a new file name.");
        }

        if (DatabaseSetup.Provider(config) == DatabaseProvider.Sqlite)
        {
            using var source = new SqliteConnection(DatabaseSetup.ConnectionString(config));
            using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            source.Open();
            source.BackupDatabase(destination);
        }
        else
        {
            await RunAsync(PgTool(config, "pg_dump", "--format=custom", "--no-owner", $"--file={target}"));
        }

        await output.WriteLineAsync($"backup: wrote {target} ({new FileInfo(target).Length:N0} bytes).");
        return 0;
    }

    public static async Task<int> RestoreAsync(IConfiguration config, string file, TextWriter output)
    {
        var source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            throw new AdminCommandException($"restore: {source} does not exist.");
        }

        if (DatabaseSetup.Provider(config) == DatabaseProvider.Sqlite)
        {
            var header = new byte[16];
            await using (var stream = File.OpenRead(source))
            {
                await stream.ReadExactlyAsync(header);
            }

            if (!header.SequenceEqual(SqliteMagic))
            {
                throw new AdminCommandException($"restore: {source} is not a SQLite backup made by `backup`.");
            }

            using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            using var to = new SqliteConnection(DatabaseSetup.ConnectionString(config));
            from.Open();
            from.BackupDatabase(to);
        }
        else
        {
            await RunAsync(PgTool(config, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", $"--dbname={PgDatabase(config)}", source));
        }

        await output.WriteLineAsync($"restore: the database now holds the contents of {source}. Run verify-audit to check the audit chain.");
        return 0;
    }

    /// <summary>
    /// pg_dump / pg_restore with the connection in the environment (PGHOST, PGPORT, PGUSER,
    /// PGDATABASE and PGPASSWORD), never on the command line: any local user can read another
    /// process's arguments (ps, /proc/*/cmdline), but not its environment (issue 17). The
    /// arguments are passed one by one, so no shell and no quoting is involved either.
    /// </summary>
    public static ProcessStartInfo PgTool(IConfiguration config, string tool, params string[] arguments)
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.ConnectionString(config));
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = b.Host ?? "localhost";
        start.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = b.Username ?? "";
        start.Environment["PGDATABASE"] = b.Database ?? ""; // pg_dump's database when none is named
        start.Environment["PGSSLMODE"] = b.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        if (!string.IsNullOrEmpty(b.Password))
        {
            start.Environment["PGPASSWORD"] = b.Password;
        }

        return start;
    }

    /// <summary>The database name alone (no user, no password): what the tools take as their target.</summary>
    private static string PgDatabase(IConfiguration config) =>
        new NpgsqlConnectionStringBuilder(DatabaseSetup.ConnectionString(config)).Database ?? "";

    private static async Task RunAsync(ProcessStartInfo start)
    {
        var tool = start.FileName;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AdminCommandException($"{tool} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new AdminCommandException($"{tool} is not installed or not on PATH; install the PostgreSQL client tools.");
        }

        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new AdminCommandException($"{tool} failed ({process.ExitCode}): {errors.Trim()}");
        }
    }
}
