using System.Text.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Cockpit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Blueprint.Tests.Figures;

/// <summary>
/// A supervision or problem write reaches only the kept days and rankings it changes (decision
/// 0050): a feedback none of them, a closure or a new problem the days from its instant on (today's
/// row, not the previous month's last day), a problem's answer text nothing, an edited deadline every
/// day since the record was made; and after each write the kept figures a leader reads equal the
/// ones computed from history. A private app on a live demo day of its own (the rows are counted).
/// </summary>
public sealed class KeptDayChangesTests
{
    private static readonly DateOnly Today = new(2027, 3, 10);

    private static readonly KeptKind[] DayKinds = [KeptKind.SupervisionDay, KeptKind.SupervisionRanking, KeptKind.ProblemsDay];

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task A_supervision_or_problem_write_reaches_only_the_days_and_rankings_it_changes(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartOnAsync(provider, Today);
        var ct = TestContext.Current.CancellationToken;
        var clock = app.Clock!;
        int anyue;
        using (var scope = app.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            anyue = await db.Users.Where(u => u.UserName == "anyue.reporter").Select(u => u.UnitId).SingleAsync(ct);
        }

        // The cockpit of the month (today's supervision and problem counts and those of February's last day) and
        // 安岳县's unit page (its line of the supervision ranking judged today), as computed and as a leader reads them.
        async Task<string> FiguresAsync(string? user)
        {
            using var scope = user is null ? app.SystemScope() : await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var cockpit = await CockpitFigures.ComputeAsync(db, Today.Year, Today.Month, clock, ct);
            var unit = await UnitOverviews.LoadAsync(db, anyue, Today.Year, Today.Month, clock, ct);
            return JsonSerializer.Serialize(new
            {
                cockpit.SupervisionOpen,
                cockpit.SupervisionOverdue,
                cockpit.ProblemsOpen,
                cockpit.ProblemsOverdue,
                cockpit.OverdueRanking,
                cockpit.RedList,
                unit.SupervisionRanks,
            });
        }

        async Task<string> ReadAsync()
        {
            var computed = await FiguresAsync(null);
            Assert.Equal(computed, await FiguresAsync("leader"));
            Assert.Equal(computed, await FiguresAsync("leader"));
            return computed;
        }

        // The kept rows of the three kinds a write marked changed, by kind and the day they are known at.
        async Task<string> MarkedAsync()
        {
            using var scope = app.SystemScope();
            var rows = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeptFigure>().AsNoTracking()
                .Where(k => k.KeptChanges != k.Changes && DayKinds.Contains(k.Kind)).ToListAsync(ct);
            return string.Join(" ", rows.OrderBy(r => r.Kind).ThenBy(r => r.KnownAtTicks)
                .Select(r => $"{r.Kind}@{SupervisionLights.Day(new DateTime(r.KnownAtTicks, DateTimeKind.Utc).AddTicks(-1)):MM-dd}"));
        }

        async Task WriteAsync(Func<BlueprintDb, Task> write, string? user = null)
        {
            using var scope = user is null ? app.SystemScope() : await app.UserScopeAsync(user);
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            await write(db);
            await db.SaveChangesAsync(ct);
        }

        var before = await ReadAsync();
        using (var scope = app.SystemScope())
        {
            // Each kind kept for the days asked: today and February's last day (the ranking: today).
            var kept = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().Set<KeptFigure>().AsNoTracking()
                .Where(k => DayKinds.Contains(k.Kind)).CountAsync(ct);
            Assert.Equal(5, kept);
        }

        Assert.Equal("", await MarkedAsync());

        // A feedback by the lead unit on an item under way, through the flow: no kept figure reads it today.
        await WriteAsync(async db =>
        {
            var item = await db.Set<SupervisionItem>().Where(i => i.UnitId == anyue && i.Status == SupervisionStatus.InProgress).OrderBy(i => i.Id).FirstAsync(ct);
            var t = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
            Assert.Null(await SupervisionActions.RunAsync(db, item.Id,
                new SupervisionActionInput(SupervisionAction.Feedback, "留存天数测试：按计划推进", item.Version), clock, t, ct));
        }, "anyue.reporter");
        Assert.Equal("", await MarkedAsync());
        Assert.Equal(before, await ReadAsync());

        // An item closed now: the supervision counts of today (not of February's last day) and the ranking.
        await WriteAsync(async db =>
        {
            var item = await db.Set<SupervisionItem>().Where(i => i.ClosedAtUtc == null && i.CreatedAtUtc < new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc))
                .OrderBy(i => i.Deadline).ThenBy(i => i.Id).FirstAsync(ct);
            item.Status = SupervisionStatus.Closed;
            item.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
        });
        Assert.Equal("SupervisionDay@03-10 SupervisionRanking@03-10", await MarkedAsync());
        var closed = await ReadAsync();
        Assert.NotEqual(before, closed);

        // A problem raised now: today's problem counts only.
        await WriteAsync(async db =>
        {
            db.Add(new Problem
            {
                Title = "留存天数测试问题",
                Kind = ProblemKind.Land,
                UnitId = anyue,
                Deadline = Today.AddDays(-1),
                Status = ProblemStatus.Open,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            await Task.CompletedTask;
        });
        Assert.Equal("ProblemsDay@03-10", await MarkedAsync());
        var raised = await ReadAsync();
        Assert.NotEqual(closed, raised);

        // Its answer's text: nothing; its answer (resolved now): today's problem counts only.
        await WriteAsync(async db => (await db.Set<Problem>().SingleAsync(p => p.Title == "留存天数测试问题", ct)).Answer = "已协调");
        Assert.Equal("", await MarkedAsync());
        await WriteAsync(async db =>
        {
            var problem = await db.Set<Problem>().SingleAsync(p => p.Title == "留存天数测试问题", ct);
            problem.Status = ProblemStatus.Resolved;
            problem.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
        });
        Assert.Equal("ProblemsDay@03-10", await MarkedAsync());
        Assert.Equal(closed, await ReadAsync());

        // A problem open since last year whose deadline is moved back: every day since it was raised.
        await WriteAsync(async db =>
        {
            var problem = await db.Set<Problem>().Where(p => p.Status == ProblemStatus.Open && p.CreatedAtUtc < new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc))
                .OrderBy(p => p.Id).FirstAsync(ct);
            problem.Deadline = new DateOnly(2027, 2, 2);
        });
        Assert.Equal("ProblemsDay@02-28 ProblemsDay@03-10", await MarkedAsync());
        await ReadAsync();

        // An item's deadline moved back: every day's supervision counts since it was made, and the ranking.
        await WriteAsync(async db =>
        {
            var item = await db.Set<SupervisionItem>().Where(i => i.ClosedAtUtc == null && i.CreatedAtUtc < new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc))
                .OrderBy(i => i.Id).FirstAsync(ct);
            item.Deadline = new DateOnly(2027, 2, 3);
        });
        Assert.Equal("SupervisionDay@02-28 SupervisionDay@03-10 SupervisionRanking@03-10", await MarkedAsync());
        await ReadAsync();
        Assert.Equal("", await MarkedAsync());
    }
}
