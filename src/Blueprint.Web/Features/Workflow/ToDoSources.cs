using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Portal;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// The queries behind the to-do, one per source, each through the user's data scope (the
/// context's filters) and each ordered by its deadline so that a merge of their first entries
/// is exact (<see cref="ToDoList"/>). A source is only asked of a user it can concern.
/// </summary>
internal sealed class ToDoSources(BlueprintDb db, IStringLocalizer<SharedResource> t, DateOnly today)
{
    public IEnumerable<ToDoSource> For(CurrentUser user)
    {
        if (ToDoRules.Duty(SubmissionKind.Progress, user) is { } progress)
        {
            if (progress.Step == ToDoStep.Fill)
            {
                yield return OwedReports();
            }

            yield return Reports(progress.Step, progress.Statuses);
        }

        if (ToDoRules.Duty(SubmissionKind.IndicatorValue, user) is { } values)
        {
            yield return Values(values.Step, values.Statuses);
            if (values.Step == ToDoStep.Fill)
            {
                yield return OwedValues();
            }
        }

        if (ToDoRules.Duty(SubmissionKind.Review, user) is { } reviews)
        {
            yield return Reviews(reviews.Step, reviews.Statuses);
        }

        if (Roles.Of(Roles.ProblemEditors).Any(user.IsInRole) && user.UnitPath is { } path)
        {
            yield return Problems(path);
        }

        if (ToDoRules.ProposalDuty(ProjectProposals.ActorOf(user)) is { } proposals)
        {
            yield return Proposals(proposals.Step, proposals.Statuses);
        }

        if (Roles.Of(PortalReviewFlow.Reviewers).Any(user.IsInRole))
        {
            yield return PortalReviews(user);
        }

        switch (SupervisionAccess.RoleActor(user))
        {
            case SupervisionActor.Office:
                yield return OfficeItems();
                break;
            case null:
                yield return LeadItems();
                yield return CooperatingItems();
                break;
        }
    }

    private int Me => db.CurrentUser.UserId ?? -1;

    /// <summary>
    /// The records of a kind in the statuses that wait for the user's step, without those the
    /// own-approval rule keeps from them: nobody approves what they submitted, and whoever
    /// submitted or approved does not accept (<see cref="Approval"/>).
    /// </summary>
    private IQueryable<T> Waiting<T>(IQueryable<T> records, ToDoStep step, SubmissionStatus[] statuses) where T : class, ISubmission
    {
        var me = Me;
        // Waiting records are few among every year's accepted ones: SQLite is told so, to use the status index.
        records = records.Where(r => SqlHints.Rare(statuses.Contains(r.Status)));
        return step switch
        {
            ToDoStep.Approve => records.Where(r => r.SubmittedById != me),
            ToDoStep.Accept => records.Where(r => r.SubmittedById != me && r.ApprovedById != me),
            _ => records,
        };
    }

    /// <summary>A source whose order is the query's own: counted with the others in one statement, and limited in the database.</summary>
    private static ToDoSource Ordered<TRow>(ToDoKind kind, IQueryable<TRow> rows, Func<TRow, ToDoEntry> entry) =>
        new(kind, rows.Select(_ => 1), null,
            async (limit, ct) => [.. (await (limit is { } n ? rows.Take(n) : rows).ToListAsync(ct)).Select(entry)]);

    private ToDoEntry Entry(ToDoKind kind, ToDoStep step, string title, string? unit, string link, DateOnly? deadline) =>
        new(kind, step, title, unit, link, deadline, ToDoRules.DaysLate(deadline, today));

    /// <summary>Key-list projects of the open months without a submitted report (none, a draft or a returned one): the reporter's.</summary>
    private ToDoSource OwedReports() =>
        Ordered(ToDoKind.Progress, ProgressQueries.Owed(db, today), o => Entry(ToDoKind.Progress, ToDoStep.Fill,
            t["Progress.NoticeSubject", o.ProjectName, o.Year, o.Month], o.UnitName, $"/progress/{o.KeyProjectId}/{o.Year}/{o.Month}", o.DueOn));

