using System.Diagnostics;
using Blueprint.Tests.Infrastructure;

namespace Blueprint.Tests.Admin;

/// <summary>What a run of the executable exited with and printed (standard output, then error).</summary>
internal sealed record AdminRun(int ExitCode, string Output);

/// <summary>
/// The real executable in its own process, as an operator runs it, on a given database. A run
/// that has not ended after two minutes is killed with its whole tree, so a command that
/// unexpectedly starts the server never outlives the test (it would hold port 5000).
/// </summary>
internal static class AdminProcess
{
    public static Task<AdminRun> RunAsync(TestDatabase database, params string[] args) => RunAsync(database, null, args);

    /// <summary>Runs the executable; <paramref name="input"/>, when given, is its whole standard input.</summary>
    public static async Task<AdminRun> RunAsync(TestDatabase database, string? input, string[] args, string logLevel = "Warning")
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Blueprint.Web.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Blueprint"] = database.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = logLevel;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Generous for a loaded CI machine; the kill only keeps a hung command (or a stray server on port 5000) from outliving the test.
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new AdminRun(process.ExitCode, await output + await errors);
    }
}
