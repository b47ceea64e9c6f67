using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// What docs/deploy.md tells an operator to install is what runs: nginx accepts
/// deploy/nginx-blueprint.conf, and the ExecStart line of deploy/blueprint.service starts the
/// product from its install folder (here: this test's output folder, which holds the app) until
/// /health/ready answers.
/// </summary>
public sealed class DeployFilesTests
{
    private const string Nginx = "/usr/sbin/nginx";

    [Fact]
    public async Task Nginx_accepts_the_site_config_of_the_guide()
    {
        if (!File.Exists(Nginx))
        {
            Assert.SkipUnless(TestDatabase.IsCi, "nginx is not installed (apt install nginx); .ci/run installs it");
            Assert.Fail($"{Nginx} is missing on CI");
        }

        var dir = Directory.CreateTempSubdirectory("blueprint-nginx-");
        try
        {
            // A throwaway certificate where the guide puts the city's.
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=blueprint.example.gov.cn", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = TimeProvider.System.GetUtcNow();
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
            var (crt, pem) = (Path.Combine(dir.FullName, "blueprint.crt"), Path.Combine(dir.FullName, "blueprint.key"));
            await File.WriteAllTextAsync(crt, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(pem, key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

            var site = (await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "nginx-blueprint.conf"), TestContext.Current.CancellationToken))
                .Replace("/etc/nginx/ssl/blueprint.crt", crt, StringComparison.Ordinal)
                .Replace("/etc/nginx/ssl/blueprint.key", pem, StringComparison.Ordinal);
            Assert.Contains(crt, site, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "blueprint.conf"), site, TestContext.Current.CancellationToken);
            // The guide's file goes into conf.d, inside the http block of Debian's nginx.conf; this is that block, with nothing else.
            var main = Path.Combine(dir.FullName, "nginx.conf");
            await File.WriteAllTextAsync(main, $$"""
                pid {{dir.FullName}}/nginx.pid;
                error_log {{dir.FullName}}/error.log;
                events {}
                http {
                    access_log {{dir.FullName}}/access.log;
                    include {{dir.FullName}}/blueprint.conf;
                }
                """, TestContext.Current.CancellationToken);

            var (exit, output) = await RunAsync(Nginx, ["-t", "-p", dir.FullName, "-c", main]);
            Assert.True(exit == 0, $"nginx -t failed:\n{output}");
            Assert.Contains("test is successful", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_units_ExecStart_line_starts_the_product_until_it_is_ready()
    {
        var unit = await File.ReadAllLinesAsync(RepositoryFiles.Path("deploy", "blueprint.service"), TestContext.Current.CancellationToken);
        var words = Assert.Single(unit, l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/bin/dotnet", words[0]);
        var installed = AppContext.BaseDirectory.TrimEnd('/');
        var port = FreePort();
        var args = words[1..].Select(w => w.Replace("/opt/blueprint", installed, StringComparison.Ordinal)
            .Replace("http://127.0.0.1:5000", $"http://127.0.0.1:{port}", StringComparison.Ordinal)).ToList();
        Assert.Contains($"http://127.0.0.1:{port}", args);
        Assert.Contains(Path.Combine(installed, "Blueprint.Web.dll"), args);

        var database = Path.Combine(Path.GetTempPath(), $"blueprint-deploy-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // systemd starts it from WorkingDirectory; --contentRoot makes the folder it runs from irrelevant.
            WorkingDirectory = Path.GetTempPath(),
        };
        args.ForEach(start.ArgumentList.Add);
        foreach (var line in unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
        {
            var (name, value) = (line["Environment=".Length..].Split('=', 2)[0], line["Environment=".Length..].Split('=', 2)[1]);
            start.Environment[name] = value;
        }

        // The EnvironmentFile of a city names its PostgreSQL; here a SQLite file of its own, empty.
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Blueprint"] = $"Data Source={database}";
        start.Environment["Database__SeedDemo"] = "false";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var ready = HttpStatusCode.ServiceUnavailable;
            // Generous for a loaded CI machine: the first start migrates the empty database.
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited && ready != HttpStatusCode.OK;)
            {
                try
                {
                    ready = (await http.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500, TestContext.Current.CancellationToken);
                }
            }

            Assert.True(ready == HttpStatusCode.OK, $"/health/ready answered {ready}; the process {(process.HasExited ? $"exited with {process.ExitCode}" : "runs")}:\n{output}");

            // Kestrel itself (not the test server) says nothing about what it is (issue 17).
            var page = await http.GetAsync("/account/login", TestContext.Current.CancellationToken);
            Assert.Empty(page.Headers.Server);
            Assert.Contains("frame-ancestors 'none'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await errors);
    }
}
