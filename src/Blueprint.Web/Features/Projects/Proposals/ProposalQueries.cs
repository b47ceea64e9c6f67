using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Projects.Proposals;

/// <summary>One proposal of the list: the project's facts, where it stands, and its last step.</summary>
public sealed record ProposalRowDto(
    int Id, string Code, string Name, int UnitId, string? UnitName, ProjectCategory Category, ProjectStage Stage, long TotalInvestment,
    LibraryStatus Status, DateTime ProposedAtUtc, string? ProposedBy, DateTime LastStepAtUtc, string? ReturnReason, int Version);

public sealed record ProposalStepDto(long Id, ProposalStepKind Kind, string? ActorName, string? UnitName, DateTime AtUtc, string? Reason);

/// <summary>A proposal with its history and what the current user may do with it now.</summary>
public sealed record ProposalDto(
    KeyProjectDto Project, string? Description, LibraryStatus Status, ProposalActor Actor, IReadOnlyList<ProposalAction> AllowedActions,
    bool CanEdit, IReadOnlyList<ProposalStepDto> Steps);

/// <summary>The list's filters: where proposals stand (InLibrary: accepted), the unit and those below it, the category, a text in code, name or location.</summary>
public sealed record ProposalFilter(LibraryStatus? Status = null, int? UnitId = null, ProjectCategory? Category = null, string? Q = null);

/// <summary>Reading proposals: the office's waiting list, a unit's own proposals and their state, one proposal's page.</summary>
public static class ProposalQueries
{
    /// <summary>
    /// Every project that is or was a proposal, in the user's units: those not in the library,
    /// and those accepted into it (they have steps). Oldest first while waiting (the office works
    /// down the queue), newest first otherwise.
    /// </summary>
    public static async Task<IQueryable<ProposalRowDto>> QueryAsync(BlueprintDb db, ProposalFilter f, CancellationToken ct)
    {
        var steps = db.Set<ProjectProposalStep>();
        var projects = ProjectProposals.AllProjects(db).AsNoTracking()
            .Where(p => p.LibraryStatus != LibraryStatus.InLibrary || steps.Any(s => s.KeyProjectId == p.Id));
        projects = f.Status is { } status ? projects.Where(p => p.LibraryStatus == status) : projects;
        projects = f.Category is { } category ? projects.Where(p => p.Category == category) : projects;
        if (f.UnitId is { } unitId)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            projects = projects.Where(p => db.Set<Unit>().Any(u => u.Id == p.UnitId && u.Path.StartsWith(path)));
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            projects = projects.Where(p => p.Code.Contains(q) || p.Name.Contains(q) || (p.Location != null && p.Location.Contains(q)));
        }

        // The last step's id orders as its time does (steps are only ever added).
        projects = f.Status == LibraryStatus.Proposed
            ? projects.OrderBy(p => steps.Where(s => s.KeyProjectId == p.Id).Max(s => (long?)s.Id)).ThenBy(p => p.Id)
            : projects.OrderByDescending(p => steps.Where(s => s.KeyProjectId == p.Id).Max(s => (long?)s.Id)).ThenByDescending(p => p.Id);
        var users = db.Set<User>();
        return projects.Select(p => new ProposalRowDto(
            p.Id, p.Code, p.Name, p.UnitId, p.Unit != null ? p.Unit.Name : null, p.Category, p.Stage, p.TotalInvestment, p.LibraryStatus,
            steps.Where(s => s.KeyProjectId == p.Id).OrderBy(s => s.Id).Select(s => s.AtUtc).FirstOrDefault(),
            users.Where(u => u.Id == steps.Where(s => s.KeyProjectId == p.Id).OrderBy(s => s.Id).Select(s => s.ActorId).FirstOrDefault())
                .Select(u => u.DisplayName).FirstOrDefault(),
            steps.Where(s => s.KeyProjectId == p.Id).OrderByDescending(s => s.Id).Select(s => s.AtUtc).FirstOrDefault(),
            p.LibraryStatus == LibraryStatus.Returned
                ? steps.Where(s => s.KeyProjectId == p.Id && s.Kind == ProposalStepKind.Returned).OrderByDescending(s => s.Id).Select(s => s.Reason).FirstOrDefault()
                : null,
            p.Version));
    }

    public static async Task<Page<ProposalRowDto>> PageAsync(BlueprintDb db, ProposalFilter f, int? page, int? pageSize, CancellationToken ct) =>
        await (await QueryAsync(db, f, ct)).ToPageAsync(page, pageSize, ct);

    /// <summary>One proposal, or null when it is none or outside the user's units (a library project that never was one is not a proposal).</summary>
    public static async Task<ProposalDto?> DetailAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var project = await ProjectProposals.AllProjects(db).AsNoTracking().Where(p => p.Id == id)
            .Select(p => new
            {
                Dto = new KeyProjectDto(
                p.Id, p.Code, p.Name, p.UnitId, p.Unit != null ? p.Unit.Name : null, p.ResponsibleLeader, p.Category, p.Stage,
                p.IndustryChain, p.ChainLink, p.Location, p.TotalInvestment, p.PlannedStart, p.PlannedCompletion,
                p.ActualStart, p.ActualCompletion, p.PlannedBenefit, p.ActualBenefit, p.IsArchived, p.Version, p.Latitude, p.Longitude),
                p.Description,
                p.LibraryStatus
            })
            .SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return null;
        }

        var users = db.Set<User>();
        var units = db.Set<Unit>();
        var steps = await db.Set<ProjectProposalStep>().AsNoTracking().Where(s => s.KeyProjectId == id).OrderBy(s => s.Id)
            .Select(s => new ProposalStepDto(s.Id, s.Kind, users.Where(u => u.Id == s.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                units.Where(u => u.Id == s.UnitId).Select(u => u.ShortName ?? u.Name).FirstOrDefault(), s.AtUtc, s.Reason))
            .ToListAsync(ct);
        if (project.LibraryStatus == LibraryStatus.InLibrary && steps.Count == 0)
        {
            return null;
        }

        var actor = ProjectProposals.ActorOf(db.CurrentUser);
        return new ProposalDto(project.Dto, project.Description, project.LibraryStatus, actor,
            ProposalFlow.Allowed(project.LibraryStatus, actor), ProposalFlow.CanEdit(project.LibraryStatus, actor), steps);
    }

    /// <summary>How many proposals wait for the office in the user's units (the list's and the home page's count).</summary>
    public static Task<int> WaitingAsync(BlueprintDb db, CancellationToken ct) =>
        ProjectProposals.AllProjects(db).CountAsync(p => p.LibraryStatus == LibraryStatus.Proposed, ct);
}
