using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>Investment completed in the conference year up to the end of each month, per project (元).</summary>
    private readonly Dictionary<(string Code, int Month), long> _yearToDate = [];

    /// <summary>The same for the running year, up to the open month.</summary>
    private readonly Dictionary<(string Code, int Month), long> _runningYearToDate = [];

    /// <summary>Reports of the open month still in draft (filled, not submitted): in the story, December 2023's.</summary>
    private static readonly string[] OpenMonthDrafts = ["ZY2023-004", "ZY2023-022", "ZY2023-023"];

    /// <summary>Reports of the open month not yet filled at all: their units are late.</summary>
    private static readonly string[] OpenMonthMissing = ["ZY2023-011", "ZY2023-025"];

    private const string CorrectedProject = "ZY2023-013";
    private const int CorrectedMonth = 6;

    /// <summary>
    /// A year of monthly progress for every key-list project that has started, in the conference
    /// year and in the running year up to the open month (<see cref="DemoCalendar.OpenMonth"/>).
    /// The cumulative curve is the annual plan × the project's pace × the share of the year
    /// elapsed (up to the completion month), plus a small fixed wobble, rounded to 万元.
    /// Planned-start projects report from their actual start month, the first report including
    /// the preliminary costs (land, design); a project that started more than a month late
    /// spreads its plan only over the months left, so the late start shows as a shortfall
    /// against the plan.
    /// </summary>
    private async Task<string> SeedProgressAsync()
    {
        var rows = new List<ProgressReport>();
        (ProgressReport Wrong, ProgressReport Right)? correction = null;
        var year = Calendar.ConferenceYear;
        for (var i = 0; i < _seeds.Count; i++)
        {
            var s = _seeds[i];
            if (s.Plan == PlanType.Reserve || s.Started is not { } started)
            {
                continue;
            }

            var project = _projects[s.Code];
            var first = started.Year < 2023 ? 1 : started.Month;
            var plannedFirst = s.PlannedStartMonth ?? 1;
            var last = s.Completed?.Month ?? 12;
            var annual = (decimal)Yi(s.Annual);
            long previous = 0;
            for (var m = first; m <= 12; m++)
            {
                var ytd = Math.Max(previous, RoundToWan(Curve(annual, s.Pace, i, m, first, plannedFirst, last)));
                _yearToDate[(s.Code, m)] = ytd;
                var thisMonth = ytd - previous;
                previous = ytd;
                if (!Calendar.IsReported(year, m) || (Calendar.IsOpen(year, m) && OpenMonthMissing.Contains(s.Code)))
                {
                    continue;
                }

                var lagging = s.Pace < 0.9m;
                var raised = s.Trouble is not null && (lagging ? m >= 3 : m == first) ? s.Trouble : null;
                var row = Report(s, project, i, year, m, first, last, thisMonth, ytd, Yi(s.Prior) + ytd,
                    started.Year == 2023 ? started : null, s.Completed, raised);
                if (s.Code == CorrectedProject && m == CorrectedMonth)
                {
                    correction = (Mistyped(row), row);
                    rows.Add(correction.Value.Wrong);
                    continue;
                }

                rows.Add(row);
            }
        }

        rows.AddRange(RunningYearReports());
        foreach (var r in rows.Where(r => r.Status == SubmissionStatus.Accepted))
        {
            r.AcceptedAtUtc = r.RecordedAtUtc.AddDays(2);
        }

        db.AddRange(rows);
        await db.SaveChangesAsync();

        if (correction is { } c)
        {
            var (wrong, right) = c;
            right.SupersedesId = wrong.Id;
            right.RecordedAtUtc = Calendar.Utc(Utc(2023, 7, 18, 3));
            right.AcceptedAtUtc = Calendar.Utc(Utc(2023, 7, 19, 2));
            right.CorrectionReason =
                $"6月完成投资误多录一位数（{wrong.InvestmentThisMonth / 10_000}万元应为{right.InvestmentThisMonth / 10_000}万元），经核对计量支付资料更正。";
            db.Add(right);
            await db.SaveChangesAsync();
            rows.Add(right);
        }

        var drafts = rows.Count(r => r.Status == SubmissionStatus.Draft);
        return $"{rows.Count} progress reports ({drafts} drafts, 1 correction)";
    }

    /// <summary>
    /// The running year's reports up to the open month, by the same curve on the running year's
    /// plan: continuing projects from January, the research base from its start, completions on
    /// their planned month (<see cref="RunningYearStages"/>); a month never takes a project past
    /// its total investment.
    /// </summary>
    private List<ProgressReport> RunningYearReports()
    {
        var rows = new List<ProgressReport>();
        var year = Calendar.RunningYear;
        var starts = RunningYearStages().Where(e => e.Stage == ProjectStage.Started).ToDictionary(e => e.Code, e => e.On);
        for (var i = 0; i < _seeds.Count; i++)
        {
            var s = _seeds[i];
            if (s.Completed is not null || !Calendar.IsReported(year, 1))
            {
                continue;
            }

            var plan = RunningYearPlan(s);
            DateOnly? startedThisYear = starts.TryGetValue(s.Code, out var on) ? on : null;
            if (plan.PlanType == PlanType.Reserve || (s.Started is null && startedThisYear is null))
            {
                continue;
            }

            var project = _projects[s.Code];
            var completed = RunningYearCompletion(s);
            var first = startedThisYear?.Month ?? 1;
            var last = completed?.Month ?? 12;
            var annual = (decimal)plan.AnnualPlannedInvestment;
            var before = Yi(s.Prior) + _yearToDate.GetValueOrDefault((s.Code, 12));
            var remaining = project.TotalInvestment - before;
            long previous = 0;
            for (var m = first; m <= 12 && Calendar.IsReported(year, m); m++)
            {
                var ytd = Math.Max(previous, Math.Min(remaining, RoundToWan(Curve(annual, s.Pace, i, m, first, plan.PlannedStartMonth ?? 1, last))));
                _runningYearToDate[(s.Code, m)] = ytd;
                var thisMonth = ytd - previous;
                previous = ytd;
                if (Calendar.IsOpen(year, m) && OpenMonthMissing.Contains(s.Code))
                {
                    continue;
                }

                var raised = s.Trouble is not null && s.Pace < 0.9m && m >= 3 ? s.Trouble : null;
                rows.Add(Report(s, project, i, year, m, first, last, thisMonth, ytd, before + ytd, startedThisYear, completed, raised));
            }
        }

        return rows;
    }

    /// <summary>The cumulative investment of month <paramref name="m"/> by the curve described on <see cref="SeedProgressAsync"/> (元, unrounded).</summary>
    private static decimal Curve(decimal annual, decimal pace, int index, int m, int first, int plannedFirst, int last)
    {
        var fraction = first - plannedFirst > 1
            ? (decimal)(m - first + 1) / (13 - plannedFirst)
            : Math.Min(1m, (decimal)m / last);
        var wobble = m < last ? (((index * 3) + (m * 7)) % 5) - 2 : 0;
        return (annual * pace * fraction) + (annual * 0.01m * wobble);
    }

    /// <summary>
    /// One month's report of a project (the year already in the seeded calendar; the start and
    /// completion in story dates, named in the report when they fall in its month). Accepted and
    /// filed on the 5th of the next month, or, in the open month, a draft saved on the 4th.
    /// </summary>
    private ProgressReport Report(ProjectSeed s, KeyProject project, int index, int year, int month, int first, int last,
        long thisMonth, long ytd, long sinceStart, DateOnly? startedThisYear, DateOnly? completed, string? raised)
    {
        var draft = Calendar.IsOpen(year, month) && OpenMonthDrafts.Contains(s.Code);
        var next = new DateOnly(year, month, 1).AddMonths(1);
        string physical;
        if (month > last)
        {
            physical = "项目已竣工验收，正在办理竣工结算审计；本月无新增投资。";
        }
        else
        {
            var share = (decimal)sinceStart / project.TotalInvestment;
            var phase = s.Works[Math.Min(s.Works.Length - 1, (int)(share * s.Works.Length))];
            var preliminary = month == first && month > 1 ? "（含土地及前期费用）" : "";
            physical = $"{phase}；本月完成投资{thisMonth / 10_000}万元{preliminary}，开工以来累计完成投资{sinceStart / 10_000}万元。";
        }

        string? nodes = null;
        if (month == first && startedThisYear is { } started)
        {
            nodes = $"{started.Month}月{started.Day}日正式开工";
        }
        else if (month == last && completed is { } done)
        {
            nodes = $"{done.Month}月{done.Day}日竣工验收";
        }

        var lagging = s.Pace < 0.9m;
        return new ProgressReport
        {
            KeyProject = project,
            UnitId = project.UnitId,
            Year = year,
            Month = month,
            InvestmentThisMonth = thisMonth,
            InvestmentYearToDate = ytd,
            InvestmentSinceStart = sinceStart,
            PhysicalProgress = physical,
            NodesReached = nodes,
            ProblemsRaised = raised,
            Status = draft ? SubmissionStatus.Draft : SubmissionStatus.Accepted,
            SubmittedById = draft ? null : ReporterFor(project.UnitId),
            ApprovedById = draft ? null : ApproverFor(project.UnitId),
            AcceptedById = draft ? null : ProjectOffice,
            ReviewComment = !draft && lagging && month >= 6 ? "滞后序时进度，请压实责任、倒排工期，加快推进。" : null,
            RecordedAtUtc = draft ? Utc(next.Year, next.Month, 4, 6) : Utc(next.Year, next.Month, 5, 1 + (index % 8), index * 7 % 60),
            IsCurrent = true,
        };
    }

    /// <summary>The report as first accepted, with one digit too many; later superseded.</summary>
    private static ProgressReport Mistyped(ProgressReport right)
    {
        var extra = right.InvestmentThisMonth * 9;
        return new ProgressReport
        {
            KeyProject = right.KeyProject,
            UnitId = right.UnitId,
            Year = right.Year,
            Month = right.Month,
            InvestmentThisMonth = right.InvestmentThisMonth + extra,
            InvestmentYearToDate = right.InvestmentYearToDate + extra,
            InvestmentSinceStart = right.InvestmentSinceStart + extra,
            PhysicalProgress = right.PhysicalProgress,
            NodesReached = right.NodesReached,
            Status = SubmissionStatus.Accepted,
            SubmittedById = right.SubmittedById,
            ApprovedById = right.ApprovedById,
            AcceptedById = right.AcceptedById,
            RecordedAtUtc = right.RecordedAtUtc,
            IsCurrent = false,
        };
    }
}
