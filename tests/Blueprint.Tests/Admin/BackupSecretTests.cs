using Blueprint.Web.Features.Admin;
using Microsoft.Extensions.Configuration;

namespace Blueprint.Tests.Admin;

/// <summary>
/// pg_dump and pg_restore get the database password through the environment, never on their
/// command line, where every local user can read it (ps, /proc/*/cmdline; issue 17). The real
/// tools run with it in <see cref="AdminCommandTests"/> (backup and restore on PostgreSQL).
/// </summary>
public sealed class BackupSecretTests
{
    private const string Password = "S3cret-pässwörd=;'\"";

    [Theory]
    [InlineData("pg_dump")]
    [InlineData("pg_restore")]
    public void The_password_is_in_the_environment_and_not_in_the_arguments(string tool)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Blueprint"] = $"Host=db.example;Port=5433;Username=blueprint;Password='{Password.Replace("'", "''", StringComparison.Ordinal)}';Database=city",
        }).Build();

        var start = BackupRestore.PgTool(config, tool, "--format=custom", "--file=/tmp/backup.bak", "--dbname=city");

        Assert.DoesNotContain(start.ArgumentList, a => a.Contains("S3cret", StringComparison.Ordinal) || a.Contains("postgresql://", StringComparison.Ordinal));
        Assert.DoesNotContain("S3cret", start.Arguments, StringComparison.Ordinal);
        Assert.Equal(Password, start.Environment["PGPASSWORD"]);
        Assert.Equal("db.example", start.Environment["PGHOST"]);
        Assert.Equal("5433", start.Environment["PGPORT"]);
        Assert.Equal("blueprint", start.Environment["PGUSER"]);
        Assert.Equal("city", start.Environment["PGDATABASE"]);
        Assert.False(start.UseShellExecute);
    }
}
