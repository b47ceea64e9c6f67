using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
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
internal sealed partial class ToDoSources(BlueprintDb db, IStringLocalizer<SharedResource> t, DateOnly today)
{
    /// <summary>
    /// The sources that concern the user, each to be built when asked (a page lists only those with
    /// entries). Which sources, and in which order, depends on the user's roles and whether they have a
    /// unit path, nothing else: the order is the same for every user of a shape (<see cref="ToDoPlans"/>).
    /// </summary>
    public IEnumerable<Func<ToDoSource>> For(CurrentUser user)
    {
        if (ToDoRules.Duty(SubmissionKind.Progress, user) is { } progress)
        {
            if (progress.Step == ToDoStep.Fill)
            {
                yield return () => OwedReports();
            }

            yield return () => Reports(progress.Step, progress.Statuses);
        }

        if (ToDoRules.Duty(SubmissionKind.IndicatorValue, user) is { } values)
        {
            yield return () => Values(values.Step, values.Statuses);
            if (values.Step == ToDoStep.Fill)
            {
                yield return () => OwedValues();
            }
        }

        if (ToDoRules.Duty(SubmissionKind.Review, user) is { } reviews)
        {
            yield return () => Reviews(reviews.Step, reviews.Statuses);
        }

        if (Roles.Of(Roles.ProblemEditors).Any(user.IsInRole) && user.UnitPath is { } path)
        {
            yield return () => Problems(path);
        }

        if (ToDoRules.ProposalDuty(ProjectProposals.ActorOf(user)) is { } proposals)
        {
            yield return () => Proposals(proposals.Step, proposals.Statuses);
        }

        if (Roles.Of(PortalReviewFlow.Reviewers).Any(user.IsInRole))
        {
            yield return () => PortalReviews(user);
        }

        switch (SupervisionAccess.RoleActor(user))
        {
            case SupervisionActor.Office:
                yield return () => OfficeItems();
                break;
            case null:
                yield return () => LeadItems();
                yield return () => CooperatingItems();
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
        // The statuses are inlined (SqlSets): over an array parameter EF would write the SQL again on every execution.
        records = records.Where(SqlSets.RareOneOf<T, SubmissionStatus>(r => r.Status, statuses));
        return step switch
        {
            ToDoStep.Approve => records.Where(r => r.SubmittedById != me),
            ToDoStep.Accept => records.Where(r => r.SubmittedById != me && r.ApprovedById != me),
            _ => records,
        };
    }

    /// <summary>A source whose order is the query's own: counted with the others in one statement, and limited in the database.</summary>
    private static ToDoSource Ordered<TRow>(ToDoKind kind, IQueryable<TRow> rows, Func<TRow, ToDoEntry> entry) =>
        Listed(kind, rows.Select(_ => 1), rows, true, found => found.Select(entry));

    /// <summary>
    /// A source counted with the others in one statement and listed by one query of <paramref name="rows"/>
    /// (limited in the database when <paramref name="limited"/>; else all its rows are read and
    /// <paramref name="entriesOf"/> orders them), which can be compiled for a shape of user (<see cref="ToDoPlans"/>).
    /// </summary>
    private static ToDoSource Listed<TRow>(ToDoKind kind, IQueryable<int> entries, IQueryable<TRow> rows, bool limited, Func<List<TRow>, IEnumerable<ToDoEntry>> entriesOf) =>
        new(kind, entries, null, async (limit, ct) => [.. entriesOf(await (limited && limit is { } n ? rows.Take(n) : rows).ToListAsync(ct))])
        {
            Compiled = () =>
            {
                var run = PerShape.Compile(limited ? rows.Take(PerShape.Limit) : rows);
                return async (db, limit, ct) =>
                {
                    var (userId, unitId, unitPath) = PerShape.ValuesOf(db.CurrentUser);
                    return [.. entriesOf(await run(db, userId, unitId, unitPath, limit ?? int.MaxValue).ToListAsync(ct))];
                };
            },
        };

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
            .Where(SqlSets.OneOf<KeyProject, LibraryStatus>(p => p.LibraryStatus, statuses))
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
        var waiting = items.Where(SqlSets.OneOf<SupervisionItem, SupervisionStatus>(i => i.Status, always));
        return ifPending.Length == 0
            ? waiting
            : waiting.Concat(items.Where(SqlSets.OneOf<SupervisionItem, SupervisionStatus>(i => i.Status, ifPending))
                .Where(i => pending.Any(e => e.SupervisionItemId == i.Id)));
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
        var rows = items.Select(i => new
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
        });
        return Listed(ToDoKind.Supervision, items.Select(_ => 1), rows, false, found => found.Select(i =>
        {
            var step = ToDoRules.SupervisionStep(i.Status, SupervisionActor.Lead, i.Pending)!.Value;
            var due = step == ToDoStep.Feedback
                ? ToDoRules.FeedbackDue(SupervisionLights.Day(i.CreatedAtUtc), i.Deadline, i.Cadence, [.. i.Feedback.Select(SupervisionLights.Day)], today)
                : i.Deadline;
            return Entry(ToDoKind.Supervision, step, i.Title, i.Unit, $"/supervision/{i.Id}", due);
        }).OrderBy(e => e.Deadline));
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