    /// <summary>
    /// Reports waiting for the user's step, due when their month is (a correction has no due
    /// date). For the reporter: the returned corrections of months no longer open (those of
    /// open months are already owed reports).
    /// </summary>
    private ToDoSource Reports(ToDoStep step, SubmissionStatus[] statuses)
    {
        var open = ProgressQueries.OpenWindows(db, today);
        var windows = db.Set<ReportingWindow>();
        var reports = Waiting(db.Set<ProgressReport>().AsNoTracking().Where(r => r.IsCurrent), step, statuses);
        if (step == ToDoStep.Fill)
        {
            reports = reports.Where(r => r.SupersedesId != null && !open.Any(w => w.Year == r.Year && w.Month == r.Month));
        }

        var rows = reports
            .Select(r => new
            {
                r.Id,
                r.KeyProjectId,
                Project = r.KeyProject!.Name,
                Unit = r.Unit!.Name,
                r.Year,
                r.Month,
                Due = r.SupersedesId == null ? windows.Where(w => w.Year == r.Year && w.Month == r.Month).Select(w => (DateOnly?)w.DueOn).FirstOrDefault() : null,
            })
            .OrderBy(r => r.Due == null).ThenBy(r => r.Due).ThenBy(r => r.Id);
        return Ordered(ToDoKind.Progress, rows, r => Entry(ToDoKind.Progress, step,
            t["Progress.NoticeSubject", r.Project, r.Year, r.Month], r.Unit, $"/progress/{r.KeyProjectId}/{r.Year}/{r.Month}", r.Due));
    }

