using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

/// <summary>A unit's share of the annual target (period 0).</summary>
public sealed record TargetShareInput(int UnitId, decimal Target);

public sealed record IndicatorInput(
    int PlanYearId, int? GoalId, string? Name, string? Measure, IndicatorDirection Direction, IndicatorValueKind ValueKind,
    decimal? Baseline, decimal AnnualTarget, ScheduleProfile Profile, IReadOnlyList<decimal>? ScheduleShares, string? DataSource,
    int UnitId, IReadOnlyList<TargetShareInput>? Targets, int Version = 0);

/// <summary>
/// Creating and editing an indicator with its target shares, for the API and the pages alike.
/// The responsible unit's own target is the annual target; other units' shares are replaced
/// as a whole by what the form sends.
/// </summary>
public sealed class IndicatorForm(BlueprintDb db, IStringLocalizer<SharedResource> t)
{
    public async Task<(Indicator? Indicator, Dictionary<string, string[]>? Errors)> SaveAsync(int? id, IndicatorInput input, CancellationToken ct)
    {
        var check = await ValidateAsync(input, ct);
        if (!check.IsValid)
        {
            return (null, check.Errors);
        }

        // The indicator and its target shares are one change: both saves or neither. A caller
        // that holds a transaction (the report reader's accept) makes them part of its change.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        Indicator indicator;
        if (id is { } existing)
        {
            indicator = await db.Set<Indicator>().SingleOrDefaultAsync(i => i.Id == existing, ct)
                ?? throw new KeyNotFoundException();
            db.ExpectVersion(indicator, input.Version);
        }
        else
        {
            indicator = new Indicator { Name = "", Measure = "" };
            db.Add(indicator);
        }

        indicator.PlanYearId = input.PlanYearId;
        indicator.GoalId = input.GoalId;
        indicator.Name = input.Name!.Trim();
        indicator.Measure = input.Measure!.Trim();
        indicator.Direction = input.Direction;
        indicator.ValueKind = input.ValueKind;
        indicator.Baseline = input.Baseline;
        indicator.AnnualTarget = input.AnnualTarget;
        indicator.Profile = input.Profile;
        indicator.ScheduleShares = [.. input.ScheduleShares ?? []];
        indicator.DataSource = string.IsNullOrWhiteSpace(input.DataSource) ? null : input.DataSource.Trim();
        indicator.UnitId = input.UnitId;
        await db.SaveChangesAsync(ct);
        await ReplaceTargetsAsync(indicator, input.Targets ?? [], ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return (indicator, null);
    }

    private async Task ReplaceTargetsAsync(Indicator indicator, IReadOnlyList<TargetShareInput> shares, CancellationToken ct)
    {
        var wanted = shares.Where(s => s.UnitId != indicator.UnitId).ToDictionary(s => s.UnitId, s => s.Target);
        wanted[indicator.UnitId] = indicator.AnnualTarget;
        var existing = await db.Set<IndicatorTarget>().Where(x => x.IndicatorId == indicator.Id && x.Period == 0).ToListAsync(ct);
        foreach (var target in existing)
        {
            if (wanted.Remove(target.UnitId, out var value))
            {
                target.Target = value;
            }
            else
            {
                db.Remove(target);
            }
        }

        db.AddRange(wanted.Select(w => new IndicatorTarget { IndicatorId = indicator.Id, UnitId = w.Key, Period = 0, Target = w.Value }));
        await db.SaveChangesAsync(ct);
    }

    public async Task<Validation> ValidateAsync(IndicatorInput input, CancellationToken ct)
    {
        var shares = input.ScheduleShares ?? [];
        var targets = input.Targets ?? [];
        var unitIds = targets.Select(x => x.UnitId).Append(input.UnitId).Distinct().ToList();
        var knownUnits = await db.Set<Unit>().AsNoTracking().CountAsync(u => unitIds.Contains(u.Id), ct);
        var goalOk = input.GoalId is null
            || await db.Set<Goal>().AnyAsync(g => g.Id == input.GoalId && g.PlanYearId == input.PlanYearId, ct);
        var check = new Validation(t)
            .Require(await db.Set<PlanYear>().AnyAsync(y => y.Id == input.PlanYearId, ct), "planYearId", "Indicators.PlanYearUnknown")
            .Require(!string.IsNullOrWhiteSpace(input.Name) && input.Name.Trim().Length <= 200, "name", "Indicators.NameRequired")
            .Require(!string.IsNullOrWhiteSpace(input.Measure) && input.Measure.Trim().Length <= 20, "measure", "Indicators.MeasureRequired")
            .Require(Enum.IsDefined(input.Direction), "direction", "Field.InvalidChoice")
            .Require(Enum.IsDefined(input.ValueKind), "valueKind", "Field.InvalidChoice")
            .Require(Enum.IsDefined(input.Profile), "profile", "Field.InvalidChoice")
            .Require(Fits(input.AnnualTarget), "annualTarget", "Indicators.ValueRange")
            .Require(input.Baseline is null || Fits(input.Baseline.Value), "baseline", "Indicators.ValueRange")
            .Require((input.DataSource?.Trim().Length ?? 0) <= 200, "dataSource", "Indicators.TooLong", 200)
            .Require(goalOk, "goalId", "Indicators.GoalNotInYear")
            .Require(knownUnits == unitIds.Count, "unitId", "Indicators.UnitUnknown")
            .Require(targets.All(x => Fits(x.Target)), "targets", "Indicators.ValueRange")
            .Require(targets.Select(x => x.UnitId).Distinct().Count() == targets.Count, "targets", "Indicators.TargetUnitTwice");
        if (Enum.IsDefined(input.Profile) && IndicatorStatus.CheckShares(input.Profile, shares) is { } key)
        {
            check.Require(false, "scheduleShares", key, IndicatorStatus.PeriodCount(input.Profile));
        }

        return check;
    }

    private static bool Fits(decimal value) => Math.Abs(value) <= IndicatorValueWorkflow.MaxValue && decimal.Round(value, 4) == value;
}
