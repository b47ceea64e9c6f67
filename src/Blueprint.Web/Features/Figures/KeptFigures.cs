using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Memory;

namespace Blueprint.Web.Features.Figures;

/// <summary>
/// Which kept figures a write changes: those of <see cref="Kind"/> from a month on, of that
/// year only or of every later year too; with <see cref="FromTicks"/>, only the rows known at that
/// instant or later and those "as known now" (0: at every instant).
/// </summary>
public readonly record struct KeptChange(KeptKind Kind, int Year, int FromMonth, bool ThatYearOnly, long FromTicks = 0)
{
    /// <summary>Every kept figure of the kind (those of no month, year 0 and month 0, too).</summary>
    public static KeptChange All(KeptKind kind) => new(kind, 0, 0, ThatYearOnly: false);

    /// <summary>Every kept figure of the kind known at <paramref name="instantUtc"/> or later, and those known now (decision 0050).</summary>
    public static KeptChange From(KeptKind kind, DateTime instantUtc) => new(kind, 0, 0, ThatYearOnly: false, instantUtc.Ticks);
}

/// <summary>A kept row's key: the kind of figures, their month and the instant they are known at (null: as known now).</summary>
public readonly record struct KeptKey(KeptKind Kind, int Year, int Month, DateTime? KnownAtUtc);

