using System.Diagnostics;
using System.Security.Claims;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Blueprint.Bench;

/// <summary>
/// Issue 14's bulk target: 1,000 approved monthly reports accepted in one call of the batch
/// step (`ProgressWorkflow.BatchAsync`, what `POST /api/progress-reports/batch` runs): load,
/// judge each against the rule table, stamp, notify submitter and approver, audit, one
/// transaction. A fresh migrated SQLite file; each run resets the reports to approved and times
/// one batch with a stopwatch in a fresh DbContext (a one-second operation: wall clock is the
/// honest measure).
/// </summary>
public static class BatchRun
{
    private const int Reports = 1_000;

    public static async Task RunAsync(int runs = 7)
    {
        var path = Path.Combine(Path.GetTempPath(), "blueprint-bench-batch.db");
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }

        var system = new CurrentUser(new HttpContextAccessor()).ActAsSystem();
        int officeId, unitId;
        await using (var db = Context(path, system))
        {
            await db.Database.MigrateAsync();
            var unit = new Unit { Name = "测试县", Code = "BENCH" };
            db.Add(unit);
            var role = new Role(Roles.ProjectOffice) { NormalizedName = Roles.ProjectOffice.ToUpperInvariant() };
            db.Add(role);
            User Person(string name) => new() { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, Unit = unit };
            var (reporter, leader, office) = (Person("reporter"), Person("leader"), Person("office"));
            db.AddRange(reporter, leader, office);
            await db.SaveChangesAsync();
            db.Add(new IdentityUserRole<int> { UserId = office.Id, RoleId = role.Id });
            var projects = Enumerable.Range(1, Reports).Select(i => new KeyProject { Code = $"B{i:D5}", Name = $"批量验收项目{i}", UnitId = unit.Id }).ToList();
            db.AddRange(projects);
            await db.SaveChangesAsync();
            db.AddRange(projects.Select(p => new ProgressReport
            {
                KeyProjectId = p.Id,
                UnitId = unit.Id,
                Year = 2026,
                Month = 3,
                InvestmentThisMonth = 1_000_000,
                InvestmentYearToDate = 3_000_000,
                InvestmentSinceStart = 9_000_000,
                Status = SubmissionStatus.Approved,
                SubmittedById = reporter.Id,
                ApprovedById = leader.Id,
            }));
            await db.SaveChangesAsync();
            (officeId, unitId) = (office.Id, unit.Id);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, officeId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, "office"),
            new Claim(ClaimTypes.Role, Roles.ProjectOffice),
            new Claim(CurrentUser.ScopeClaim, nameof(DataScope.All)),
            new Claim(CurrentUser.UnitClaim, unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CurrentUser.UnitPathClaim, $"/{unitId}/"),
        ], "bench"));
        var localizer = new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await using (var reset = Context(path, system))
            {
                await reset.Database.ExecuteSqlRawAsync("UPDATE \"ProgressReport\" SET \"Status\" = 2, \"AcceptedById\" = NULL, \"AcceptedAtUtc\" = NULL");
                await reset.Database.ExecuteSqlRawAsync("DELETE FROM \"Notification\"");
            }

            await using var db = Context(path, new CurrentUser(new HttpContextAccessor()).ActAs(principal));
            var items = await db.Set<ProgressReport>().AsNoTracking().Select(r => new BatchItem(r.Id, r.Version)).ToListAsync();
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var outcome = await new ProgressWorkflow(db, localizer, TimeProvider.System).BatchAsync(new BatchInput(SubmissionAction.Accept, items), CancellationToken.None);
            clock.Stop();
            var accepted = outcome.Value?.Count(r => r.Succeeded) ?? 0;
            Console.WriteLine($"run {run + 1}: {accepted:N0} accepted in {clock.Elapsed.TotalMilliseconds:N0} ms" + (outcome.Refused is { } r ? $" (refused: {r.MessageKey})" : ""));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"batch accept of {Reports:N0}: median {times[times.Count / 2]:N0} ms, min {times[0]:N0} ms, max {times[^1]:N0} ms over {runs} runs");
    }

    private static SqliteBlueprintDb Context(string path, CurrentUser user) =>
        new(new DbContextOptionsBuilder<SqliteBlueprintDb>().UseSqlite($"Data Source={path}")
            .AddInterceptors(new AuditInterceptor(TimeProvider.System, BenchAuditKey.Ring)).Options, user);
}
