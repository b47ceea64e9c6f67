using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Blueprint.Web.Infrastructure;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// A production-shaped deployment on loopback, as docs/deploy.md builds it: the product's own
/// executable started N times (each node its own process, port and memory), all on one
/// PostgreSQL database, behind Debian's nginx running the guide's site config
/// (deploy/nginx-blueprint.conf, HTTPS with a throwaway certificate) with the nodes as its
/// upstream. nginx's access log records which node served each request.
/// No xUnit here: the benchmark project links this file too (bench/Blueprint.Bench, `two-nodes`).
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string Nginx = "/usr/sbin/nginx";

    private readonly DirectoryInfo _dir;
    private readonly List<Node> _nodes = [];
    private Process? _nginx;

    private Cluster(DirectoryInfo dir) => _dir = dir;

    /// <summary>The proxy's HTTPS address, e.g. <c>https://127.0.0.1:40123</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>
    /// Migrates the (empty) database with the product's <c>migrate</c> command (or <c>seed-demo</c>,
    /// which migrates and loads the demo city, when <paramref name="seedDemo"/>), starts the nodes
    /// one after the other, then nginx in front of them. <paramref name="settings"/> are environment variables for every node.
    /// </summary>
    public static async Task<Cluster> StartAsync(string appFolder, string connectionString, int nodes,
        IReadOnlyDictionary<string, string>? settings = null, bool seedDemo = true, CancellationToken ct = default)
    {
        var cluster = new Cluster(Directory.CreateTempSubdirectory("blueprint-cluster-"));
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Blueprint"] = connectionString,
                ["Logging__LogLevel__Default"] = "Warning",
                // One audit key file for every node of the database (docs/deploy.md): seed-demo makes
                // it, the nodes read it. Each node anchors the chain in the same folder at start.
                ["Blueprint__Audit__KeyFile"] = Path.Combine(cluster._dir.FullName, "audit.keys"),
            };
            foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            {
                environment[name] = value;
            }

            // What the guide has an operator run before the first start (seed-demo migrates first).
            string[] prepare = seedDemo ? ["seed-demo"] : ["migrate"];
            var prepared = await RunAsync(appFolder, prepare, environment, ct);
            if (prepared.Exit != 0)
            {
                throw new InvalidOperationException($"{prepare[0]} exited with {prepared.Exit}:\n{prepared.Output}");
            }

            for (var i = 0; i < nodes; i++)
            {
                var node = Node.Start(appFolder, environment, FreePort());
                cluster._nodes.Add(node);
                await node.WaitReadyAsync(ct);
            }

            await cluster.StartNginxAsync(ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the proxy that keeps its cookies, as a browser would (the certificate is the test's own).</summary>
    public HttpClient Client(CookieContainer? cookies = null, bool allowRedirects = true) =>
        new(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = allowRedirects,
        })
        { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2), DefaultRequestHeaders = { { CrossSiteWrites.Header, CrossSiteWrites.Value } } };

    /// <summary>The upstream (node address) of every request nginx has logged so far, in order, with its status and request line.</summary>
    public IReadOnlyList<(string Upstream, int Status, string Request)> AccessLog() =>
        File.Exists(Path.Combine(_dir.FullName, "access.log"))
            ? File.ReadAllLines(Path.Combine(_dir.FullName, "access.log"))
                .Select(l => l.Split('\t'))
                .Where(p => p.Length == 3)
                .Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture), p[2]))
                .ToList()
            : [];

    private async Task StartNginxAsync(CancellationToken ct)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=blueprint.example.gov.cn", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var (crt, pem) = (Path.Combine(_dir.FullName, "blueprint.crt"), Path.Combine(_dir.FullName, "blueprint.key"));
        await File.WriteAllTextAsync(crt, certificate.ExportCertificatePem(), ct);
        await File.WriteAllTextAsync(pem, key.ExportPkcs8PrivateKeyPem(), ct);

        var (http, https) = (FreePort(), FreePort());
        var guide = await File.ReadAllTextAsync(GuideSiteConfig(), ct);
        var upstream = string.Concat(_nodes.Select(n => $"server 127.0.0.1:{n.Port};\n    "));
        var site = Replace(guide, "server 127.0.0.1:5000;", upstream.TrimEnd());
        site = Replace(site, "listen 80;", $"listen 127.0.0.1:{http};");
        site = Replace(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{https} ssl http2;");
        // The guide's $host drops the port, right on 443; here the port is not 443, and the app's redirects need it.
        site = Replace(site, "proxy_set_header   Host $host;", "proxy_set_header   Host $http_host;");
        site = Replace(site, "/etc/nginx/ssl/blueprint.crt", crt);
        site = Replace(site, "/etc/nginx/ssl/blueprint.key", pem);
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "blueprint.conf"), site, ct);
        var d = _dir.FullName;
        // The http block of Debian's nginx.conf, reduced to what the guide's file needs; one
        // process in the foreground (no daemon, no worker user), so the test owns and ends it.
        var main = Path.Combine(d, "nginx.conf");
        await File.WriteAllTextAsync(main, $$"""
            daemon off;
            master_process off;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log;
            events {}
            http {
                log_format upstream '$upstream_addr\t$status\t$request';
                access_log {{d}}/access.log upstream;
                client_body_temp_path {{d}}/body;
                proxy_temp_path {{d}}/proxy;
                fastcgi_temp_path {{d}}/fastcgi;
                uwsgi_temp_path {{d}}/uwsgi;
                scgi_temp_path {{d}}/scgi;
                include {{d}}/blueprint.conf;
            }
            """, ct);
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", d, "-c", main })
        {
            start.ArgumentList.Add(a);
        }

        _nginx = Process.Start(start)!;
        Address = new Uri($"https://127.0.0.1:{https}");
        using var probe = Client();
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(100, ct))
        {
            try
            {
                if ((await probe.GetAsync("/health/live", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(20) && !_nginx.HasExited)
            {
            }

            if (_nginx.HasExited || waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                var log = File.Exists(Path.Combine(d, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(d, "error.log"), ct) : "";
                throw new InvalidOperationException($"nginx did not answer: {log}");
            }
        }
    }

    private static string Replace(string text, string what, string with) =>
        text.Contains(what, StringComparison.Ordinal)
            ? text.Replace(what, with, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx-blueprint.conf no longer contains `{what}`");

    private static string GuideSiteConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "deploy", "nginx-blueprint.conf");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("deploy/nginx-blueprint.conf above " + AppContext.BaseDirectory);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string appFolder, string[] args, Dictionary<string, string> environment, CancellationToken ct)
    {
        var start = Node.StartInfo(appFolder, environment, args);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _dir.Delete(recursive: true);
    }

    /// <summary>One node: the product's executable in its own process.</summary>
    public sealed class Node : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Node(Process process, int port)
        {
            _process = process;
            Port = port;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Port { get; }

        public Uri Address => new($"http://127.0.0.1:{Port}");

        public int ProcessId => _process.Id;

        /// <summary>What the node has printed so far.</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>CPU time the node's process has used (user + system), from /proc.</summary>
        public TimeSpan CpuTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        internal static ProcessStartInfo StartInfo(string appFolder, Dictionary<string, string> environment, string[] args)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            start.ArgumentList.Add(Path.Combine(appFolder, "Blueprint.Web.dll"));
            foreach (var a in args.Concat(["--contentRoot", appFolder]))
            {
                start.ArgumentList.Add(a);
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            return start;
        }

        internal static Node Start(string appFolder, Dictionary<string, string> environment, int port) =>
            new(Process.Start(StartInfo(appFolder, environment, ["--urls", $"http://127.0.0.1:{port}"]))!, port);

        internal async Task WaitReadyAsync(CancellationToken ct)
        {
            using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
            // Generous for a loaded CI machine: the first node seeds the demo city.
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(3) && !_process.HasExited;)
            {
                try
                {
                    if ((await http.GetAsync("/health/ready", ct)).StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // One slow answer of a node still starting on a loaded machine: ask again.
                }

                await Task.Delay(250, ct);
            }

            throw new InvalidOperationException($"node on port {Port} is not ready ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "runs")}):\n{Output}");
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
