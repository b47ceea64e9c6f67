using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>What a to-do entry is about (the filter of the /todo page).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ToDoKind
{
    Progress = 0,
    Indicator = 1,
    Review = 2,
    Problem = 3,
    Supervision = 4,

    /// <summary>A project proposal (项目申报): the office decides it, the unit revises a returned one.</summary>
    Proposal = 5,

    /// <summary>A proposal to publish a record on the portal, waiting for a second office member's 保密审查.</summary>
    Portal = 6,
}

/// <summary>What the user is to do with it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ToDoStep
{
    /// <summary>Fill (or write) and submit: a report owed, a draft, a returned record.</summary>
    Fill = 0,
    Approve = 1,
    Accept = 2,

    /// <summary>Answer a problem: resolved, or cannot be solved now.</summary>
    Answer = 3,

    /// <summary>Sign for (or push back) a supervision item assigned to the unit.</summary>
    Sign = 4,
    Feedback = 5,

    /// <summary>Decide a supervision item's extension request.</summary>
    Extension = 6,

    /// <summary>Decide a supervision item's closure request.</summary>
    Closure = 7,

    /// <summary>Answer a supervision item the lead unit pushed back.</summary>
    PushBack = 8,
}

/// <summary>
/// One thing that waits for the user, where it is done, and by when. <see cref="DaysLate"/> is
/// today minus the deadline in the city's days: positive when late, zero on the day, negative
/// for the days still left; null without a deadline.
/// </summary>
public sealed record ToDoEntry(ToDoKind Kind, ToDoStep Step, string Title, string? UnitName, string Link, DateOnly? Deadline, int? DaysLate);

public sealed record ToDoCount(int Count);

/// <summary>
/// A user's to-do (待办): what waits for them in every flow, each entry linked to the page where
/// it is done, most urgent first. Each source is one query through the user's data scope
/// (<see cref="ToDoSources"/>); the count for the top bar counts most sources in one statement. The
/// whole to-do's statements are compiled once per shape of user and day (<see cref="ToDoPlans"/>,
/// decision 0056).
/// <para>
/// Who a submission waits for comes from <see cref="SubmissionKind.CapacityOf"/> and
/// <see cref="SubmissionFlow"/>: each user is listed the <em>last</em> step their roles allow
/// (the office accepts, the unit leader approves, the reporter fills), because the earlier steps
/// they may also take are somebody else's work (decision 0022). Nobody is listed for approval
/// what they submitted, nor for acceptance what they submitted or approved
/// (<see cref="Approval"/>). The administrators have no to-do.
/// </para>
/// <para>
/// Given the badge's memory (<paramref name="badge"/>), the whole to-do's count is counted there:
/// once per request, and remembered for the top bar of the next pages.
/// </para>
/// </summary>
public sealed class ToDoList(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, ToDoBadgeCounts? badge = null)
{
    /// <summary>The home page's card shows this many; the rest is on /todo.</summary>
    public const int Top = 5;

    public DateOnly Today { get; } = ReportingWindows.Today(clock);

    /// <summary>The number of entries, for the top bar: one statement, plus one for each source that cannot share it.</summary>
    public async Task<int> CountAsync(ToDoKind? kind, CancellationToken ct) =>
        kind is null && badge is not null
            ? await badge.CountNowAsync(db.CurrentUser, Today, async () => (await CountEachAsync(null, ct)).Counts.Sum())
            : (await CountEachAsync(kind, ct)).Counts.Sum();

    /// <summary>
    /// One page of the entries, most urgent first. Each source gives at most its first
    /// page × size entries in the same order, which is all a merge needs for the page to be exact.
    /// </summary>
    public async Task<Page<ToDoEntry>> PageAsync(ToDoKind? kind, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, Paging.MaxPageSize);
        var number = Math.Clamp(page ?? 1, 1, 10_000);
        var (entries, total) = await FirstOfEachAsync(kind, number * size, ct);
        return new Page<ToDoEntry>([.. ToDoRules.Urgent(entries).Skip((number - 1) * size).Take(size)], total, number, size);
    }

    /// <summary>The first <paramref name="count"/> entries, for the home page.</summary>
    public async Task<IReadOnlyList<ToDoEntry>> FirstAsync(int count, CancellationToken ct) =>
        [.. ToDoRules.Urgent((await FirstOfEachAsync(null, count, ct)).Entries).Take(count)];

    /// <summary>
    /// Each source's first entries and the whole count: the sources counted first, each apart in
    /// one statement (<see cref="ToDoSource.CountEachAsync"/>), and only those with entries listed —
    /// most of a user's sources have none, and each list is a query. The whole count is what the
    /// top bar's badge then shows (<see cref="ToDoBadgeCounts.CountNowAsync"/>).
    /// </summary>
    private async Task<(List<ToDoEntry> Entries, int Total)> FirstOfEachAsync(ToDoKind? kind, int count, CancellationToken ct)
    {
        var (lists, counts) = await CountEachAsync(kind, ct);
        var total = counts.Sum();
        if (kind is null && badge is not null)
        {
            await badge.CountNowAsync(db.CurrentUser, Today, () => Task.FromResult(total));
        }

        var entries = new List<ToDoEntry>();
        for (var i = 0; i < lists.Count; i++)
        {
            if (counts[i] > 0)
            {
                entries.AddRange(await lists[i](count, ct));
            }
        }

        return (entries, total);
    }

    /// <summary>
    /// How to list each source (all, or those of one kind) and the number of entries of each: the whole
    /// to-do by the statements compiled for the user's shape (<see cref="ToDoPlans"/>), one kind written out.
    /// </summary>
    private async Task<(IReadOnlyList<Func<int?, CancellationToken, Task<List<ToDoEntry>>>> Lists, int[] Counts)> CountEachAsync(ToDoKind? kind, CancellationToken ct)
    {
        var all = Sources();
        if (kind is null)
        {
            if (all.Count == 0)
            {
                return ([], []);
            }

            var plan = ToDoPlans.For(db, Today, shaped => [.. new ToDoSources(shaped, t, Today).For(shaped.CurrentUser)]);
            return ([.. Enumerable.Range(0, all.Count).Select(i => (Func<int?, CancellationToken, Task<List<ToDoEntry>>>)((limit, ct) => plan.ListAsync(db, all, i, limit, ct)))],
                await plan.CountEachAsync(db, all, ct));
        }

        List<ToDoSource> some = [.. all.Select(s => s()).Where(s => s.Kind == kind)];
        return ([.. some.Select(s => s.List)], await ToDoSource.CountEachAsync(some, ct));
    }

    /// <summary>Every entry (the export).</summary>
    public async Task<IReadOnlyList<ToDoEntry>> AllAsync(ToDoKind? kind, CancellationToken ct)
    {
        var entries = new List<ToDoEntry>();
        foreach (var source in Sources().Select(s => s()).Where(s => kind is null || s.Kind == kind))
        {
            entries.AddRange(await source.List(null, ct));
        }

        return [.. ToDoRules.Urgent(entries)];
    }

    private IReadOnlyList<Func<ToDoSource>> Sources()
    {
        var user = db.CurrentUser;
        return !user.IsAuthenticated || user.IsSystem || Roles.Administrators.Any(user.IsInRole) || !Roles.Business.Any(user.IsInRole)
            ? []
            : [.. new ToDoSources(db, t, Today).For(user)];
    }
}

