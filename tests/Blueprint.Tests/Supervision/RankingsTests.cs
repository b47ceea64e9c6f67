using System.Net;
using System.Net.Http.Json;
using Blueprint.Tests.Infrastructure;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Demo;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Tests.Supervision;

/// <summary>
/// Unit rankings and the red list on hand-made items of March 2097, judged on 10 April 2097.
/// A database of its own: rankings count every item of a period, whoever made it.
/// </summary>
public sealed class RankingsTests
{
    private static readonly DateTimeOffset Today = new(2097, 4, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly From = new(2097, 3, 1);
    private static readonly DateOnly To = new(2097, 3, 31);

    /// <summary>10:00 in Ziyang on that day.</summary>
    private static DateTime At(int m, int d) => new(2097, m, d, 2, 0, 0, DateTimeKind.Utc);

    private static DateOnly D(int m, int d) => new(2097, m, d);

    [Theory]
    [MemberData(nameof(Apps.Providers), MemberType = typeof(Apps))]
    public async Task Rankings_count_feedback_on_time_closures_and_overdue_items_by_the_definitions(DatabaseProvider provider)
    {
        var (database, node) = await JobHost.StartAsync(provider, Today);
        await using var _ = database;
        using var __ = node;
        var ids = await ArrangeAsync(node);

        var report = await node.WithDbAsync(db => SupervisionRankings.ComputeAsync(db, From, To, D(4, 10), default));
        var anyue = report.Units.Single(u => u.UnitId == ids.Anyue);
        var lezhi = report.Units.Single(u => u.UnitId == ids.Lezhi);

        // 安岳: weekly 5, 12, 19, 26 March (answered 5th; 13th answers the 19th), monthly 31 March (answered 30th);
        // the once item closed before its due date owes nothing.
        Assert.Equal((5, 3, 0.6m), (anyue.FeedbacksDue, anyue.FeedbacksOnTime, anyue.OnTimeRate));
        Assert.Equal((2, 1, 0.5m, 1), (anyue.ItemsDue, anyue.ItemsClosed, anyue.ClosureRate, anyue.OverdueCount));
        // 乐至: answered on time, closed two days late: closed, and overdue.
        Assert.Equal((1, 1, 1m), (lezhi.FeedbacksDue, lezhi.FeedbacksOnTime, lezhi.OnTimeRate));
        Assert.Equal((1, 1, 1m, 1), (lezhi.ItemsDue, lezhi.ItemsClosed, lezhi.ClosureRate, lezhi.OverdueCount));
        // 高新区 owes nothing in March: not ranked. Best on-time rate first.
        Assert.DoesNotContain(report.Units, u => u.UnitId == ids.HighTech);
        Assert.Equal([ids.Lezhi, ids.Anyue], report.Units.Select(u => u.UnitId));
        Assert.Equal([ids.Anyue, ids.Lezhi], SupervisionRankings.Sort(report.Units, RankingSort.OnTime, descending: false).Select(u => u.UnitId));

        // Through the API: the same figures, the reader's scope, a backwards period refused.
        var leader = await node.LoginAsync("leader");
        var viaApi = await leader.GetFromJsonAsync<RankingReport>("/api/supervision/rankings?from=2097-03-01&to=2097-03-31&sort=Closure", TestContext.Current.CancellationToken);
        Assert.Equal([ids.Lezhi, ids.Anyue], viaApi!.Units.Select(u => u.UnitId));
        Assert.Equal(anyue, viaApi.Units.Single(u => u.UnitId == ids.Anyue));
        var own = await (await node.LoginAsync("anyue.reporter")).GetFromJsonAsync<RankingReport>("/api/supervision/rankings?from=2097-03-01&to=2097-03-31", TestContext.Current.CancellationToken);
        Assert.Equal([ids.Anyue], own!.Units.Select(u => u.UnitId));
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/supervision/rankings?from=2097-04-01&to=2097-03-31", TestContext.Current.CancellationToken)).StatusCode);
        var xlsx = await leader.GetAsync("/api/supervision/rankings/xlsx?from=2097-03-01&to=2097-03-31", TestContext.Current.CancellationToken);
        Assert.Equal(Xlsx.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        var page = await leader.GetStringAsync("/supervision/rankings?from=2097-03-01&to=2097-03-31", TestContext.Current.CancellationToken);
        Assert.Contains("60.0%", page);

        // Paged: the second page of one unit a page holds the unit ranked second, with its rank, and says where it is.
        var second = await leader.GetStringAsync("/supervision/rankings?from=2097-03-01&to=2097-03-31&sort=Closure&desc=true&page=2&pageSize=1", TestContext.Current.CancellationToken);
        Assert.Contains($"data-unit=\"{ids.Anyue}\"", second);
        Assert.DoesNotContain($"data-unit=\"{ids.Lezhi}\"", second);
        Assert.Contains("<td class=\"num\">2</td>", second);
        Assert.Contains("id=\"pager-total\"", second);

        // The red list after the job has judged 10 April: the open weekly item, ten days overdue.
        await node.TickAsync();
        var red = await leader.GetFromJsonAsync<Page<RedItem>>("/api/supervision/red?pageSize=500", TestContext.Current.CancellationToken);
        var weekly = red!.Items.Single(i => i.Id == ids.Weekly);
        Assert.Equal((D(3, 31), 10), (weekly.Deadline, weekly.DaysOverdue));
        Assert.DoesNotContain(red.Items, i => i.Id == ids.ClosedLate || i.Id == ids.Extended);
        Assert.Contains("RK-2097-001", await leader.GetStringAsync("/supervision/red?pageSize=100", TestContext.Current.CancellationToken));

        // From January 1 to today (the page's default) and to a past month's end: for a reader who sees every unit, kept per
        // month and day (the unit page's row), equal to the computed ranking, and computed again after a write that changes it.
        async Task SameAsComputedAsync(string query, DateOnly from, DateOnly to, int month)
        {
            var kept = await leader.GetFromJsonAsync<RankingReport>($"/api/supervision/rankings{query}", TestContext.Current.CancellationToken);
            var computed = await node.WithDbAsync(db => SupervisionRankings.ComputeAsync(db, from, to, D(4, 10), default));
            Assert.Equal(computed.Units, kept!.Units);
            Assert.True(await node.WithDbAsync(db => db.Set<Web.Features.Figures.KeptFigure>().AnyAsync(k =>
                k.Kind == Web.Features.Figures.KeptKind.SupervisionRanking && k.Year == 2097 && k.Month == month && k.KeptChanges == k.Changes)), query);
        }

        await SameAsComputedAsync("", D(1, 1), D(4, 10), 4);
        await SameAsComputedAsync("?from=2097-01-01&to=2097-03-31", D(1, 1), D(3, 31), 3);
        var before = (await leader.GetFromJsonAsync<RankingReport>("/api/supervision/rankings", TestContext.Current.CancellationToken))!.Units.Single(u => u.UnitId == ids.Anyue);
        await node.WithDbAsync(async db =>
        {
            var item = await db.Set<SupervisionItem>().SingleAsync(i => i.Id == ids.Weekly);
            item.Status = SupervisionStatus.Closed;
            item.ClosedAtUtc = Today.UtcDateTime;
            return await db.SaveChangesAsync();
        });
        await SameAsComputedAsync("", D(1, 1), D(4, 10), 4);
        var after = (await leader.GetFromJsonAsync<RankingReport>("/api/supervision/rankings", TestContext.Current.CancellationToken))!.Units.Single(u => u.UnitId == ids.Anyue);
        Assert.Equal(before.ItemsClosed + 1, after.ItemsClosed);
    }

    private sealed record Ids(int Anyue, int Lezhi, int HighTech, int Weekly, int ClosedLate, int Extended);

    private static Task<Ids> ArrangeAsync(JobHost node) => node.WithDbAsync(async db =>
    {
        var units = await db.Set<Unit>().Where(u => u.Code == DemoUnits.Anyue || u.Code == DemoUnits.Lezhi || u.Code == DemoUnits.HighTechZone
            || u.Code == DemoUnits.AnyueHousing).ToDictionaryAsync(u => u.Code, u => u.Id);
        var (anyue, lezhi, gx) = (units[DemoUnits.Anyue], units[DemoUnits.Lezhi], units[DemoUnits.HighTechZone]);
        var author = await db.Set<Blueprint.Web.Features.Access.User>().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();

        SupervisionItem Item(string no, int unit, DateTime created, DateOnly deadline, FeedbackCadence cadence, DateTime? closed = null)
        {
            var item = new SupervisionItem
            {
                CaseNumber = no,
                Title = $"排名测试 {no}",
                UnitId = unit,
                CreatedAtUtc = created,
                Deadline = deadline,
                OriginalDeadline = deadline,
                Cadence = cadence,
                Status = closed is null ? SupervisionStatus.InProgress : SupervisionStatus.Closed,
                ClosedAtUtc = closed,
            };
            db.Add(item);
            return item;
        }

        void Feedback(SupervisionItem item, int unit, DateTime at) =>
            db.Add(new SupervisionFeedback { Item = item, UnitId = unit, AuthorId = author, Text = "反馈", CreatedAtUtc = at });

        var weekly = Item("RK-2097-001", anyue, At(2, 26), D(3, 31), FeedbackCadence.Weekly);
        Feedback(weekly, anyue, At(3, 5));
        Feedback(weekly, anyue, At(3, 13));
        Feedback(weekly, units[DemoUnits.AnyueHousing], At(3, 26)); // a cooperating unit's, not the lead's
        var early = Item("RK-2097-002", anyue, At(1, 10), D(3, 15), FeedbackCadence.Once, closed: At(3, 14));
        Feedback(early, anyue, At(3, 14));
        var extended = Item("RK-2097-003", anyue, At(1, 31), D(5, 31), FeedbackCadence.Monthly); // extended from 20 March
        extended.OriginalDeadline = D(3, 20);
        Feedback(extended, anyue, At(3, 30));
        var late = Item("RK-2097-004", lezhi, At(2, 1), D(3, 10), FeedbackCadence.Once, closed: At(3, 12));
        Feedback(late, lezhi, At(3, 9));
        Item("RK-2097-005", gx, At(3, 20), D(6, 30), FeedbackCadence.Fortnightly);
        await db.SaveChangesAsync();
        return new Ids(anyue, lezhi, gx, weekly.Id, late.Id, extended.Id);
    });
}
