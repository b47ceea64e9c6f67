using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Admin;

namespace Blueprint.Tests.Admin;

/// <summary>
/// The executable as an operator starts it: admin commands are found wherever the options
/// stand, and a database the server cannot use ends in one line and a non-zero exit.
/// </summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData(new[] { "migrate" }, new[] { "migrate" })]
    [InlineData(new[] { "--urls", "http://x", "verify-audit" }, new[] { "verify-audit" })]
    [InlineData(new[] { "verify-audit", "--urls", "http://x" }, new[] { "verify-audit" })]
    [InlineData(new[] { "--environment=Production", "backup", "/tmp/a.bak" }, new[] { "backup", "/tmp/a.bak" })]
    [InlineData(new[] { "--urls", "http://x" }, new string[0])]
    public void Options_are_taken_out_of_the_command_line(string[] args, string[] words) =>
        Assert.Equal(words, AdminCommands.Words(args));

    [Fact]
    public void A_command_after_an_option_is_a_command_and_an_option_value_is_not()
    {
        Assert.True(AdminCommands.IsAdminCommand(["--urls", "http://x", "verify-audit"]));
        Assert.False(AdminCommands.IsAdminCommand(["--Database:Provider", "migrate"]));
        Assert.False(AdminCommands.IsAdminCommand([]));
    }

    [Fact]
    public async Task A_command_behind_options_runs_the_command_not_the_server()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var run = await RunAsync(database, "--urls", "http://127.0.0.1:1", "migrate");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("migrate: applied", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_on_an_unmigrated_postgres_stops_with_one_line_saying_run_migrate()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

        var run = await RunAsync(database, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("run the migrate command first", run.Output, StringComparison.Ordinal);
        Assert.Contains("待执行的迁移", run.Output, StringComparison.Ordinal);
    }

    private static Task<AdminRun> RunAsync(TestDatabase database, params string[] args) => AdminProcess.RunAsync(database, null, args, logLevel: "None");
}
