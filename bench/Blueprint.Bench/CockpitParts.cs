using System.Diagnostics;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Bench;

/// <summary>
/// `-- cockpit-parts`: each module the cockpit composes, timed on its own against the province
/// data (December 2025, as the system user who sees every unit), to see where a render's time
/// goes. A look while iterating; docs/benchmarks.md quotes the whole page from `-- cockpit`.
/// </summary>
public static class CockpitParts
{
    private const int Runs = 7;

    public static async Task RunAsync(IServiceProvider services, string database)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        const int year = 2025, month = 12;
        var parts = new (string Name, Func<BlueprintDb, Task> Run)[]
        {
            ("bulletin", async db => await Bulletin.ComputeAsync(db, new BulletinQuery(year, month, null), clock)),
            ("bulletin by project", async db => await Bulletin.ByProjectAsync(db, new BulletinQuery(year, month, null), clock)),
            ("curve", async db => await ScheduleCurve.ComputeAsync(db, await Bulletin.ComputeAsync(db, new BulletinQuery(year, month, null), clock), default)),
            ("indicators load", async db => await CockpitIndicators.LoadAsync(db, year, [], default)),
            ("indicators two months", async db => await CockpitIndicators.ComputeAsync(db, await CockpitIndicators.LoadAsync(db, year, [], default), IndicatorAsOf.MonthEnd(year, month), IndicatorAsOf.MonthEnd(year, month - 1), default)),
            ("supervision", async db => await SupervisionAsOf.ComputeAsync(db, new DateOnly(year, month, 31), CockpitAsOf.EndOfDayUtc(new DateOnly(year, month, 31)), default)),
            ("problems", async db => await ProblemsAsOf.ComputeAsync(db, new DateOnly(year, month, 31), CockpitAsOf.EndOfDayUtc(new DateOnly(year, month, 31)), 10, default)),
            ("funnel", async db => await Funnel.ComputeAsync(db, year, default)),
            ("whole", async db => await CockpitFigures.ComputeAsync(db, year, month, clock)),
        };
        // BENCH_PART=<name prefix> times one part only (with BENCH_SQL=1: its statements).
        var only = Environment.GetEnvironmentVariable("BENCH_PART");
        foreach (var (name, run) in parts.Where(p => only is null || p.Name.StartsWith(only, StringComparison.Ordinal)))
        {
            var times = new List<double>();
            for (var i = 0; i < Runs + 1; i++)
            {
                using var scope = services.CreateScope();
                scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem();
                var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
                var watch = Stopwatch.StartNew();
                await run(db);
                if (i > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine($"| {database} | {name} | {times[times.Count / 2]:N1} | {times[0]:N1} |");
        }
    }
}
