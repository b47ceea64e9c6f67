using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Milestones;

/// <summary>A milestone as the office writes it. Whether it is public is not part of it: that takes a review (Features/Portal, decision 0026).</summary>
public sealed record MilestoneInput(
    DateOnly Date, bool MonthOnly, string? Title, string? Description, int? KeyProjectId, int? GoalId, List<int>? UnitIds, int Version = 0);

public sealed record MilestoneDto(
    int Id, DateOnly Date, bool MonthOnly, string Title, string? Description, int? KeyProjectId, string? ProjectName, int? GoalId, string? GoalTitle,
    IReadOnlyList<MilestoneUnitDto> Units, bool IsPublic, int Version);

public sealed record MilestoneUnitDto(int Id, string Name);

/// <summary>The timeline's filters; every one optional.</summary>
public sealed record MilestoneFilter(int? Year = null, int? UnitId = null, int? KeyProjectId = null, int? GoalId = null, string? Q = null);

/// <summary>
/// The city's record of dated achievements (大事记). Milestones are city-wide (not unit-owned),
/// so everyone reads them all; the offices write them. Linked projects and goals are read
/// without the scope filter for their names only, since a milestone names them publicly.
/// </summary>
public sealed class MilestoneRecords(BlueprintDb db, IStringLocalizer<SharedResource> t)
{
    public const string Editors = Roles.ProjectOffice + "," + Roles.SupervisionOffice;

    public static IQueryable<MilestoneDto> Query(BlueprintDb db, MilestoneFilter f)
    {
        var query = db.Set<Milestone>().AsNoTracking();
        if (BadQueryException.Year(f.Year) is { } year)
        {
            query = query.Where(m => m.Date >= new DateOnly(year, 1, 1) && m.Date <= new DateOnly(year, 12, 31));
        }

        query = f.UnitId is { } unitId ? query.Where(m => m.Units.Any(u => u.UnitId == unitId)) : query;
        query = f.KeyProjectId is { } projectId ? query.Where(m => m.KeyProjectId == projectId) : query;
        query = f.GoalId is { } goalId ? query.Where(m => m.GoalId == goalId) : query;
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            query = query.Where(m => m.Title.Contains(q) || (m.Description != null && m.Description.Contains(q)));
        }

        return Project(db, query.OrderBy(m => m.Date).ThenBy(m => m.Id));
    }

    public static Task<MilestoneDto?> FindAsync(BlueprintDb db, int id, CancellationToken ct) =>
        Project(db, db.Set<Milestone>().AsNoTracking().Where(m => m.Id == id)).FirstOrDefaultAsync(ct);

    private static IQueryable<MilestoneDto> Project(BlueprintDb db, IQueryable<Milestone> query)
    {
        // A milestone is city-wide: it names its project and goal past the user's units. Only the
        // scope filter is ignored (for the whole query, as EF applies it), so a proposal is never named.
        var projects = db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]);
        var goals = db.Set<Goal>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]);
        return query.Select(m => new MilestoneDto(
            m.Id, m.Date, m.MonthOnly, m.Title, m.Description,
            m.KeyProjectId, projects.Where(p => p.Id == m.KeyProjectId).Select(p => p.Name).FirstOrDefault(),
            m.GoalId, goals.Where(g => g.Id == m.GoalId).Select(g => g.Title).FirstOrDefault(),
            m.Units.OrderBy(u => u.Unit!.SortOrder).Select(u => new MilestoneUnitDto(u.UnitId, u.Unit!.Name)).ToList(),
            m.IsPublic, m.Version));
    }

    /// <summary>The years that have milestones, newest first, for the timeline's year choice.</summary>
    public static async Task<List<int>> YearsAsync(BlueprintDb db, CancellationToken ct) =>
        [.. (await db.Set<Milestone>().AsNoTracking().Select(m => m.Date).ToListAsync(ct)).Select(d => d.Year).Distinct().OrderDescending()];

    public async Task<StepOutcome<Milestone>> SaveAsync(int? id, MilestoneInput input, CancellationToken ct)
    {
        if (!Roles.Of(Editors).Any(db.CurrentUser.IsInRole))
        {
            return Refusal.Forbidden();
        }

        var unitIds = (input.UnitIds ?? []).Distinct().ToList();
        var check = new Validation(t)
            .Require(input.Date.Year is >= 2000 and <= 2100, "date", "Milestones.DateInvalid")
            .Require(input.Title?.Trim() is { Length: > 0 and <= 300 }, "title", "Milestones.TitleRequired")
            .Require((input.Description?.Length ?? 0) <= 4000, "description", "Milestones.DescriptionTooLong")
            .Require(await db.Set<Unit>().CountAsync(u => unitIds.Contains(u.Id), ct) == unitIds.Count, "unitIds", "Milestones.UnitUnknown")
            .Require(input.KeyProjectId is not { } p || await db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(x => x.Id == p, ct), "keyProjectId", "Milestones.ProjectUnknown")
            .Require(input.GoalId is not { } g || await db.Set<Goal>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(x => x.Id == g, ct), "goalId", "Milestones.GoalUnknown");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var milestone = id is null ? null : await db.Set<Milestone>().Include(m => m.Units).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (id is not null && milestone is null)
        {
            return Refusal.NotFound;
        }

        if (milestone is null)
        {
            milestone = new Milestone { Title = "" };
            db.Add(milestone);
        }
        else
        {
            db.ExpectVersion(milestone, input.Version);
        }

        // A month-only event is kept on the first of its month, so it sorts with that month.
        milestone.Date = input.MonthOnly ? new DateOnly(input.Date.Year, input.Date.Month, 1) : input.Date;
        milestone.MonthOnly = input.MonthOnly;
        milestone.Title = input.Title!.Trim();
        milestone.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        milestone.KeyProjectId = input.KeyProjectId;
        milestone.GoalId = input.GoalId;
        milestone.Units.RemoveAll(u => !unitIds.Contains(u.UnitId));
        milestone.Units.AddRange(unitIds.Where(u => milestone.Units.All(x => x.UnitId != u)).Select(u => new MilestoneUnit { UnitId = u }));
        await db.SaveChangesAsync(ct);
        return milestone;
    }

    public async Task<StepOutcome<Milestone>> DeleteAsync(int id, int version, CancellationToken ct)
    {
        if (!Roles.Of(Editors).Any(db.CurrentUser.IsInRole))
        {
            return Refusal.Forbidden();
        }

        var milestone = await db.Set<Milestone>().Include(m => m.Units).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (milestone is null)
        {
            return Refusal.NotFound;
        }

        db.ExpectVersion(milestone, version);
        db.Remove(milestone);
        await db.SaveChangesAsync(ct);
        return milestone;
    }

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Milestones.Date"], XlsxKind.Date), new(t["Milestones.Event"]), new(t["Milestones.Description"], Width: 60),
        new(t["Milestones.Units"]), new(t["Milestones.Project"]), new(t["Milestones.Goal"]),
    ];

    /// <summary>A month-only milestone keeps its "yyyy-MM" text; a dated one is a real date.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<MilestoneDto> rows, IStringLocalizer<SharedResource> t) =>
        rows.Select(m => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Milestones.Date"]] = m.MonthOnly ? m.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture) : m.Date,
            [t["Milestones.Event"]] = m.Title,
            [t["Milestones.Description"]] = m.Description,
            [t["Milestones.Units"]] = string.Join("、", m.Units.Select(u => u.Name)),
            [t["Milestones.Project"]] = m.ProjectName,
            [t["Milestones.Goal"]] = m.GoalTitle,
        });
}
