using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Indicators;

public sealed record IndicatorValueInput(int IndicatorId, int UnitId, int Period, decimal Value, int Version = 0);

public sealed record IndicatorValueEdit(decimal Value, int Version);

public sealed record IndicatorCorrectionInput(decimal Value, string? Reason, int Version);

/// <summary>
/// The cycle of one indicator value (one indicator, one unit, one period), the same approval
/// path as the monthly progress (<see cref="Projects.ProgressWorkflow"/>): the responsible unit
/// fills and submits, its leader approves, the office accepts — and only from
/// <see cref="IndicatorValue.AcceptedAtUtc"/> on does the value count in status and forecast.
/// The leader or the office returns with a comment. An accepted value changes only by a
/// correction with a reason: a new row that supersedes it and passes the leader and the
/// office again; the old row keeps counting until the correction is accepted. Indicator
/// values have no reporting window: statistics arrive when the statistics office publishes.
/// </summary>
public sealed class IndicatorValueWorkflow(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock) : ISubmissionWorkflow<IndicatorValue>
{
    private static readonly SubmissionKind Kind = SubmissionKind.IndicatorValue;

    private readonly SubmissionSteps _steps = new(db, t, clock);

    /// <summary>The largest magnitude a value may have (the column holds 18 digits, 4 after the point).</summary>
    public const decimal MaxValue = 99_999_999_999_999m;

    public async Task<StepOutcome<IndicatorValue>> CreateAsync(IndicatorValueInput input, CancellationToken ct)
    {
        var indicator = await IndicatorScope.Visible(db).AsNoTracking().Where(i => i.Id == input.IndicatorId)
            .Select(i => new { i.Id, i.UnitId, i.Profile, i.PlanYear!.Year }).SingleOrDefaultAsync(ct);
        if (indicator is null)
        {
            return Refusal.NotFound;
        }

        if (!Kind.CapacityOf(db.CurrentUser).HasFlag(SubmissionCapacity.Fill))
        {
            return Refusal.Forbidden(Kind.Texts.CannotFill);
        }

        var hasShare = input.UnitId == indicator.UnitId
            || await db.Set<IndicatorTarget>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(x => x.IndicatorId == indicator.Id && x.UnitId == input.UnitId, ct);
        var check = new Validation(t)
            .Require(input.Period >= 1 && input.Period <= IndicatorStatus.PeriodCount(indicator.Profile), "period", "Indicators.PeriodRange", IndicatorStatus.PeriodCount(indicator.Profile))
            .Require(Math.Abs(input.Value) <= MaxValue && decimal.Round(input.Value, 4) == input.Value, "value", "Indicators.ValueRange")
            .Require(hasShare, "unitId", "Indicators.UnitHasNoShare");
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        if (!await IndicatorScope.ScopeUnits(db).ContainsAsync(input.UnitId, ct))
        {
            return Refusal.Forbidden("Error.OutOfScope");
        }

        if (await db.Set<IndicatorValue>().AnyAsync(v => v.IndicatorId == indicator.Id && v.UnitId == input.UnitId && v.Period == input.Period && v.IsCurrent, ct))
        {
            return Refusal.Invalid(new Validation(t).Require(false, "period", "Indicators.AlreadyReported").Errors);
        }

        var value = new IndicatorValue
        {
            IndicatorId = indicator.Id,
            UnitId = input.UnitId,
            Year = indicator.Year,
            Period = input.Period,
            Value = input.Value,
            RecordedAtUtc = Now,
        };
        db.Add(value);
        await db.SaveChangesAsync(ct);
        return value;
    }

    public async Task<StepOutcome<IndicatorValue>> UpdateAsync(long id, IndicatorValueEdit input, CancellationToken ct)
    {
        var (value, refused) = await EditableAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (ValueCheck(input.Value) is { IsValid: false } check)
        {
            return Refusal.Invalid(check.Errors);
        }

        db.ExpectVersion(value!, input.Version);
        value!.Value = input.Value;
        value.RecordedAtUtc = Now;
        await db.SaveChangesAsync(ct);
        return value;
    }

    public async Task<StepOutcome<IndicatorValue>> StepAsync(long id, SubmissionAction action, int version, string? comment, CancellationToken ct) =>
        await _steps.RunAsync(Kind, await CurrentAsync(id, ct), action, version, SubjectAsync, ct,
            comment: comment);

    /// <summary>Approves or accepts many current values at once, each judged on its own (see <see cref="SubmissionSteps.BatchAsync"/>).</summary>
    public Task<StepOutcome<List<BatchResult>>> BatchAsync(BatchInput input, CancellationToken ct) =>
        _steps.BatchAsync(Kind, input,
            (ids, c) => db.Set<IndicatorValue>().Where(v => ids.Contains(v.Id) && v.IsCurrent).ToListAsync(c),
            v => v.Id,
            async (values, c) =>
            {
                var indicatorIds = values.Select(v => v.IndicatorId).Distinct().ToList();
                var unitIds = values.Select(v => v.UnitId).Distinct().ToList();
                var indicators = await db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(i => indicatorIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, c);
                var units = await db.Set<Unit>().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, c);
                return v => Subject(indicators[v.IndicatorId], units[v.UnitId], v);
            }, ct);

    public async Task<StepOutcome<IndicatorValue>> CorrectAsync(long id, IndicatorCorrectionInput input, CancellationToken ct) =>
        await _steps.CorrectAsync(Kind, await CurrentAsync(id, ct), input.Version, input.Reason, "Indicators.ReasonRequired",
            _ => ValueCheck(input.Value),
            old => Task.FromResult<StepOutcome<IndicatorValue>>(new IndicatorValue { IndicatorId = old.IndicatorId, Year = old.Year, Period = old.Period, Value = input.Value }),
            SubjectAsync, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Validation ValueCheck(decimal value) => new Validation(t)
        .Require(Math.Abs(value) <= MaxValue && decimal.Round(value, 4) == value, "value", "Indicators.ValueRange");

    private Task<IndicatorValue?> CurrentAsync(long id, CancellationToken ct) =>
        db.Set<IndicatorValue>().SingleOrDefaultAsync(v => v.Id == id && v.IsCurrent, ct);

    private async Task<(IndicatorValue? Value, Refusal? Refused)> EditableAsync(long id, CancellationToken ct)
    {
        var value = await CurrentAsync(id, ct);
        return value is null ? (null, Refusal.NotFound)
            : _steps.Refuse(Kind, value, SubmissionAction.Edit) is { } refused ? (null, refused)
            : (value, null);
    }

    /// <summary>How an inbox names the value: the indicator, the unit and the period.</summary>
    private async Task<NoticeSubject> SubjectAsync(IndicatorValue value, CancellationToken ct)
    {
        var indicator = await db.Set<Indicator>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).Where(i => i.Id == value.IndicatorId).Select(i => i.Name).SingleAsync(ct);
        var unit = await db.Set<Unit>().Where(u => u.Id == value.UnitId).Select(u => u.Name).SingleAsync(ct);
        return Subject(indicator, unit, value);
    }

    private NoticeSubject Subject(string indicator, string unit, IndicatorValue value) =>
        new(t["Indicators.NoticeSubject", indicator, unit, value.Year, value.Period], $"/goals/indicators/{value.IndicatorId}");
}