    /// <summary>
    /// Indicator values waiting for the user's step. A county's value may belong to a city
    /// department's indicator, outside the county's scope: the indicator's name and schedule are
    /// read by id afterwards, never through a join that would drop the value.
    /// </summary>
    private ToDoSource Values(ToDoStep step, SubmissionStatus[] statuses)
    {
        var values = Waiting(db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IsCurrent), step, statuses);
        return new(ToDoKind.Indicator, values.Select(_ => 1), null, async (_, ct) =>
        {
            var rows = await values.Select(v => new { v.IndicatorId, Unit = v.Unit!.Name, v.Year, v.Period }).ToListAsync(ct);
            var ids = rows.Select(r => r.IndicatorId).Distinct().ToList();
            var indicators = ids.Count == 0 ? [] : await IndicatorScope.Visible(db).AsNoTracking().Where(i => ids.Contains(i.Id))
                .Select(i => new { i.Id, i.Name, i.Profile }).ToDictionaryAsync(i => i.Id, ct);
            return [.. rows.Where(r => indicators.ContainsKey(r.IndicatorId)).Select(r =>
            {
                var indicator = indicators[r.IndicatorId];
                return ValueEntry(step, indicator.Name, indicator.Profile, r.IndicatorId, r.Unit, r.Year, r.Period);
            }).OrderBy(e => e.Deadline)];
        });
    }

    /// <summary>
    /// The values a reporter's units owe: every period that has ended, of the indicators of this
    /// year and last year that a unit of their scope is responsible for or holds a share of,
    /// with no value yet (a draft or a returned value is in <see cref="Values"/>). Counted in the
    /// database (<see cref="OwedPeriods"/>), listed here (<see cref="OwedValuesAsync"/>): only when
    /// something is owed is anything read row by row.
    /// </summary>
    private ToDoSource OwedValues() =>
        new(ToDoKind.Indicator, OwedPeriods(), null,
            async (limit, ct) => [.. (await OwedValuesAsync(ct)).Take(limit ?? int.MaxValue)
                .Select(o => ValueEntry(ToDoStep.Fill, o.Name, o.Profile, o.IndicatorId, o.Unit, o.Year, o.Period))])
        {
            Lifts = BlueprintDb.ScopeFilter,
        };

    /// <summary>
    /// One row per indicator of this year or last and unit of the scope responsible for it or holding
    /// a share of it: the number of its periods that have ended without a value (the count of
    /// <see cref="OwedValuesAsync"/>'s list). The scope filter is lifted by name, as
    /// <see cref="IndicatorScope.Visible"/> lifts it: a share may be of another unit's indicator; each
    /// set states the scope itself.
    /// </summary>
    private IQueryable<int> OwedPeriods()
    {
        int year = today.Year, last = year - 1;
        var ended = new Dictionary<(int, ScheduleProfile), int>();
        foreach (var y in new[] { last, year })
        {
            foreach (var profile in Enum.GetValues<ScheduleProfile>())
            {
                ended[(y, profile)] = Enumerable.Range(1, IndicatorStatus.PeriodCount(profile))
                    .Count(period => ToDoRules.PeriodEnded(y, profile, period, today));
            }
        }

        // Periods end in order: the periods ended are 1 to this number (parameters of the statement).
        int lastMonthly = ended[(last, ScheduleProfile.Monthly)], lastQuarterly = ended[(last, ScheduleProfile.Quarterly)],
            lastAnnual = ended[(last, ScheduleProfile.AnnualOnly)], monthly = ended[(year, ScheduleProfile.Monthly)],
            quarterly = ended[(year, ScheduleProfile.Quarterly)], annual = ended[(year, ScheduleProfile.AnnualOnly)];
        // A reporter's one unit as an equality: SQLite seeks a unit index by it, where an IN over the scope's subquery read every share.
        var scope = IndicatorScope.ScopeUnits(db);
        var unitId = db.CurrentUser.UnitId ?? -1;
        var oneUnit = db.CurrentUser.Scope == DataScope.OwnUnit;
        var indicators = db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(i => i.PlanYear!.Year == year || i.PlanYear.Year == last);
        var targets = db.Set<IndicatorTarget>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]);
        var own = (oneUnit ? indicators.Where(i => i.UnitId == unitId) : indicators.Where(i => scope.Contains(i.UnitId)))
            .Select(i => new OwedPair { IndicatorId = i.Id, UnitId = i.UnitId, Year = i.PlanYear!.Year, Profile = i.Profile });
        // A share of the unit's own indicator is its own pair already.
        var shared = (oneUnit ? targets.Where(x => x.UnitId == unitId) : targets.Where(x => scope.Contains(x.UnitId)))
            .Select(x => new { x.IndicatorId, x.UnitId }).Distinct()
            .Join(indicators, x => x.IndicatorId, i => i.Id, (x, i) => new { x.UnitId, Indicator = i })
            .Where(x => x.UnitId != x.Indicator.UnitId)
            .Select(x => new OwedPair { IndicatorId = x.Indicator.Id, UnitId = x.UnitId, Year = x.Indicator.PlanYear!.Year, Profile = x.Indicator.Profile });
        var values = db.Set<IndicatorValue>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(v => v.IsCurrent);
        return own.Concat(shared)
            .Select(p => new
            {
                p.IndicatorId,
                p.UnitId,
                p.Year,
                Ended = p.Year == last
                    ? (p.Profile == ScheduleProfile.Monthly ? lastMonthly : p.Profile == ScheduleProfile.Quarterly ? lastQuarterly : lastAnnual)
                    : (p.Profile == ScheduleProfile.Monthly ? monthly : p.Profile == ScheduleProfile.Quarterly ? quarterly : annual),
            })
            // A value's year is its indicator's (every writer sets it so): with it, the values' index is sought to the pair's periods.
            .Select(p => p.Ended - values.Where(v => v.IndicatorId == p.IndicatorId && v.UnitId == p.UnitId && v.Year == p.Year && v.Period <= p.Ended)
                .Select(v => v.Period).Distinct().Count());
    }

    private sealed class OwedPair
    {
        public int IndicatorId { get; init; }

        public int UnitId { get; init; }

        public int Year { get; init; }

        public ScheduleProfile Profile { get; init; }
    }

    private sealed record OwedValue(int IndicatorId, string Name, ScheduleProfile Profile, int Year, string Unit, int Period, DateOnly Due);

    private async Task<List<OwedValue>> OwedValuesAsync(CancellationToken ct)
    {
        int[] years = [today.Year - 1, today.Year];
        var scope = IndicatorScope.ScopeUnits(db);
        IQueryable<Indicator> visible;
        if (db.CurrentUser.Scope == DataScope.All)
        {
            visible = IndicatorScope.Visible(db).AsNoTracking().Where(i => years.Contains(i.PlanYear!.Year));
        }
        else
        {
            // The visible indicators (IndicatorScope.Visible: the scope's units' own and those they hold a
            // share of), found from the scope's units by their indexes instead of testing every indicator of
            // the two years, and as one list of ids: two tests joined by OR made PostgreSQL read every
            // indicator. The list is the visibility test itself, so Visible's test is not run as well; the
            // scope filter is lifted by name as Visible lifts it (each set here applies the scope itself).
            var own = db.Set<Indicator>().Where(i => scope.Contains(i.UnitId)).Select(i => i.Id);
            var shared = db.Set<IndicatorTarget>().Where(x => scope.Contains(x.UnitId)).Select(x => x.IndicatorId);
            var reached = own.Concat(shared);
            visible = db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking()
                .Where(i => years.Contains(i.PlanYear!.Year) && reached.Contains(i.Id));
        }

        var indicators = await visible
            .Select(i => new { i.Id, i.Name, i.Profile, i.PlanYear!.Year, i.UnitId, Unit = i.Unit!.Name, Own = scope.Contains(i.UnitId) })
            .ToListAsync(ct);
        if (indicators.Count == 0)
        {
            return [];
        }

        // Targets and values are read through the scope filter: only the user's own units' shares and values. The ids
        // go as one parameter: as a parameter each, EF wrote the SQL anew for each count of ids, on every count.
        var ids = indicators.Select(i => i.Id).ToList();
        var shares = await db.Set<IndicatorTarget>().AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.IndicatorId))
            .Select(x => new { x.IndicatorId, x.UnitId, Unit = x.Unit!.Name }).Distinct().ToListAsync(ct);
        var current = db.Set<IndicatorValue>().AsNoTracking().Where(v => v.IsCurrent);

        // Per indicator and unit, how many periods have a value and the last of them: periods end in order, so a pair
        // whose values are periods 1 to n, with n at least its last ended period, owes nothing — most of them, once a
        // unit reports. Only the others' periods are read (a province unit's shares are some 2,000 values).
        var filled = await current.Where(v => EF.Parameter(ids).Contains(v.IndicatorId))
            .GroupBy(v => new { v.IndicatorId, v.UnitId })
            .Select(g => new { g.Key.IndicatorId, g.Key.UnitId, Periods = g.Select(v => v.Period).Distinct().Count(), Last = g.Max(v => v.Period) })
            .ToListAsync(ct);
        var byId = indicators.ToDictionary(i => i.Id);
        int Ended(int indicatorId) => Enumerable.Range(1, IndicatorStatus.PeriodCount(byId[indicatorId].Profile))
            .Count(period => ToDoRules.PeriodEnded(byId[indicatorId].Year, byId[indicatorId].Profile, period, today));
        var complete = filled.Where(f => f.Periods == f.Last && f.Last >= Ended(f.IndicatorId)).Select(f => (f.IndicatorId, f.UnitId)).ToHashSet();
        var partly = filled.Where(f => !complete.Contains((f.IndicatorId, f.UnitId))).Select(f => f.IndicatorId).Distinct().ToList();
        var given = partly.Count == 0 ? [] : (await current.Where(v => EF.Parameter(partly).Contains(v.IndicatorId))
            .Select(v => new { v.IndicatorId, v.UnitId, v.Period }).ToListAsync(ct)).ToHashSet();

        var pairs = indicators.Where(i => i.Own).Select(i => (Indicator: i, i.UnitId, i.Unit))
            .Concat(shares.Join(indicators, s => s.IndicatorId, i => i.Id, (s, i) => (Indicator: i, s.UnitId, s.Unit)))
            .DistinctBy(p => (p.Indicator.Id, p.UnitId))
            .Where(p => !complete.Contains((p.Indicator.Id, p.UnitId)));
        return [.. pairs
            .SelectMany(p => Enumerable.Range(1, IndicatorStatus.PeriodCount(p.Indicator.Profile))
                .Where(period => ToDoRules.PeriodEnded(p.Indicator.Year, p.Indicator.Profile, period, today)
                    && !given.Contains(new { IndicatorId = p.Indicator.Id, p.UnitId, Period = period }))
                .Select(period => new OwedValue(p.Indicator.Id, p.Indicator.Name, p.Indicator.Profile, p.Indicator.Year, p.Unit, period,
                    ToDoRules.IndicatorValueDue(p.Indicator.Year, p.Indicator.Profile, period))))
            .OrderBy(o => o.Due)];
    }

    private ToDoEntry ValueEntry(ToDoStep step, string indicator, ScheduleProfile profile, int indicatorId, string unit, int year, int period) =>
        Entry(ToDoKind.Indicator, step, t["ToDo.IndicatorTitle", indicator, year, IndicatorText.Period(t, profile, period)], unit,
            $"/goals/indicators/{indicatorId}", ToDoRules.IndicatorValueDue(year, profile, period));

    /// <summary>Review submissions of open campaigns waiting for the user's step, due by the campaign's deadline.</summary>
    private ToDoSource Reviews(ToDoStep step, SubmissionStatus[] statuses)
    {
        var rows = Waiting(db.Set<ReviewSubmission>().AsNoTracking(), step, statuses)
            .Where(s => s.Campaign!.Status == CampaignStatus.Open)
            .OrderBy(s => s.Campaign!.Deadline).ThenBy(s => s.Id)
            .Select(s => new { s.Id, Campaign = s.Campaign!.Title, Unit = s.Unit!.Name, s.Campaign.Deadline });
        return Ordered(ToDoKind.Review, rows, s => Entry(ToDoKind.Review, step,
            t["Reviews.NoticeSubject", s.Campaign, s.Unit], s.Unit, $"/reviews/submissions/{s.Id}", s.Deadline));
    }

    /// <summary>Open problems with a deadline whose responsible unit is the user's own unit or one below it.</summary>
    private ToDoSource Problems(string unitPath)
    {
        // Each open problem's unit looked up by its key (as the problem list does): an IN over the units whose path
        // starts so read the whole path index, as a LIKE with a parameter cannot seek it.
        var rows = db.Set<Problem>().AsNoTracking()
            .Where(p => p.Status == ProblemStatus.Open && p.Deadline != null
                && db.Set<Unit>().Any(u => u.Id == p.UnitId && u.Path.StartsWith(unitPath)))
            .OrderBy(p => p.Deadline).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Title, Unit = p.Unit!.Name, p.Deadline });
        return Ordered(ToDoKind.Problem, rows, p => Entry(ToDoKind.Problem, ToDoStep.Answer, p.Title, p.Unit, $"/problems/{p.Id}", p.Deadline));
    }

    /// <summary>
    /// Proposals in the user's units waiting for their step, oldest step first (the office works
    /// down the queue): no deadline, a proposal has none.
    /// </summary>
    private ToDoSource Proposals(ToDoStep step, LibraryStatus[] statuses)
    {
        var steps = db.Set<ProjectProposalStep>();
        var rows = ProjectProposals.AllProjects(db).AsNoTracking()
            .Where(p => statuses.Contains(p.LibraryStatus))
            .Select(p => new { p.Id, p.Name, Unit = p.Unit!.Name, Last = steps.Where(s => s.KeyProjectId == p.Id).Max(s => (long?)s.Id) })
            .OrderBy(p => p.Last).ThenBy(p => p.Id);
        // Counted apart from the others: it lifts the library filter, and in a statement shared with them that would lift it from theirs too.
        var source = Ordered(ToDoKind.Proposal, rows, p => Entry(ToDoKind.Proposal, step, p.Name, p.Unit, $"/projects/proposals/{p.Id}", null));
        return source with { Lifts = ProjectProposals.LibraryFilter };
    }

    /// <summary>Proposals to publish on the portal that wait for this office member's 保密审查 (not their own).</summary>
    private ToDoSource PortalReviews(CurrentUser user)
    {
        var rows = PortalReviewQueries.PendingFor(db, user);
        return new(ToDoKind.Portal, null, ct => rows.CountAsync(ct), async (limit, ct) =>
            [.. (await (limit is { } n ? rows.Take(n) : rows).ToListAsync(ct))
                .Select(r => Entry(ToDoKind.Portal, ToDoStep.Approve, r.Title, null, $"/portal/reviews/{r.Id}", null))]);
    }

    private IQueryable<ExtensionRequest> PendingExtensions() => db.Set<ExtensionRequest>().Where(e => e.Status == ExtensionStatus.Pending);

    /// <summary>
    /// The items in a status where the flow's table gives the actor something to do (some
    /// statuses only while an extension request is pending). The two cases are two queries put
    /// together, not one condition with an OR: each finds its rows by an index (the status, the
    /// pending requests), where the OR made both databases read every item.
    /// </summary>
    private IQueryable<SupervisionItem> WithWork(IQueryable<SupervisionItem> items, SupervisionActor actor)
    {
        var always = ToDoRules.SupervisionStatuses(actor, false);
        var ifPending = ToDoRules.SupervisionStatuses(actor, true).Except(always).ToArray();
        var pending = PendingExtensions();
        var waiting = items.Where(i => always.Contains(i.Status));
        return ifPending.Length == 0
            ? waiting
            : waiting.Concat(items.Where(i => ifPending.Contains(i.Status) && pending.Any(e => e.SupervisionItemId == i.Id)));
    }

    /// <summary>Items in which the office has something to decide: a closure request, an extension request, a push-back.</summary>
    private ToDoSource OfficeItems()
    {
        var pending = PendingExtensions();
        var rows = WithWork(db.Set<SupervisionItem>().AsNoTracking(), SupervisionActor.Office)
            .OrderBy(i => i.Deadline).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.Title, Unit = i.Unit!.Name, i.Deadline, i.Status, Pending = pending.Any(e => e.SupervisionItemId == i.Id) });
        return Ordered(ToDoKind.Supervision, rows, i => Entry(ToDoKind.Supervision,
            ToDoRules.SupervisionStep(i.Status, SupervisionActor.Office, i.Pending)!.Value, i.Title, i.Unit, $"/supervision/{i.Id}", i.Deadline));
    }

    /// <summary>
    /// Items the user's units lead (the scope filter's items) that wait for them: to sign for,
    /// to feed back on — due when the feedback calendar next asks, or since it missed one.
    /// Counted in the database; the due dates need the lead unit's feedback days, so the list is
    /// ordered here.
    /// </summary>
    private ToDoSource LeadItems()
    {
        var items = WithWork(db.Set<SupervisionItem>().AsNoTracking(), SupervisionActor.Lead);
        var pending = PendingExtensions();
        return new(ToDoKind.Supervision, items.Select(_ => 1), null, async (_, ct) =>
        {
            var rows = await items
                .Select(i => new
                {
                    i.Id,
                    i.Title,
                    Unit = i.Unit!.Name,
                    i.Deadline,
                    i.Status,
                    i.Cadence,
                    i.CreatedAtUtc,
                    Pending = pending.Any(e => e.SupervisionItemId == i.Id),
                    Feedback = db.Set<SupervisionFeedback>().Where(f => f.SupervisionItemId == i.Id && f.UnitId == i.UnitId).Select(f => f.CreatedAtUtc).ToList(),
                })
                .ToListAsync(ct);
            return [.. rows.Select(i =>
            {
                var step = ToDoRules.SupervisionStep(i.Status, SupervisionActor.Lead, i.Pending)!.Value;
                var due = step == ToDoStep.Feedback
                    ? ToDoRules.FeedbackDue(SupervisionLights.Day(i.CreatedAtUtc), i.Deadline, i.Cadence, [.. i.Feedback.Select(SupervisionLights.Day)], today)
                    : i.Deadline;
                return Entry(ToDoKind.Supervision, step, i.Title, i.Unit, $"/supervision/{i.Id}", due);
            }).OrderBy(e => e.Deadline)];
        });
    }

    /// <summary>Items the user's units cooperate on (and do not lead) that are under way: theirs to feed back on by the deadline.</summary>
    private ToDoSource CooperatingItems()
    {
        var lead = SupervisionAccess.ScopeUnits(db);
        var rows = WithWork(SupervisionAccess.Cooperating(db).AsNoTracking(), SupervisionActor.Cooperating)
            .Where(i => !lead.Contains(i.UnitId))
            .OrderBy(i => i.Deadline).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.Title, Unit = i.Unit!.Name, i.Deadline });
        // Counted with the sources that lift the scope filter too: it lifts it (for the one exception, SupervisionAccess.Cooperating),
        // and in a statement shared with the others that would lift the filter from theirs too.
        var source = Ordered(ToDoKind.Supervision, rows, i => Entry(ToDoKind.Supervision, ToDoStep.Feedback, i.Title, i.Unit, $"/supervision/{i.Id}", i.Deadline));
        return source with { Lifts = BlueprintDb.ScopeFilter };
    }
}
