using Blueprint.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    private readonly List<ProjectSeed> _seeds = ProjectSeeds();
    private readonly Dictionary<string, KeyProject> _projects = [];

    /// <summary>
    /// A demo site near the centre of the project's county (雁江 for the city's own units), spread
    /// on a small ring; every one lies inside the vendored outline (issue 21's map).
    /// </summary>
    private static (double Latitude, double Longitude) DemoPlace(string unitCode, int index)
    {
        (double Lon, double Lat)[] ring = [(0, 0), (0.03, 0.02), (-0.03, 0.02), (0.03, -0.02), (-0.03, -0.02), (0.05, 0), (-0.05, 0), (0, 0.04), (0, -0.04), (0.06, 0.03), (-0.06, -0.03), (0.02, 0.05)];
        var (lon, lat) = unitCode.StartsWith(DemoUnits.Anyue, StringComparison.Ordinal) ? (105.35534, 30.103107)
            : unitCode.StartsWith(DemoUnits.Lezhi, StringComparison.Ordinal) ? (105.02019, 30.276121)
            : (104.677091, 30.108216);
        var (dLon, dLat) = ring[index % ring.Length];
        return (Math.Round(lat + dLat, 6), Math.Round(lon + dLon, 6));
    }

    private async Task<string> SeedProjectsAsync()
    {
        var stageChanges = new List<ProjectStageChange>();
        var runningYear = RunningYearStages().Where(e => Happened(e.On)).ToLookup(e => e.Code);
        foreach (var s in _seeds)
        {
            var project = new KeyProject
            {
                Code = Calendar.Code(s.Code),
                Name = Calendar.Text(s.Name),
                UnitId = UnitId(s.Unit),
                ResponsibleLeader = s.Leader,
                Category = s.Category,
                Stage = s.Stage,
                IndustryChain = s.Chain,
                ChainLink = s.Link,
                Location = s.Location,
                Description = s.Description is null ? null : Calendar.Text(s.Description),
                TotalInvestment = Yi(s.Total),
                PlannedStart = Calendar.Date(s.PlannedStartMonth is { } m ? D(2023, m, 1) : s.Started ?? D(2024, 6, 1)),
                PlannedCompletion = Calendar.Date(s.PlannedFinish),
                ActualStart = s.Started is { } started ? Calendar.Date(started) : null,
                ActualCompletion = s.Completed is { } completed ? Calendar.Date(completed) : null,
                PlannedBenefit = s.Benefit ?? new ProjectBenefit(),
                ActualBenefit = s.Actual ?? new ProjectBenefit(),
            };
            (project.Latitude, project.Longitude) = DemoPlace(s.Unit, _projects.Count);
            _projects[s.Code] = project;
            db.Add(project);
            var history = StageHistory(s).Concat(runningYear[s.Code].Select(e => (e.Stage, e.On))).ToList();
            foreach (var (_, stage, on) in runningYear[s.Code])
            {
                project.Stage = stage;
                project.ActualStart = stage == ProjectStage.Started ? Calendar.Date(on) : project.ActualStart;
                project.ActualCompletion = stage == ProjectStage.Completed ? Calendar.Date(on) : project.ActualCompletion;
            }

            stageChanges.AddRange(history.Select(h => new ProjectStageChange
            {
                KeyProject = project,
                UnitId = project.UnitId,
                Stage = h.Stage,
                OnDate = Calendar.Date(h.On),
                RecordedAtUtc = Utc(Calendar.Date(h.On).AddDays(1)),
            }));
        }

        db.AddRange(stageChanges);
        await db.SaveChangesAsync();
        return $"{_projects.Count} projects, {stageChanges.Count} stage changes";
    }

    /// <summary>The dated stages a project passed through in the story, up to its current stage (story dates).</summary>
    private static List<(ProjectStage Stage, DateOnly On)> StageHistory(ProjectSeed s)
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

        return history;
    }

    /// <summary>
    /// What happens to the projects in the running year (story dates, 2024), by the plan: the
    /// signed research base starts on time; the projects planned to complete that keep pace
    /// (at least 95 % of plan) complete on the 26th of the planned month; the laggards do not.
    /// The logistics port stays unstarted, as its open problem says.
    /// </summary>
    private IEnumerable<(string Code, ProjectStage Stage, DateOnly On)> RunningYearStages()
    {
        yield return ("ZY2023-027", ProjectStage.Started, D(2024, 6, 18));
        yield return ("ZY2023-027", ProjectStage.UnderConstruction, D(2024, 7, 18));
        foreach (var s in _seeds)
        {
            if (RunningYearCompletion(s) is { } on)
            {
                yield return (s.Code, ProjectStage.Completed, on);
            }
        }
    }

    /// <summary>The running-year completion of a project planned to complete that year and keeping pace (story date).</summary>
    private static DateOnly? RunningYearCompletion(ProjectSeed s) =>
        s.Completed is null && s.Stage >= ProjectStage.UnderConstruction && s.Pace >= 0.95m && RunningYearCompletionMonth(s) is { } month
            ? D(2024, month, 26)
            : null;

    /// <summary>The month of 2024 a started project is planned to complete in, if it is (a missed 2023 completion is re-planned for June).</summary>
    private static int? RunningYearCompletionMonth(ProjectSeed s) =>
        s.Completed is null && s.PlannedFinish.Year <= 2024 ? (s.PlannedFinish.Year == 2024 ? s.PlannedFinish.Month : 6) : null;

    /// <summary>Whether a running-year event (story date) has happened, and been recorded, by the seed day.</summary>
    private bool Happened(DateOnly storyDate) => Calendar.Date(storyDate).AddDays(1) < Calendar.SeedDay;

    /// <summary>The conference year's plan as listed, and the running year's plan that carries unfinished work forward.</summary>
    private async Task<string> SeedAnnualPlansAsync()
    {
        var entries = new List<AnnualPlanEntry>();
        foreach (var s in _seeds)
        {
            entries.Add(new AnnualPlanEntry
            {
                Year = Calendar.ConferenceYear,
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
            entries.Add(RunningYearPlan(s));
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

        var keyList = entries.Count(e => e.Year == Calendar.ConferenceYear && e.PlanType != PlanType.Reserve);
        return $"{entries.Count} annual plan entries ({keyList} on the {Calendar.ConferenceYear} key list)";
    }

    private readonly Dictionary<string, AnnualPlanEntry> _runningYearPlan = [];

    /// <summary>
    /// The running year (2024 in the story): a started project continues and is planned to spend
    /// what remains at an even rate up to its planned completion; an unstarted one is planned to
    /// start in mid-year; the unconverted ecology reserve stays in reserve. Needs the conference
    /// year's progress (what remains); made once, and used by the running year's reports too.
    /// </summary>
    private AnnualPlanEntry RunningYearPlan(ProjectSeed s)
    {
        if (_runningYearPlan.TryGetValue(s.Code, out var made))
        {
            return made;
        }

        var project = _projects[s.Code];
        var entry = new AnnualPlanEntry { Year = Calendar.RunningYear, KeyProjectId = project.Id, UnitId = project.UnitId };
        _runningYearPlan[s.Code] = entry;
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
        if (RunningYearCompletionMonth(s) is { } month)
        {
            // a project that missed its 2023 completion is re-planned to finish by mid-2024
            entry.PlannedCompletion = true;
            entry.PlannedCompletionMonth = month;
        }

        return entry;
    }
}
