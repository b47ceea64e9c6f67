using System.Globalization;
using System.Security.Cryptography;

namespace Blueprint.Web.Features.Audit;

/// <summary>One key of the ring: its id is stored in every record it signed.</summary>
public sealed record AuditKey(string Id, byte[] Secret, DateTime CreatedUtc);

/// <summary>
/// The keys that sign the audit chain (decision 0033). They live in a file outside the database
/// (<c>Blueprint:Audit:KeyFile</c>), one key a line, <c>id base64-secret created-utc</c>, the last
/// line being the key that signs now; older lines stay so that what they signed can still be
/// verified. The file is made (mode 0600) with one key at the first start that finds none. Every
/// node of one database must read the same file (docs/deploy.md). Someone who holds only the
/// database can neither sign a rewritten record nor an anchor (<see cref="AuditAnchors"/>).
/// </summary>
public sealed class AuditKeyRing
{
    public const string Section = "Blueprint:Audit";

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private List<AuditKey> _keys;

    /// <summary>The ring in <paramref name="keyFile"/> (made with one key if missing); anchors beside it unless <paramref name="anchorFile"/> is given.</summary>
    public AuditKeyRing(string keyFile, string? anchorFile, TimeProvider clock)
    {
        _clock = clock;
        File = Path.GetFullPath(keyFile);
        AnchorFile = anchorFile is { Length: > 0 } ? Path.GetFullPath(anchorFile) : Path.Combine(Path.GetDirectoryName(File)!, "audit-anchors.log");
        _keys = LoadOrCreate();
    }

    /// <summary>From <c>Blueprint:Audit:KeyFile</c> and <c>…:AnchorFile</c>, or the default folder.</summary>
    public static AuditKeyRing FromConfiguration(IConfiguration config, IHostEnvironment environment, TimeProvider clock) =>
        new(config[$"{Section}:KeyFile"] is { Length: > 0 } path ? path : DefaultFolder(environment, "audit.keys"), config[$"{Section}:AnchorFile"], clock);

    /// <summary>The key file's full path.</summary>
    public string File { get; }

    /// <summary>The append-only file of chain heads (<see cref="AuditAnchors"/>).</summary>
    public string AnchorFile { get; }

    /// <summary>The key that signs new records.</summary>
    public AuditKey Current
    {
        get
        {
            lock (_lock)
            {
                return _keys[^1];
            }
        }
    }

    public AuditKey? Find(string id)
    {
        lock (_lock)
        {
            return _keys.FirstOrDefault(k => k.Id == id) ?? Reload().FirstOrDefault(k => k.Id == id);
        }
    }

    /// <summary>
    /// Adds a new key that signs from now on (the <c>rotate-audit-key</c> command). Nodes that run
    /// read the file again when they meet a key id they do not know; restart them to sign with it.
    /// </summary>
    public AuditKey Rotate()
    {
        lock (_lock)
        {
            var key = NewKey();
            System.IO.File.AppendAllText(File, Line(key));
            _keys = Reload();
            return key;
        }
    }

    private List<AuditKey> Reload() => _keys = Parse(System.IO.File.ReadAllLines(File));

    private List<AuditKey> LoadOrCreate()
    {
        if (!System.IO.File.Exists(File))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            // Written whole under another name, then moved into place without overwriting: two
            // processes starting at once must neither both write a key nor read a half-written file.
            var temporary = $"{File}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(new FileStream(temporary, options)))
            {
                writer.Write(Line(NewKey()));
            }

            try
            {
                System.IO.File.Move(temporary, File, overwrite: false);
            }
            catch (IOException) when (System.IO.File.Exists(File))
            {
                // Another process made it first: use its key.
                System.IO.File.Delete(temporary);
            }
        }

        var keys = Parse(System.IO.File.ReadAllLines(File));
        return keys.Count > 0 ? keys : throw new InvalidOperationException($"The audit key file {File} holds no key.");
    }

    private AuditKey NewKey() =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), RandomNumberGenerator.GetBytes(32), _clock.GetUtcNow().UtcDateTime);

    private static string Line(AuditKey key) =>
        $"{key.Id} {Convert.ToBase64String(key.Secret)} {key.CreatedUtc.ToString("O", CultureInfo.InvariantCulture)}\n";

    private static List<AuditKey> Parse(string[] lines) =>
        [.. lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length >= 2)
            .Select(p => new AuditKey(p[0], Convert.FromBase64String(p[1]),
                p.Length > 2 ? DateTime.Parse(p[2], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : DateTime.MinValue))];

    /// <summary>
    /// Without a setting: a folder of the account that runs the product (like ASP.NET's own key
    /// folder), so that every process of that account on this machine shares it; production sets
    /// the path (deploy/blueprint.env).
    /// </summary>
    private static string DefaultFolder(IHostEnvironment environment, string name)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        var folder = string.IsNullOrEmpty(home) ? Path.Combine(environment.ContentRootPath, ".blueprint") : Path.Combine(home, "Blueprint");
        return Path.Combine(folder, name);
    }
}
