using BenchmarkDotNet.Attributes;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Bench;

/// <summary>
/// The bulletin summary table at province scale on SQLite (issue 3): every filter through
/// <see cref="Bulletin.ComputeAsync"/>, against the same aggregation as one hand-written SQL
/// query on the same connection. Target: under 50 ms median, within 2× of the raw query.
/// </summary>
[MemoryDiagnoser]
public class BulletinBenchmarks
{
    private static readonly DateTime KnownAt = new(2026, 1, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Before the mid-year adjustments of 1 July 2025: the plan is read from its revisions.</summary>
    private static readonly DateTime BeforeAdjustment = new(2025, 6, 30, 0, 0, 0, DateTimeKind.Utc);

    private BlueprintDb _db = null!;
    private SqliteConnection _connection = null!;

    [Params(6, 12)]
    public int Month { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await ProvinceData.EnsureAsync(ProvinceData.DefaultPath);
        _db = ProvinceData.Open(ProvinceData.DefaultPath);
        await _db.Database.OpenConnectionAsync();
        _connection = (SqliteConnection)_db.Database.GetDbConnection();
        await PlanAdjustments.EnsureAsync(_connection);
        await AllAsync();
        await AsKnownBeforeAdjustment(); // warm EF's query cache: the benchmark measures steady state, as a server sees it
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _db.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<long> RawSql() => RawSqlQuery.RunAsync(_connection, 2025, Month, KnownAt);

    [Benchmark]
    public async Task<long> AllAsync() =>
        (await Bulletin.ComputeAsync(_db, new BulletinQuery(2025, Month, KnownAt), TimeProvider.System)).All.Figures.Totals.CompletedYearToDate;

    [Benchmark]
    public async Task<long> OneCategory() =>
        (await Bulletin.ComputeAsync(_db, new BulletinQuery(2025, Month, KnownAt, Category: ProjectCategory.Industry), TimeProvider.System)).All.Figures.Totals.CompletedYearToDate;

    [Benchmark]
    public async Task<long> OneUnit() =>
        (await Bulletin.ComputeAsync(_db, new BulletinQuery(2025, Month, KnownAt, UnitId: 17), TimeProvider.System)).All.Figures.Totals.CompletedYearToDate;

    [Benchmark]
    public async Task<long> PlannedStarts() =>
        (await Bulletin.ComputeAsync(_db, new BulletinQuery(2025, Month, KnownAt, PlanType: PlanType.PlannedStart), TimeProvider.System)).All.Figures.Totals.CompletedYearToDate;

    [Benchmark]
    public Task<long> RawSqlBeforeAdjustment() => RawSqlQuery.RunAsync(_connection, 2025, Month, BeforeAdjustment, planAsKnown: true);

    [Benchmark]
    public async Task<long> AsKnownBeforeAdjustment() =>
        (await Bulletin.ComputeAsync(_db, new BulletinQuery(2025, Month, BeforeAdjustment), TimeProvider.System)).All.Figures.Totals.CompletedYearToDate;
}
