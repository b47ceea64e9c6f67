using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Reader;

/// <summary>
/// Turns an accepted proposal into the record it proposes, through the code the forms and the
/// API of that record use (their validation, their role rule, and SaveChanges with its scope
/// check and audit). Which record each kind becomes: docs/decisions/0011-report-reader-records.md.
/// The caller holds the transaction; nothing here commits.
/// </summary>
public sealed class ProposalRecords(BlueprintDb db, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public Task<StepOutcome<RecordLink>> CreateAsync(ProposalKind kind, ProposalFields f, string origin, CancellationToken ct) => kind switch
    {
        ProposalKind.Milestone => MilestoneAsync(f, origin, ct),
        ProposalKind.Target => IndicatorAsync(f, ct),
        ProposalKind.Project => ProjectAsync(f, ct),
        ProposalKind.Problem => ProblemAsync(f, origin, ct),
        _ => GoalAsync(f, origin, ct),
    };

    private async Task<StepOutcome<RecordLink>> MilestoneAsync(ProposalFields f, string origin, CancellationToken ct)
    {
        var date = new DateOnly(f.Year!.Value, f.Month!.Value, f.Day ?? 1);
        var input = new MilestoneInput(date, f.Day is null, f.Title, origin, null, null, [.. f.UnitIds ?? []]);
        var outcome = await new MilestoneRecords(db, t).SaveAsync(null, input, ct);
        return outcome.Succeeded
            ? ReaderView.Link(ReaderRecordKind.Milestone, outcome.Value!.Id)
            : Renamed(outcome.Refused!, ("date", "month"), ("description", "title"));
    }

    private async Task<StepOutcome<RecordLink>> IndicatorAsync(ProposalFields f, CancellationToken ct)
    {
        // The indicator API lets only the project office define indicators and set their targets.
        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden("Reader.KindForbidden");
        }

        // An indicator of the year the user chose (or the reader proposed as the only match) takes the figure.
        Indicator? existing = null;
        if (f.ExistingIndicatorId is int chosen)
        {
            existing = await db.Set<Indicator>().Include(i => i.PlanYear).SingleOrDefaultAsync(i => i.Id == chosen, ct);
            if (existing is null || existing.PlanYear!.Year != f.Year)
            {
                return Refusal.Invalid(new Dictionary<string, string[]> { ["existingIndicatorId"] = [t["Reader.IndicatorNotOfYear", f.Year ?? 0].Value] });
            }
        }

        // A result is a value of the year it describes (decision 0039): it needs that year's indicator.
        if (f.Actual == true)
        {
            return await ResultAsync(f, existing, ct);
        }

        return existing is null ? await NewIndicatorAsync(f, ct) : await TargetOfAsync(existing, f, ct);
    }

    private async Task<StepOutcome<RecordLink>> NewIndicatorAsync(ProposalFields f, CancellationToken ct)
    {
        var planYearId = await PlanYearIdAsync(f.Year, ct);
        var measure = f.Measure?.Trim() ?? "";
        // A rate or share is a level judged against the target; a count of things done adds up over the year.
        var kind = measure == "%" ? IndicatorValueKind.Level : IndicatorValueKind.YearToDate;
        // A standard indicator knows its direction: 失业率 and PM2.5 are better lower.
        var direction = f.IndicatorName is { } name && Extraction.StandardIndicators.Find(name) is { HigherIsBetter: false }
            ? IndicatorDirection.LowerIsBetter : IndicatorDirection.HigherIsBetter;
        var input = new IndicatorInput(planYearId, null, f.IndicatorName, measure, direction, kind,
            null, f.Value ?? 0, ScheduleProfile.AnnualOnly, [], null, FirstUnit(f), []);
        var (indicator, errors) = await new IndicatorForm(db, t).SaveAsync(null, input, ct);
        if (indicator is null)
        {
            return Renamed(Refusal.Invalid(errors!), ("planYearId", "year"), ("name", "indicatorName"), ("annualTarget", "value"), ("unitId", "unitIds"));
        }

        // The target keeps the report's comparison (增长8%以上): the form has no field for it, the reader sets it.
        await KeepQualifierAsync(indicator, f, ct);
        return ReaderView.Link(ReaderRecordKind.Indicator, indicator.Id);
    }

    /// <summary>
    /// A target on an indicator the city already has: the responsible unit's target is the indicator's annual
    /// target; another unit's is its share. Everything else of the indicator stays as the office set it.
    /// </summary>
    private async Task<StepOutcome<RecordLink>> TargetOfAsync(Indicator indicator, ProposalFields f, CancellationToken ct)
    {
        var unit = FirstUnit(f);
        var shares = await db.Set<IndicatorTarget>().AsNoTracking().Where(x => x.IndicatorId == indicator.Id && x.Period == 0 && x.UnitId != indicator.UnitId)
            .Select(x => new TargetShareInput(x.UnitId, x.Target)).ToListAsync(ct);
        var own = unit == indicator.UnitId;
        var value = f.Value ?? 0;
        if (!own)
        {
            shares = [.. shares.Where(s => s.UnitId != unit), new TargetShareInput(unit, value)];
        }

        var input = new IndicatorInput(indicator.PlanYearId, indicator.GoalId, indicator.Name, indicator.Measure, indicator.Direction, indicator.ValueKind,
            indicator.Baseline, own ? value : indicator.AnnualTarget, indicator.Profile, indicator.ScheduleShares, indicator.DataSource,
            indicator.UnitId, shares, indicator.Version);
        var (saved, errors) = await new IndicatorForm(db, t).SaveAsync(indicator.Id, input, ct);
        if (saved is null)
        {
            return Renamed(Refusal.Invalid(errors!), ("annualTarget", "value"), ("targets", "value"), ("unitId", "unitIds"));
        }

        if (own)
        {
            await KeepQualifierAsync(saved, f, ct);
        }

        return ReaderView.Link(ReaderRecordKind.Indicator, saved.Id);
    }

    /// <summary>
    /// A result (完成, 实现, 同比增长 of a past year) becomes the indicator's value of the year it describes, entered
    /// as the office enters a value on the indicator's page (a draft of the whole year, or of the period up to the
    /// month named), which then goes the values' usual way. Without an indicator of that year there is nothing to
    /// record it on: the user chooses one, or reads the figure as a target.
    /// </summary>
    private async Task<StepOutcome<RecordLink>> ResultAsync(ProposalFields f, Indicator? indicator, CancellationToken ct)
    {
        if (indicator is null)
        {
            var candidates = await IndicatorMatches.FindAsync(db, f.IndicatorName, f.Measure, f.Year, ct);
            if (candidates is not [var only])
            {
                var key = candidates is null ? "Reader.ResultNeedsIndicator" : "Reader.ResultChooseIndicator";
                return Refusal.Invalid(new Dictionary<string, string[]> { ["existingIndicatorId"] = [t[key, f.Year ?? 0].Value] });
            }

            indicator = await db.Set<Indicator>().SingleAsync(i => i.Id == only.Id, ct);
        }

        var period = f.Month is int month and >= 1 and <= 12
            ? Figures.IndicatorStatus.PeriodAtMonthEnd(indicator.Profile, month)
            : Figures.IndicatorStatus.PeriodCount(indicator.Profile);
        if (period == 0)
        {
            return Refusal.Invalid(new Dictionary<string, string[]> { ["month"] = [t["Reader.ResultNoPeriod"].Value] });
        }

        var outcome = await new IndicatorValueWorkflow(db, t, clock).CreateAsync(new IndicatorValueInput(indicator.Id, FirstUnit(f), period, f.Value ?? 0), ct);
        return outcome.Succeeded
            ? ReaderView.Link(ReaderRecordKind.Indicator, indicator.Id)
            : Renamed(outcome.Refused!, ("period", "year"), ("unitId", "unitIds"));
    }

    private async Task KeepQualifierAsync(Indicator indicator, ProposalFields f, CancellationToken ct)
    {
        var qualifier = f.Qualifier?.Trim();
        indicator.TargetQualifier = qualifier is not { Length: > 0 } ? null
            : qualifier.Length <= ProposalQualifier.MaxLength ? qualifier : qualifier[..ProposalQualifier.MaxLength];
        await db.SaveChangesAsync(ct);
    }

    private async Task<StepOutcome<RecordLink>> ProjectAsync(ProposalFields f, CancellationToken ct)
    {
        // Only the project office puts projects into the library (a unit would propose one, decision 0018).
        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden("Reader.KindForbidden");
        }

        // The user chose an existing project the proposal may be: the proposal links to it, nothing is created.
        if (f.ExistingProjectId is int existing)
        {
            return await db.Set<KeyProject>().AnyAsync(k => k.Id == existing, ct)
                ? ReaderView.Link(ReaderRecordKind.KeyProject, existing)
                : Refusal.Invalid(new Dictionary<string, string[]> { ["existingProjectId"] = [t["Error.NotFound"].Value] });
        }

        var input = new KeyProjectInput(f.ProjectCode?.Trim() ?? "", f.ProjectName?.Trim() ?? "", FirstUnit(f), null,
            f.Category ?? ProjectCategory.Industry, f.Stage ?? ProjectStage.Planning, null, ChainLink.None, null, f.AmountYuan ?? 0,
            null, null, null, null, null, null);
        var check = await ProjectsApi.ValidateAsync(input, null, db, t, ct);
        if (!check.IsValid)
        {
            return Renamed(Refusal.Invalid(check.Errors), ("code", "projectCode"), ("name", "projectName"), ("totalInvestment", "amountYuan"), ("unitId", "unitIds"));
        }

        // As POST /api/projects does it: the project and its first stage entry.
        var project = new KeyProject { Code = input.Code, Name = input.Name };
        ProjectsApi.Apply(project, input);
        db.Add(project);
        db.AddRange(ProjectStages.Changes(project, null, clock));
        await db.SaveChangesAsync(ct);
        return ReaderView.Link(ReaderRecordKind.KeyProject, project.Id);
    }

    private async Task<StepOutcome<RecordLink>> ProblemAsync(ProposalFields f, string origin, CancellationToken ct)
    {
        if (!Roles.Of(Roles.ProblemEditors).Any(db.CurrentUser.IsInRole))
        {
            return Refusal.Forbidden("Reader.KindForbidden");
        }

        // As POST /api/problems does it; a report's problem is nobody's project yet, so it is
        // raised against its unit alone (decision 0011).
        var input = new ProblemInput(f.Title?.Trim() ?? "", origin, ProblemKind.Other, FirstUnit(f), null, null, null, 0);
        var check = ProblemsApi.Validate(input, t);
        if (!check.IsValid)
        {
            return Refusal.Invalid(check.Errors);
        }

        var problem = new Problem { Title = input.Title, CreatedAtUtc = clock.GetUtcNow().UtcDateTime, RaisedById = db.CurrentUser.UserId };
        ProblemsApi.Apply(problem, input);
        db.Add(problem);
        await new StepNotices(db, t, clock).SaveRaisedAsync(problem, ct);
        return ReaderView.Link(ReaderRecordKind.Problem, problem.Id);
    }

    private async Task<StepOutcome<RecordLink>> GoalAsync(ProposalFields f, string origin, CancellationToken ct)
    {
        // The goals API lets only the project office add goals to a year's blueprint.
        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden("Reader.KindForbidden");
        }

        var planYearId = await PlanYearIdAsync(f.Year, ct);
        var input = new GoalInput(f.Title ?? "", origin, FirstUnit(f), null, 0, planYearId);
        var (goal, errors) = await PlanForms.SaveGoalAsync(db, t, new Goal { PlanYearId = planYearId, Title = "" }, input, ct);
        return goal is not null
            ? ReaderView.Link(ReaderRecordKind.Goal, goal.Id)
            : Renamed(Refusal.Invalid(errors!), ("unitId", "unitIds"));
    }

    private async Task<int> PlanYearIdAsync(int? year, CancellationToken ct) =>
        await db.Set<PlanYear>().Where(y => y.Year == year).Select(y => (int?)y.Id).FirstOrDefaultAsync(ct) ?? 0;

    private static int FirstUnit(ProposalFields f) => f.UnitIds is { Count: > 0 } ids ? ids[0] : 0;

    /// <summary>The record form's field names are not the proposal's: errors go next to the proposal's field.</summary>
    private static Refusal Renamed(Refusal refusal, params (string From, string To)[] names) =>
        refusal.Errors is null ? refusal
            : refusal with
            {
                Errors = refusal.Errors.GroupBy(e => names.FirstOrDefault(n => n.From == e.Key).To ?? e.Key)
                    .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray()),
            };

    /// <summary>"来源：《title》第N句：sentence", written into the record's description where it has one.</summary>
    public static string Origin(IStringLocalizer<SharedResource> t, ReaderDocument d, int sentenceNumber, string sentence)
    {
        var text = t["Reader.Origin", d.Title, sentenceNumber] + "：" + sentence;
        return text.Length <= 4000 ? text : text[..4000];
    }
}
