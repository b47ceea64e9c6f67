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
        // The indicator API lets only the project office define indicators.
        if (!db.CurrentUser.IsInRole(Roles.ProjectOffice))
        {
            return Refusal.Forbidden("Reader.KindForbidden");
        }

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
        // The target keeps the report's comparison (增长8%以上): the form has no field for it, the reader sets it.
        if (indicator is not null && f.Qualifier is { Length: > 0 } qualifier)
        {
            indicator.TargetQualifier = qualifier.Length <= ProposalQualifier.MaxLength ? qualifier : qualifier[..ProposalQualifier.MaxLength];
            await db.SaveChangesAsync(ct);
        }
        return indicator is not null
            ? ReaderView.Link(ReaderRecordKind.Indicator, indicator.Id)
            : Renamed(Refusal.Invalid(errors!), ("planYearId", "year"), ("name", "indicatorName"), ("annualTarget", "value"), ("unitId", "unitIds"));
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
