using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Cockpit;

/// <summary>A problem overdue at the cockpit's day.</summary>
public sealed record OverdueProblem(int Id, string Title, string? ProjectName, string UnitName, DateOnly Deadline);

public sealed record ProblemState(int Open, int Overdue, IReadOnlyList<OverdueProblem> OverdueProblems);

/// <summary>
/// Problems as they stood at the end of a day, from their raised and answered instants: open
/// when raised by then and not answered by then; overdue by <see cref="ProblemList.IsOverdue"/>'s
/// rule (still open and the deadline day has passed) judged at that day. For today it is the
/// problem list's own open and overdue filters.
/// </summary>
public static class ProblemsAsOf
{
    public static async Task<ProblemState> ComputeAsync(BlueprintDb db, DateOnly day, DateTime dayEndUtc, int listSize, CancellationToken ct)
    {
        var open = db.Set<Problem>().AsNoTracking().Where(ProblemList.OpenAt(dayEndUtc));
        var overdue = db.Set<Problem>().AsNoTracking().Where(ProblemList.OverdueAt(day, dayEndUtc));
        var counts = await open.GroupBy(p => 1)
            .Select(g => new { Open = g.Count(), Overdue = g.Count(p => p.Deadline != null && p.Deadline < day) })
            .SingleOrDefaultAsync(ct);
        var list = listSize == 0 ? [] : await overdue.OrderBy(p => p.Deadline).ThenBy(p => p.Id).Take(listSize)
            .Select(p => new OverdueProblem(p.Id, p.Title, p.KeyProject != null ? p.KeyProject.Name : null, p.Unit!.Name, p.Deadline!.Value))
            .ToListAsync(ct);
        return new ProblemState(counts?.Open ?? 0, counts?.Overdue ?? 0, list);
    }
}
