using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Plans;

public sealed record PlanCopyResult(int FromYear, int ToYear, int PlanYearId, int Priorities, int Goals, int Indicators, int Targets);

/// <summary>
/// Starts next year's blueprint from this year's: positioning, priorities, goals, indicators
/// and their target shares are copied to year + 1, values are not (next year's values are next
/// year's to report). The copy is refused when year + 1 already exists, so it never merges
/// into, or doubles, a blueprint someone has begun; the office then edits the copy.
/// </summary>
public static class PlanCopyForward
{
    /// <summary>The copy, or the resource key of the refusal (with the years as arguments).</summary>
    public static async Task<(PlanCopyResult? Result, string? RefusalKey)> RunAsync(BlueprintDb db, int year, CancellationToken ct = default)
    {
        var next = year + 1;
        var source = await db.Set<PlanYear>().AsNoTracking().Include(y => y.Priorities).SingleOrDefaultAsync(y => y.Year == year, ct);
        if (source is null)
        {
            return (null, "Plans.CopySourceMissing");
        }

        if (await db.Set<PlanYear>().AnyAsync(y => y.Year == next, ct))
        {
            return (null, "Plans.CopyTargetExists");
        }

        var copy = new PlanYear
        {
            Year = next,
            Title = source.Title.Replace(year.ToString(System.Globalization.CultureInfo.InvariantCulture), next.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            Positioning = source.Positioning,
        };
        var priorities = source.Priorities.OrderBy(p => p.SortOrder).ToDictionary(p => p.Id, p => new Priority { PlanYear = copy, Title = p.Title, SortOrder = p.SortOrder });
        var goals = (await db.Set<Goal>().AsNoTracking().Where(g => g.PlanYearId == source.Id).OrderBy(g => g.Id).ToListAsync(ct))
            .ToDictionary(g => g.Id, g => new Goal
            {
                PlanYear = copy,
                Priority = g.PriorityId is { } p ? priorities.GetValueOrDefault(p) : null,
                Title = g.Title,
                Description = g.Description,
                UnitId = g.UnitId,
            });
        var indicators = (await db.Set<Indicator>().AsNoTracking().Where(i => i.PlanYearId == source.Id).OrderBy(i => i.Id).ToListAsync(ct))
            .ToDictionary(i => i.Id, i => new Indicator
            {
                PlanYear = copy,
                Goal = i.GoalId is { } g ? goals.GetValueOrDefault(g) : null,
                Name = i.Name,
                Measure = i.Measure,
                Direction = i.Direction,
                ValueKind = i.ValueKind,
                Baseline = i.Baseline,
                AnnualTarget = i.AnnualTarget,
                Profile = i.Profile,
                ScheduleShares = [.. i.ScheduleShares],
                DataSource = i.DataSource,
                UnitId = i.UnitId,
            });
        var ids = indicators.Keys.ToList();
        var targets = (await db.Set<IndicatorTarget>().AsNoTracking().Where(x => ids.Contains(x.IndicatorId)).ToListAsync(ct))
            .Select(x => new IndicatorTarget { Indicator = indicators[x.IndicatorId], UnitId = x.UnitId, Period = x.Period, Target = x.Target })
            .ToList();

        db.Add(copy);
        db.AddRange(priorities.Values);
        db.AddRange(goals.Values);
        db.AddRange(indicators.Values);
        db.AddRange(targets);
        await db.SaveChangesAsync(ct);
        return (new PlanCopyResult(year, next, copy.Id, priorities.Count, goals.Count, indicators.Count, targets.Count), null);
    }
}