/// <summary>A source's first entries (all for a null limit), read by its compiled query on the reader's context.</summary>
internal delegate Task<List<ToDoEntry>> ToDoListing(BlueprintDb db, int? limit, CancellationToken ct);

/// <summary>
/// One query of the to-do, and how it is counted: <see cref="Entries"/> (one row per entry, or per
/// group of entries with their number: 1 for most sources) is summed together with the other
/// sources' in one statement, one per set of lifted filters (<see cref="Lifts"/>); a source that
/// cannot be (its entries are made in memory) has a <see cref="Count"/> of its own.
/// <see cref="List"/> gives its first entries in the to-do's order (all without a limit).
/// </summary>
internal sealed record ToDoSource(
    ToDoKind Kind, IQueryable<int>? Entries, Func<CancellationToken, Task<int>>? Count, Func<int?, CancellationToken, Task<List<ToDoEntry>>> List)
{
    /// <summary>
    /// The named filter the source's query lifts (<c>IgnoreQueryFilters([name])</c>), null for none: a
    /// statement lifts a filter for every part of it, so sources share a statement only with those that
    /// lift the same (each such query states the lifted condition itself).
    /// </summary>
    public string? Lifts { get; init; }

    /// <summary>The list as one query compiled for a shape of user (built through <see cref="PerShape.ContextFor"/>), null when it is not one query.</summary>
    public Func<ToDoListing>? Compiled { get; init; }

    /// <summary>
    /// The number of entries of each source, in order: one UNION ALL per set of lifted filters for the
    /// sources that can share it, each part's rows tagged with its source's place and summed per place;
    /// one query for each that cannot.
    /// </summary>
    public static async Task<int[]> CountEachAsync(IReadOnlyList<ToDoSource> sources, CancellationToken ct)
    {
        var counts = new int[sources.Count];
        foreach (var statement in CountStatements(sources))
        {
            foreach (var place in await statement.ToListAsync(ct))
            {
                counts[place.Place] = place.Count;
            }
        }

        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Entries is null)
            {
                counts[i] = await sources[i].Count!(ct);
            }
        }

        return counts;
    }

    /// <summary>
    /// The statements that count the sources that can share one: one UNION ALL per set of lifted
    /// filters, each part's rows tagged with its source's place and summed per place.
    /// </summary>
    public static IEnumerable<IQueryable<PlaceCount>> CountStatements(IReadOnlyList<ToDoSource> sources)
    {
        foreach (var statement in Enumerable.Range(0, sources.Count).Where(i => sources[i].Entries is not null).GroupBy(i => sources[i].Lifts))
        {
            IQueryable<Tagged>? shared = null;
            foreach (var i in statement)
            {
                // The place as a constant of the statement (a captured variable would be a parameter of each part).
                var entries = Expression.Parameter(typeof(int), "entries");
                var tagged = sources[i].Entries!.Select(Expression.Lambda<Func<int, Tagged>>(
                    Expression.MemberInit(Expression.New(typeof(Tagged)),
                        Expression.Bind(typeof(Tagged).GetProperty(nameof(Tagged.Place))!, Expression.Constant(i)),
                        Expression.Bind(typeof(Tagged).GetProperty(nameof(Tagged.Entries))!, entries)),
                    entries));
                shared = shared is null ? tagged : shared.Concat(tagged);
            }

            yield return shared!.GroupBy(r => r.Place).Select(g => new PlaceCount { Place = g.Key, Count = g.Sum(r => r.Entries) });
        }
    }

    /// <summary>The number of entries of the source at a place.</summary>
    public sealed class PlaceCount
    {
        public int Place { get; init; }

        public int Count { get; init; }
    }

    /// <summary>A row of a shared count: its source's place and how many entries it stands for.</summary>
    private sealed class Tagged
    {
        public int Place { get; init; }

        public int Entries { get; init; }
    }
}
