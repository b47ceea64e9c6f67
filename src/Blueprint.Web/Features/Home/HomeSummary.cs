using Blueprint.Web.Data;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Home;

/// <summary>
/// The home page's headline figures. Every count and sum runs in the database; key projects,
/// problems and supervision items are confined to the user's data scope by the global query
/// filters, while units, plan years and milestones are city-wide records.
/// </summary>
public sealed record HomeSummary(
    string? CityName,
    int Units,
    int KeyProjects,
    long KeyProjectInvestment,
    int PlanYears,
    int Milestones,
    int OpenProblems,
    int OpenSupervisionItems)
{
    /// <summary>
    /// One round trip (issue 20: the home page ran a query per figure): every figure a scalar subquery
    /// of the city's row, each still confined by the query filters; compiled once (<see cref="PerModel{TQuery}"/>),
    /// the home page runs it on every view.
    /// </summary>
    private static readonly PerModel<Func<BlueprintDb, CancellationToken, Task<HomeSummary?>>> Row = new(() => EF.CompileAsyncQuery(
        (BlueprintDb db, CancellationToken ct) => db.Set<Unit>().AsNoTracking().Where(u => u.ParentId == null)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new HomeSummary(
                u.Name,
                db.Set<Unit>().Count(),
                db.Set<KeyProject>().Count(p => !p.IsArchived),
                db.Set<KeyProject>().Where(p => !p.IsArchived).Sum(p => (long?)p.TotalInvestment) ?? 0,
                db.Set<PlanYear>().Count(),
                db.Set<Milestone>().Count(),
                db.Set<Problem>().Count(p => p.Status == ProblemStatus.Open),
                db.Set<SupervisionItem>().Count(i => i.Status != SupervisionStatus.Closed)))
            .FirstOrDefault()));

    public static async Task<HomeSummary> LoadAsync(BlueprintDb db, CancellationToken cancellationToken = default)
    {
        var row = await Row.For(db)(db, cancellationToken);
        if (row is not null)
        {
            return row;
        }

        // A city without units yet (a fresh install): the same figures one by one.
        var units = db.Set<Unit>().AsNoTracking();
        var projects = db.Set<KeyProject>().AsNoTracking().Where(p => !p.IsArchived);
        return new HomeSummary(
            null,
            await units.CountAsync(cancellationToken),
            await projects.CountAsync(cancellationToken),
            await projects.SumAsync(p => p.TotalInvestment, cancellationToken),
            await db.Set<PlanYear>().CountAsync(cancellationToken),
            await db.Set<Milestone>().CountAsync(cancellationToken),
            await db.Set<Problem>().CountAsync(p => p.Status == ProblemStatus.Open, cancellationToken),
            await db.Set<SupervisionItem>().CountAsync(i => i.Status != SupervisionStatus.Closed, cancellationToken));
    }
}
