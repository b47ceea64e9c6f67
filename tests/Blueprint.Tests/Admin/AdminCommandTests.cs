using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Blueprint.Tests.Admin;

/// <summary>
/// The admin commands as an operator runs them: the real executable in its own process, on a
/// fresh database, checking exit codes and what they print.
/// </summary>
public sealed class AdminCommandTests
{
    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Migrate_seed_verify_tamper_backup_and_restore(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var backup = Path.Combine(Path.GetTempPath(), $"blueprint-backup-{Guid.NewGuid():N}.bak");
        try
        {
            var migrate = await RunAsync(database, "migrate");
            Assert.Equal(0, migrate.ExitCode);
            Assert.Contains("applied", migrate.Output, StringComparison.Ordinal);
            Assert.Contains("up to date", (await RunAsync(database, "migrate")).Output, StringComparison.Ordinal);

            var seed = await RunAsync(database, "seed-demo");
            Assert.Equal(0, seed.ExitCode);
            Assert.Contains("资阳", seed.Output, StringComparison.Ordinal);
            var again = await RunAsync(database, "seed-demo");
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains("already holds units", again.Output, StringComparison.Ordinal);

            Assert.Equal(0, (await RunAsync(database, "verify-audit")).ExitCode);

            // A site photo's bytes are in the backup (issue 21): every byte value, and more than a page.
            var photo = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7 % 256)).ToArray();
            var photoId = await AddPhotoAsync(database, photo);
            var backedUp = await RunAsync(database, "backup", backup);
            Assert.True(backedUp.ExitCode == 0, backedUp.Output);

            await ExecuteAsync(database, "UPDATE \"AuditRecord\" SET \"After\" = '{}' WHERE \"Id\" = 7");
            var broken = await RunAsync(database, "verify-audit");
            Assert.NotEqual(0, broken.ExitCode);
            Assert.Contains("record 7 was altered", broken.Output, StringComparison.Ordinal);

            await ExecuteAsync(database, $"UPDATE \"ProgressPhoto\" SET \"Content\" = \"Thumbnail\" WHERE \"Id\" = {photoId}");
            Assert.NotEqual(photo, await PhotoBytesAsync(database, photoId));

            var restored = await RunAsync(database, "restore", backup);
            Assert.True(restored.ExitCode == 0, restored.Output);
            Assert.Equal(photo, await PhotoBytesAsync(database, photoId));
            var verified = await RunAsync(database, "verify-audit");
            Assert.True(verified.ExitCode == 0, verified.Output);
            Assert.Contains("chain intact", verified.Output, StringComparison.Ordinal);

            var admin = await RunWithInputAsync(database, "Admin@12345\n", "create-admin", "first.admin", "SystemAdmin");
            Assert.True(admin.ExitCode == 0, admin.Output);
            Assert.DoesNotContain("Admin@12345", admin.Output, StringComparison.Ordinal);
            var weak = await RunWithInputAsync(database, "123\n", "create-admin", "weak.admin", "AuditAdmin");
            Assert.NotEqual(0, weak.ExitCode);

            // No password on standard input: one is generated, printed once, to be changed at first sign-in.
            var generated = await RunWithInputAsync(database, "", "create-admin", "audit.admin", "auditadmin", "ZY");
            Assert.True(generated.ExitCode == 0, generated.Output);
            Assert.Contains("(AuditAdmin)", generated.Output, StringComparison.Ordinal);
            Assert.Matches("initial password .*: [A-Za-z2-9]{12}", generated.Output);
            var business = await RunWithInputAsync(database, "", "create-admin", "not.admin", "Leader");
            Assert.NotEqual(0, business.ExitCode);
            Assert.Contains("the role must be one of", business.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(backup);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_a_backup()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var notABackup = Path.GetTempFileName();
        await File.WriteAllTextAsync(notABackup, "这不是备份文件", TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(0, (await RunAsync(database, "migrate")).ExitCode);
            var result = await RunAsync(database, "restore", notABackup);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("is not a SQLite backup", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notABackup);
        }
    }

    private static Task<AdminRun> RunAsync(TestDatabase database, params string[] args) => AdminProcess.RunAsync(database, args);

    private static Task<AdminRun> RunWithInputAsync(TestDatabase database, string input, params string[] args) => AdminProcess.RunAsync(database, input, args);

    private const string InsertPhoto = """
        INSERT INTO "ProgressPhoto" ("KeyProjectId", "UnitId", "Year", "Month", "FileName", "ContentType", "Size", "Content", "Thumbnail",
            "Width", "Height", "Flags", "UploadedById", "UploadedAtUtc")
        SELECT "Id", "UnitId", 2100, 1, 'backup.jpg', 'image/jpeg', @size, @content, @thumb, 1, 1, 1, 0, @at FROM "KeyProject" ORDER BY "Id" LIMIT 1
        """;

    private static async Task<int> AddPhotoAsync(TestDatabase database, byte[] content)
    {
        var ct = TestContext.Current.CancellationToken;
        byte[] thumb = [0xFF, 0xD8, 0xFF, 0xD9];
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new SqliteCommand(InsertPhoto + " RETURNING \"Id\"", connection);
            command.Parameters.AddWithValue("@size", content.LongLength);
            command.Parameters.AddWithValue("@content", content);
            command.Parameters.AddWithValue("@thumb", thumb);
            command.Parameters.AddWithValue("@at", "2100-01-15 02:00:00");
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var pg = new NpgsqlConnection(database.ConnectionString);
        await pg.OpenAsync(ct);
        await using var insert = new NpgsqlCommand(InsertPhoto + " RETURNING \"Id\"", pg);
        insert.Parameters.AddWithValue("size", content.LongLength);
        insert.Parameters.AddWithValue("content", content);
        insert.Parameters.AddWithValue("thumb", thumb);
        insert.Parameters.AddWithValue("at", new DateTime(2100, 1, 15, 2, 0, 0, DateTimeKind.Utc));
        return Convert.ToInt32(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<byte[]> PhotoBytesAsync(TestDatabase database, int id)
    {
        var ct = TestContext.Current.CancellationToken;
        var sql = $"SELECT \"Content\" FROM \"ProgressPhoto\" WHERE \"Id\" = {id}";
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new SqliteCommand(sql, connection);
            return (byte[])(await command.ExecuteScalarAsync(ct))!;
        }

        await using var pg = new NpgsqlConnection(database.ConnectionString);
        await pg.OpenAsync(ct);
        await using var select = new NpgsqlCommand(sql, pg);
        return (byte[])(await select.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new SqliteCommand(sql, connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }
        else
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }
    }
}