/// <summary>
/// Figures of a closed (or running) month kept as data (decision 0041): the bulletin's groups,
/// the completion curve, the lagging projects and the indicator lights of the cockpit. A page
/// reads them with one indexed query; a write that changes what they are computed from marks
/// them changed as its transaction commits (the audit's commit step in <see cref="Audit.AuditInterceptor"/>,
/// which also takes the bulk inserts of <see cref="Audit.AuditAppender"/>), and the next reader
/// computes them again from history and stores them. Only readers who see every unit read or
/// store them: a scoped reader's figures are of fewer rows and computed as before.
/// </summary>
public static partial class KeptFigures
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private static readonly KeptKind[] ProjectKinds =
        [KeptKind.BulletinGroups, KeptKind.CompletionCurve, KeptKind.LaggingProjects, KeptKind.Funnel, KeptKind.ProjectsBySchedule, KeptKind.ProjectListFigures];

    /// <summary>Whether this reader's figures are the kept ones (a reader who sees every unit).</summary>
    public static bool Keeps(BlueprintDb db) => db.ScopeKind == ScopeFilterKind.All;

    private sealed record Row(long Id, long Changes, long KeptChanges, DateTime? ComputedAtUtc, string? Data);

    /// <summary>
    /// The app's memory of the figures last read from each kept row (<see cref="KeptFigureMemory"/>);
    /// none outside an app (design time), and then every read deserialises.
    /// </summary>
    private static MemoryCache? MemoryOf(BlueprintDb db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<KeptFigureMemory>()?.Values;

    /// <summary>A value read from a kept row, with the version of the row it was read from.</summary>
    private sealed record Remembered(long Id, long KeptChanges, DateTime? ComputedAtUtc, object Value);

    private static readonly MemoryCacheEntryOptions RememberFor = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    /// <summary>
    /// The figures of a month as known at an instant (null: as known now): kept ones when they are
    /// current, else <paramref name="compute"/>d and kept. Callers check <see cref="Keeps"/> first.
    /// </summary>
    public static async Task<T> GetAsync<T>(BlueprintDb db, KeptKind kind, int year, int month, DateTime? knownAtUtc,
        TimeProvider clock, Func<Task<T>> compute, CancellationToken ct) where T : class
    {
        var (kept, keep) = await TryGetAsync<T>(db, kind, year, month, knownAtUtc, clock, ct);
        if (kept is not null)
        {
            return kept;
        }

        var value = await compute();
        await keep(value);
        return value;
    }

    /// <summary>Kept figures if current (null when none are, or none kept): for a caller that computes several at once.</summary>
    public static async Task<(T? Value, Func<T, Task> Keep)> TryGetAsync<T>(BlueprintDb db, KeptKind kind, int year, int month, DateTime? knownAtUtc,
        TimeProvider clock, CancellationToken ct) where T : class
    {
        var key = KeyOf(knownAtUtc);
        var memory = MemoryOf(db);
        var memoryKey = (kind, year, month, key);
        Row? row;
        Remembered? known;
        if (Ahead.TryGetValue(db, out var ahead) && ahead.Remove(memoryKey, out var read))
        {
            // Read with the others of the page (ReadAheadAsync); the version asked for was the one remembered then.
            (row, known) = read;
            if (row is { Data: null } && row.KeptChanges == row.Changes && known?.ComputedAtUtc != row.ComputedAtUtc)
            {
                // Another store of the same count (two readers computed at once): read this one's data.
                row = await ReadAsync(db, kind, year, month, key, known: null, ct);
            }
        }
        else
        {
            known = memory?.Get<Remembered>(memoryKey);
            row = await ReadAsync(db, kind, year, month, key, known, ct);
        }

        if (row is not null && row.KeptChanges == row.Changes)
        {
            if (row.Data is null && known is { Value: T same } && known.Id == row.Id && known.KeptChanges == row.KeptChanges && known.ComputedAtUtc == row.ComputedAtUtc)
            {
                return (same, _ => Task.CompletedTask);
            }

            if (row.Data is { } data && JsonSerializer.Deserialize<T>(data, Json) is { } value)
            {
                memory?.Set(memoryKey, new Remembered(row.Id, row.KeptChanges, row.ComputedAtUtc, value), RememberFor);
                return (value, _ => Task.CompletedTask);
            }
        }

        row ??= await CreateAsync(db, kind, year, month, key, ct);
        return (null, value => StoreAsync(db, row, value, clock, ct));
    }

    /// <summary>The rows a page read ahead (<see cref="ReadAheadAsync"/>) and has not asked for yet, with the remembered version each was read against, per database context.</summary>
    private static readonly ConditionalWeakTable<BlueprintDb, Dictionary<(KeptKind, int, int, long), (Row? Row, Remembered? Known)>> Ahead = new();

    /// <summary>
    /// Reads the kept rows of several figures in one statement, for a page that asks for them one by
    /// one afterwards (the cockpit's eleven): each later <see cref="TryGetAsync{T}"/> (or
    /// <see cref="GetAsync{T}"/>) of one of these keys on this context takes its row from here once,
    /// instead of a statement of its own. As a single read, a row's data is read only when it is not the
    /// version remembered (<see cref="KeptFigureMemory"/>). A figure taken later is as current as when
    /// it was read: a write after that marks the row, and a store of figures computed from it is refused
    /// as before (its <see cref="KeptFigure.Changes"/> is the one read here). Disposing the result forgets
    /// the rows not asked for, so that none is taken later, older. Callers check <see cref="Keeps"/> first.
    /// </summary>
    public static async Task<IDisposable> ReadAheadAsync(BlueprintDb db, IEnumerable<KeptKey> keys, CancellationToken ct)
    {
        var forget = new ForgetAhead(db);
        var wanted = keys.Select(k => (k.Kind, k.Year, k.Month, KeyOf(k.KnownAtUtc))).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return forget;
        }

        var memory = MemoryOf(db);
        var known = wanted.ToDictionary(k => k, k => memory?.Get<Remembered>(k));
        var sql = new StringBuilder("""SELECT "Id", "Kind", "Year", "Month", "KnownAtTicks", "Changes", "KeptChanges", "ComputedAtUtc", """);
        var arguments = new List<object>();
        string Parameter(object value)
        {
            arguments.Add(value);
            return $"{{{arguments.Count - 1}}}";
        }

        // The data of a remembered version is not read (the instant it was computed at is compared when it is taken).
        var versions = known.Values.OfType<Remembered>().Select(r => $"""("Id" = {Parameter(r.Id)} AND "KeptChanges" = {Parameter(r.KeptChanges)})""").ToList();
        sql.Append(versions.Count == 0 ? "\"Data\"" : $"""CASE WHEN {string.Join(" OR ", versions)} THEN NULL ELSE "Data" END AS "Data" """)
            .Append(""" FROM "KeptFigure" WHERE """)
            .AppendJoin(" OR ", wanted.Select(k =>
                $"""("Kind" = {Parameter((int)k.Kind)} AND "Year" = {Parameter(k.Year)} AND "Month" = {Parameter(k.Month)} AND "KnownAtTicks" = {Parameter(k.Item4)})"""));
        var rows = await db.Database.SqlQuery<AheadRow>(FormattableStringFactory.Create(sql.ToString(), [.. arguments])).ToListAsync(ct);

        var read = rows.ToDictionary(r => ((KeptKind)r.Kind, r.Year, r.Month, r.KnownAtTicks));
        var stash = Ahead.GetOrCreateValue(db);
        foreach (var key in wanted)
        {
            stash[key] = (read.TryGetValue(key, out var r) ? new Row(r.Id, r.Changes, r.KeptChanges, r.ComputedAtUtc, r.Data) : null, known[key]);
        }

        return forget;
    }

    private sealed class ForgetAhead(BlueprintDb db) : IDisposable
    {
        public void Dispose() => Ahead.Remove(db);
    }

    /// <summary>A row as <see cref="ReadAheadAsync"/> reads it (its own statement, so its own type).</summary>
    private sealed class AheadRow
    {
        public long Id { get; set; }
        public int Kind { get; set; }
        public int Year { get; set; }
        public int Month { get; set; }
        public long KnownAtTicks { get; set; }
        public long Changes { get; set; }
        public long KeptChanges { get; set; }
        public DateTime? ComputedAtUtc { get; set; }
        public string? Data { get; set; }
    }

    private static long KeyOf(DateTime? knownAtUtc) => knownAtUtc is { } at ? Math.Max(1, at.Ticks) : KeptFigure.Now;

    /// <summary>The row; its data only when it is not the version <paramref name="known"/> (then null).</summary>
    private static Task<Row?> ReadAsync(BlueprintDb db, KeptKind kind, int year, int month, long key, Remembered? known, CancellationToken ct)
    {
        var (id, keptChanges, computedAt) = known is null ? (-1L, -2L, (DateTime?)null) : (known.Id, known.KeptChanges, known.ComputedAtUtc);
        return Read.For(db)(db, kind, year, month, key, id, keptChanges, computedAt, ct);
    }

    /// <summary><see cref="ReadAsync"/>'s statement, which every kept figure read runs: compiled once (<see cref="PerModel{TQuery}"/>).</summary>
    private static readonly PerModel<Func<BlueprintDb, KeptKind, int, int, long, long, long, DateTime?, CancellationToken, Task<Row?>>> Read = new(() =>
        EF.CompileAsyncQuery((BlueprintDb db, KeptKind kind, int year, int month, long key, long id, long keptChanges, DateTime? computedAt, CancellationToken ct) =>
            db.Set<KeptFigure>().AsNoTracking()
                .Where(k => k.Kind == kind && k.Year == year && k.Month == month && k.KnownAtTicks == key)
                .Select(k => new Row(k.Id, k.Changes, k.KeptChanges, k.ComputedAtUtc,
                    k.Id == id && k.KeptChanges == keptChanges && k.ComputedAtUtc == computedAt ? null : k.Data))
                .FirstOrDefault()));

    /// <summary>
    /// Makes the row under the audit chain's head lock, under which every write marks the figures it
    /// changes as its transaction commits (decision 0044): so a write either committed before the
    /// row existed (and the computation that follows sees it) or finds the row and marks it changed.
    /// The row is read under the same lock, which the pruning of kept rows takes before it deletes
    /// any (<see cref="KeptFigurePruning"/>, decision 0049): the row read is there, even if an old
    /// row of the key was found and is due to be pruned.
    /// </summary>
    private static async Task<Row> CreateAsync(BlueprintDb db, KeptKind kind, int year, int month, long key, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.Set<AuditChainHead>().Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.Count, h => h.Count), ct);
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "KeptFigure" ("Kind", "Year", "Month", "KnownAtTicks", "Changes", "KeptChanges") VALUES ({(int)kind}, {year}, {month}, {key}, {0L}, {-1L}) ON CONFLICT DO NOTHING""",
                ct);
            var row = await ReadAsync(db, kind, year, month, key, known: null, ct)
                ?? throw new InvalidOperationException($"Kept figure {kind} {year}-{month} was not created.");
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }

            return row;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Stores the figures only if nothing changed them since the row was read (a write meanwhile leaves them to the next reader).
    /// A row pruned since (decision 0049) takes nothing: the statement matches no row, and a row made again for the
    /// key has another id (ids are never reused: SQLite's AUTOINCREMENT, PostgreSQL's identity), so figures computed
    /// before it are never stored in it.
    /// </summary>
    private static async Task StoreAsync<T>(BlueprintDb db, Row row, T value, TimeProvider clock, CancellationToken ct)
    {
        var data = JsonSerializer.Serialize(value, Json);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<KeptFigure>().Where(k => k.Id == row.Id && k.Changes == row.Changes)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.Data, data).SetProperty(k => k.KeptChanges, row.Changes).SetProperty(k => k.ComputedAtUtc, now), ct);
    }
}

/// <summary>
/// The figures last read from each kept row, deserialised, by row key (kind, year, month, instant),
/// with the version they were stored under (row id, <see cref="KeptFigure.KeptChanges"/>, computed
/// at): while the row still holds that version its data is the same, so a read asks for the version
/// only and serves the value from here (decision 0041). The whole province's supervision ranking is
/// 700 KB of JSON, read for one unit's place in it. One per app (a singleton); the values are
/// records of read-only lists, shared between requests, and nobody changes them.
/// </summary>
public sealed class KeptFigureMemory : IDisposable
{
    /// <summary>At most this many rows' figures are remembered; past it a read is served from the row until the cache makes room.</summary>
    public const int Rows = 1024;

    internal MemoryCache Values { get; } = new(new MemoryCacheOptions { SizeLimit = Rows });

    public void Dispose() => Values.Dispose();
}
