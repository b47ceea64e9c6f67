using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    private readonly List<ProjectSeed> _seeds = ProjectSeeds();
    private readonly Dictionary<string, KeyProject> _projects = [];

    private async Task<string> SeedProjectsAsync()
    {
        var stageChanges = new List<ProjectStageChange>();
        foreach (var s in _seeds)
        {
            var project = new KeyProject
            {
                Code = s.Code,
                Name = s.Name,
                UnitId = UnitId(s.Unit),
                ResponsibleLeader = s.Leader,
                Category = s.Category,
                Stage = s.Stage,
                IndustryChain = s.Chain,
                ChainLink = s.Link,
                Location = s.Location,
                Description = s.Description,
                TotalInvestment = Yi(s.Total),
                PlannedStart = s.PlannedStartMonth is { } m ? D(2023, m, 1) : s.Started ?? D(2024, 6, 1),
                PlannedCompletion = s.PlannedFinish,
                ActualStart = s.Started,
                ActualCompletion = s.Completed,
                PlannedBenefit = s.Benefit ?? new ProjectBenefit(),
                ActualBenefit = s.Actual ?? new ProjectBenefit(),
            };
            _projects[s.Code] = project;
            db.Add(project);
            stageChanges.AddRange(StageHistory(s, project));
        }

        db.AddRange(stageChanges);
        await db.SaveChangesAsync();
        return $"{_projects.Count} projects, {stageChanges.Count} stage changes";
    }

    /// <summary>The dated stages a project passed through up to its current stage.</summary>
    private static IEnumerable<ProjectStageChange> StageHistory(ProjectSeed s, KeyProject project)
    {
        var history = new List<(ProjectStage Stage, DateOnly On)>();
        var firstKnown = s.SignedOn ?? s.Started ?? D(2023, 2, 1);
        history.Add((ProjectStage.Planning, firstKnown.AddMonths(-8)));
        if (s.Category == ProjectCategory.Industry && s.Stage >= ProjectStage.Signed)
        {
            history.Add((ProjectStage.Signed, s.SignedOn ?? s.Started!.Value.AddMonths(-4)));
        }

        if (s.Started is { } started)
        {
            history.Add((ProjectStage.Started, started));
            if (s.Stage >= ProjectStage.UnderConstruction)
            {
                history.Add((ProjectStage.UnderConstruction, started.AddMonths(1)));
            }
        }

        if (s.Completed is { } completed)
        {
            history.Add((ProjectStage.Completed, completed));
            if (s.Stage == ProjectStage.InProduction)
            {
                history.Add((ProjectStage.InProduction, D(2023, 12, 15)));
            }
        }

        return history.Select(h => new ProjectStageChange
        {
            KeyProject = project,
            UnitId = project.UnitId,
            Stage = h.Stage,
            OnDate = h.On,
            RecordedAtUtc = Utc(h.On.AddDays(1)),
        });
    }

    /// <summary>The 2023 plan as listed, and the 2024 plan that carries unfinished work forward.</summary>
    private async Task<string> SeedAnnualPlansAsync()
    {
        var entries = new List<AnnualPlanEntry>();
        foreach (var s in _seeds)
        {
            entries.Add(new AnnualPlanEntry
            {
                Year = 2023,
                KeyProjectId = _projects[s.Code].Id,
                UnitId = UnitId(s.Unit),
                PlanType = s.Plan,
                PlannedCompletion = s.CompletionMonth is not null,
                PlannedCompletionMonth = s.CompletionMonth,
                AnnualPlannedInvestment = s.Plan == PlanType.Reserve ? 0 : Yi(s.Annual),
                PlannedStartMonth = s.PlannedStartMonth,
            });
        }

        foreach (var s in _seeds.Where(s => s.Completed is null))
        {
            entries.Add(Plan2024(s));
        }

        db.AddRange(entries);
        await db.SaveChangesAsync();

        // The plan history records the seeding instant; the demo's plans were approved in the
        // December before their year, so that a bulletin as known at any demo month finds them.
        foreach (var year in entries.Select(e => e.Year).Distinct())
        {
            var approved = new DateTime(year - 1, 12, 20, 0, 0, 0, DateTimeKind.Utc);
            await db.Set<AnnualPlanRevision>().Where(r => r.Year == year)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.RecordedAtUtc, approved));
        }

        var keyList = entries.Count(e => e.Year == 2023 && e.PlanType != PlanType.Reserve);
        return $"{entries.Count} annual plan entries ({keyList} on the 2023 key list)";
    }

    /// <summary>
    /// 2024: a started project continues and is planned to spend what remains at an even rate up
    /// to its planned completion; an unstarted one is planned to start in mid-2024; the
    /// unconverted ecology reserve stays in reserve.
    /// </summary>
    private AnnualPlanEntry Plan2024(ProjectSeed s)
    {
        var project = _projects[s.Code];
        var entry = new AnnualPlanEntry { Year = 2024, KeyProjectId = project.Id, UnitId = project.UnitId };
        if (s.Stage == ProjectStage.Planning)
        {
            entry.PlanType = PlanType.Reserve;
            return entry;
        }

        var spent = Yi(s.Prior) + _yearToDate.GetValueOrDefault((s.Code, 12));
        var remaining = project.TotalInvestment - spent;
        var startMonth = s.Started is null ? 6 : 1;
        var monthsLeft = ((s.PlannedFinish.Year - 2024) * 12) + s.PlannedFinish.Month - startMonth + 1;
        var monthsIn2024 = 12 - startMonth + 1;
        var share = monthsLeft <= monthsIn2024 ? 1m : (decimal)monthsIn2024 / monthsLeft;
        entry.PlanType = s.Started is null ? PlanType.PlannedStart : PlanType.Continuing;
        entry.PlannedStartMonth = s.Started is null ? startMonth : null;
        entry.AnnualPlannedInvestment = (long)Math.Round(remaining * share / 1_000_000m, MidpointRounding.AwayFromZero) * 1_000_000;
        if (s.PlannedFinish.Year <= 2024)
        {
            // a project that missed its 2023 completion is re-planned to finish by mid-2024
            entry.PlannedCompletion = true;
            entry.PlannedCompletionMonth = s.PlannedFinish.Year == 2024 ? s.PlannedFinish.Month : 6;
        }

        return entry;
    }
}
