using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Proposals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// Who is told of a step of the two flows that are not submissions (for those,
/// <see cref="SubmissionNotices"/> decides):
/// <list type="bullet">
/// <item>a project proposal proposed, resubmitted or imported → the project office; accepted or
/// returned → whoever proposed or resubmitted it (else the users of its unit), a return with the reason;</item>
/// <item>a problem raised, or handed to another unit → who must answer it: the reporters and
/// leaders of its responsible unit, or of the nearest unit above that has some, else the
/// project office; answered → whoever raised it, with the answer.</item>
/// </list>
/// Nobody is told of their own step. The entries join the caller's unit of work and are saved
/// with the step.
/// </summary>
public sealed class StepNotices(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    private static readonly string[] Answerers = [Roles.UnitReporter, Roles.UnitLeader];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private int? Me => db.CurrentUser.UserId;

    /// <summary>A unit proposed a project, or proposed it again after a return: the office decides.</summary>
    public async Task ProposedAsync(KeyProject project, bool again, string dedupKey, CancellationToken ct)
    {
        var unit = await db.Set<Units.Unit>().Where(u => u.Id == project.UnitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
        var text = new NoticeText(again ? "Proposals.Notice.Resubmitted" : "Proposals.Notice.Proposed", unit ?? "", project.Code, project.Name);
        Tell(await OfficeAsync(ct), NotificationKind.General, text, ProposalLink(project), dedupKey);
    }

    /// <summary>The office accepted the proposal into the library.</summary>
    public async Task ProposalAcceptedAsync(KeyProject project, string dedupKey, CancellationToken ct) =>
        Tell(await ProposersAsync(project, ct), NotificationKind.Approved, new NoticeText("Proposals.Notice.Accepted", project.Code, project.Name),
            $"/projects/{project.Id}", dedupKey);

    /// <summary>The office returned the proposal with a reason.</summary>
    public async Task ProposalReturnedAsync(KeyProject project, string reason, string dedupKey, CancellationToken ct) =>
        Tell(await ProposersAsync(project, ct), NotificationKind.Returned, new NoticeText("Proposals.Notice.Returned", project.Code, project.Name, reason),
            ProposalLink(project), dedupKey);

    /// <summary>A unit's project import filed proposals: the office is told once per import, with the count.</summary>
    public async Task ProposalsImportedAsync(int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return;
        }

        var who = await db.Set<User>().Where(u => u.Id == Me).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? db.CurrentUser.UserName ?? "";
        Tell(await OfficeAsync(ct), NotificationKind.General, new NoticeText("Proposals.Notice.Imported", who, count), "/projects/proposals?status=Proposed", null);
    }

    /// <summary>A problem (already saved: the link needs its id) now waits for its responsible unit's answer.</summary>
    public async Task ProblemRaisedAsync(Problem problem, CancellationToken ct)
    {
        var answerers = await Inbox.NearestRoleUsersAsync(db, problem.UnitId, Answerers, ct);
        Tell(answerers.Count > 0 ? answerers : await OfficeAsync(ct), NotificationKind.ProblemRaised,
            new NoticeText("Problems.Notice.Raised", problem.Title), ProblemLink(problem), null);
    }

    /// <summary>Saves a new problem, then tells who must answer it, in one transaction (the caller's, or one of its own).</summary>
    public async Task SaveRaisedAsync(Problem problem, CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await ProblemRaisedAsync(problem, ct);
        await db.SaveChangesAsync(ct);
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }
    }

    /// <summary>The responsible side answered (resolved, or cannot be solved now): the one who raised it reads the answer.</summary>
    public void ProblemAnswered(Problem problem)
    {
        var key = problem.Status == ProblemStatus.Resolved ? "Problems.Notice.Resolved" : "Problems.Notice.CannotSolveNow";
        Tell(problem.RaisedById is { } raiser ? [raiser] : [], NotificationKind.ProblemAnswered,
            new NoticeText(key, problem.Title, problem.Answer ?? ""), ProblemLink(problem), null);
    }

    private void Tell(IEnumerable<int> users, NotificationKind kind, NoticeText text, string link, string? dedupKey) =>
        Inbox.Notify(db, users.Where(u => u != Me), kind, text, t, link, dedupKey, Now);

    private Task<List<int>> OfficeAsync(CancellationToken ct) =>
        Inbox.RoleUsers(db, Roles.ProjectOffice).Select(u => u.Id).Distinct().ToListAsync(ct);

    /// <summary>Whoever proposed or resubmitted the project; for a proposal with no recorded proposer, the users of its unit.</summary>
    private async Task<List<int>> ProposersAsync(KeyProject project, CancellationToken ct)
    {
        var proposers = await db.Set<ProjectProposalStep>()
            .Where(s => s.KeyProjectId == project.Id && s.ActorId != null && (s.Kind == ProposalStepKind.Proposed || s.Kind == ProposalStepKind.Resubmitted))
            .Select(s => s.ActorId!.Value).Distinct().ToListAsync(ct);
        return proposers.Count > 0 ? proposers
            : await db.Set<User>().Where(u => u.UnitId == project.UnitId).Select(u => u.Id).ToListAsync(ct);
    }

    private static string ProposalLink(KeyProject project) => $"/projects/proposals/{project.Id}";

    private static string ProblemLink(Problem problem) => $"/problems/{problem.Id}";
}
