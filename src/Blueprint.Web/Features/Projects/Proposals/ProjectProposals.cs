using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects.Proposals;

/// <summary>What the office sends to accept or return a proposal, or a unit to resubmit one as it stands.</summary>
public sealed record ProposalActionInput(ProposalAction Action, string? Reason, int Version);

/// <summary>
/// Project proposals (项目申报): a unit proposes a project, the project office accepts it into
/// the library or returns it with a reason, and the unit edits and proposes it again. A proposal
/// is a <see cref="KeyProject"/> whose <see cref="KeyProject.LibraryStatus"/> is not yet
/// <see cref="LibraryStatus.InLibrary"/>; the model's <see cref="LibraryFilter"/> keeps it out of
/// every other query, and this class is the only code that looks past that filter
/// (docs/decisions/0018-project-proposals.md). Each step is saved with its notices in one transaction.
/// </summary>
public sealed class ProjectProposals(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    /// <summary>The name of the query filter that shows every query the library alone.</summary>
    public const string LibraryFilter = "Library";

    /// <summary>Projects in and out of the library, still in the user's units (only the library filter is ignored).</summary>
    public static IQueryable<KeyProject> AllProjects(BlueprintDb db) => db.Set<KeyProject>().IgnoreQueryFilters([LibraryFilter]);

    /// <summary>How the current user stands to proposals of the units they see.</summary>
    public static ProposalActor ActorOf(CurrentUser user) =>
        user.IsInRole(Roles.ProjectOffice) ? ProposalActor.Office
        : Roles.Of(Roles.ProjectProposers).Any(user.IsInRole) ? ProposalActor.Proposer
        : ProposalActor.Viewer;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A unit proposes a new project: it waits for the project office and counts nowhere yet.</summary>
    public async Task<StepOutcome<KeyProject>> ProposeAsync(KeyProjectInput input, string? description, CancellationToken ct)
    {
        if (!ProposalFlow.CanPropose(ActorOf(db.CurrentUser)))
        {
            return Refusal.Forbidden("Proposals.OnlyUnitsPropose");
        }

        var check = (await ProjectsApi.ValidateAsync(input, null, db, t, ct))
            .Require((description?.Length ?? 0) <= KeyProject.MaxDescription, "description", "Field.TooLong", KeyProject.MaxDescription);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var project = new KeyProject { Code = input.Code.Trim(), Name = input.Name.Trim(), LibraryStatus = LibraryStatus.Proposed };
        ProjectsApi.Apply(project, input);
        project.Description = description;
        db.Add(project);
        db.Add(Step(project, ProposalStepKind.Proposed, Now));
        return await SaveWithNoticesAsync(project, () => Notices.ProposedAsync(project, again: false, $"proposal:{project.Id}:proposed", ct), ct);
    }

    /// <summary>
    /// The unit edits a returned proposal and proposes it again (<paramref name="input"/> null:
    /// again as it stands). A description of null keeps the one it had; empty clears it.
    /// </summary>
    public async Task<StepOutcome<KeyProject>> ResubmitAsync(int id, KeyProjectInput? input, string? description, int version, CancellationToken ct)
    {
        var project = await AllProjects(db).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !await IsProposalAsync(project, ct))
        {
            return Refusal.NotFound;
        }

        if (Refused(project, ProposalAction.Resubmit) is { } refusal)
        {
            return refusal;
        }

        if (input is not null)
        {
            var check = (await ProjectsApi.ValidateAsync(input, id, db, t, ct))
                .Require((description?.Length ?? 0) <= KeyProject.MaxDescription, "description", "Field.TooLong", KeyProject.MaxDescription);
            if (!check.IsValid)
            {
                return Refusal.Invalid(check.Errors);
            }

            project.Code = input.Code.Trim();
            project.Name = input.Name.Trim();
            ProjectsApi.Apply(project, input);
            project.Description = description is null ? project.Description : description.Length == 0 ? null : description;
            await ProjectUnitMove.CarryAsync(db, project, ct);
        }

        return await MoveAsync(project, ProposalAction.Resubmit, version, null, ct);
    }

    /// <summary>One action of the flow on a proposal as it stands: the office accepts or returns it, the unit resubmits it.</summary>
    public async Task<StepOutcome<KeyProject>> ActAsync(int id, ProposalActionInput input, CancellationToken ct)
    {
        if (input.Action == ProposalAction.Resubmit)
        {
            return await ResubmitAsync(id, null, null, input.Version, ct);
        }

        var project = await AllProjects(db).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !await IsProposalAsync(project, ct))
        {
            return Refusal.NotFound;
        }

        if (Refused(project, input.Action) is { } refusal)
        {
            return refusal;
        }

        var reason = input.Reason?.Trim();
        var check = new Validation(t)
            .Require(!ProposalFlow.NeedsReason(input.Action) || !string.IsNullOrEmpty(reason), "reason", "Proposals.ReasonRequired")
            .Require((reason?.Length ?? 0) <= 500, "reason", "Proposals.ReasonTooLong");
        return check.IsValid ? await MoveAsync(project, input.Action, input.Version, reason, ct) : Refusal.Invalid(check.Errors);
    }

    /// <summary>Why the current user may not take the action now: forbidden for the wrong side, a conflict for the wrong moment.</summary>
    private Refusal? Refused(KeyProject project, ProposalAction action)
    {
        var actor = ActorOf(db.CurrentUser);
        if (ProposalFlow.Next(project.LibraryStatus, action, actor) is not null)
        {
            return null;
        }

        var theirs = Enum.GetValues<LibraryStatus>().Any(s => ProposalFlow.Next(s, action, actor) is not null);
        return theirs ? Refusal.Conflict("Proposals.NotNow") : Refusal.Forbidden("Proposals.NotYourAction");
    }

    /// <summary>A project in the library that never was a proposal has no proposal to act on.</summary>
    private async Task<bool> IsProposalAsync(KeyProject project, CancellationToken ct) =>
        project.LibraryStatus != LibraryStatus.InLibrary || await db.Set<ProjectProposalStep>().AnyAsync(s => s.KeyProjectId == project.Id, ct);

    private async Task<StepOutcome<KeyProject>> MoveAsync(KeyProject project, ProposalAction action, int version, string? reason, CancellationToken ct)
    {
        db.ExpectVersion(project, version);
        var now = Now;
        project.LibraryStatus = ProposalFlow.Next(project.LibraryStatus, action, ActorOf(db.CurrentUser))!.Value;
        db.Add(Step(project, ProposalFlow.StepKind(action), now, reason));
        var key = $"proposal:{project.Id}:{action}:v{version}";
        switch (action)
        {
            case ProposalAction.Accept:
                // Its history in the figures starts now, dated by its own dates as every path dates stages.
                db.AddRange(ProjectStages.Changes(project, null, clock));
                await Notices.ProposalAcceptedAsync(project, key, ct);
                break;
            case ProposalAction.Return:
                await Notices.ProposalReturnedAsync(project, reason!, key, ct);
                break;
            default:
                await Notices.ProposedAsync(project, again: true, key, ct);
                break;
        }

        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>A new proposal's link needs its id: saved first, then its notices, in one transaction.</summary>
    private async Task<StepOutcome<KeyProject>> SaveWithNoticesAsync(KeyProject project, Func<Task> notify, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await notify();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return project;
    }

    internal static ProjectProposalStep NewStep(KeyProject project, ProposalStepKind kind, DateTime nowUtc, int? actorId, string? reason = null) =>
        new() { KeyProject = project, UnitId = project.UnitId, Kind = kind, ActorId = actorId, AtUtc = nowUtc, Reason = reason };

    private ProjectProposalStep Step(KeyProject project, ProposalStepKind kind, DateTime nowUtc, string? reason = null) =>
        NewStep(project, kind, nowUtc, db.CurrentUser.UserId, reason);

    /// <summary>Who is told of each step is decided with the problems' notices, in one place.</summary>
    private StepNotices Notices => new(db, t, clock);

    /// <summary>A unit's project import files proposals: the office is told once per import, with the count.</summary>
    public static Task NotifyImportedAsync(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock, IReadOnlyCollection<KeyProject> projects, CancellationToken ct) =>
        new StepNotices(db, t, clock).ProposalsImportedAsync(projects.Count, ct);
}
