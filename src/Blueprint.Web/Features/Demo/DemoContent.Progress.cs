using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>Investment completed in 2023 up to the end of each month, per project (元).</summary>
    private readonly Dictionary<(string Code, int Month), long> _yearToDate = [];

    /// <summary>December 2023 reports still in draft (filled, not submitted).</summary>
    private static readonly string[] DecemberDrafts = ["ZY2023-004", "ZY2023-022", "ZY2023-023"];

    /// <summary>December 2023 reports not yet filled at all.</summary>
    private static readonly string[] DecemberMissing = ["ZY2023-011", "ZY2023-025"];

    private const string CorrectedProject = "ZY2023-013";
    private const int CorrectedMonth = 6;

    /// <summary>
    /// A year of monthly progress for every key-list project that has started. The cumulative
    /// curve is the annual plan × the project's pace × the share of the year elapsed (up to the
    /// completion month), plus a small fixed wobble, rounded to 万元. Planned-start projects
    /// report from their actual start month, the first report including the preliminary costs
    /// (land, design); a project that started more than a month late spreads its plan only
    /// over the months left, so the late start shows as a shortfall against the plan.
    /// </summary>
    private async Task<string> SeedProgressAsync()
    {
        var rows = new List<ProgressReport>();
        (ProgressReport Wrong, ProgressReport Right)? correction = null;
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
                var fraction = first - plannedFirst > 1
                    ? (decimal)(m - first + 1) / (13 - plannedFirst)
                    : Math.Min(1m, (decimal)m / last);
                var wobble = m < last ? (((i * 3) + (m * 7)) % 5) - 2 : 0;
                var ytd = Math.Max(previous, RoundToWan((annual * s.Pace * fraction) + (annual * 0.01m * wobble)));
                _yearToDate[(s.Code, m)] = ytd;
                var thisMonth = ytd - previous;
                previous = ytd;
                if (m == 12 && DecemberMissing.Contains(s.Code))
                {
                    continue;
                }

                var row = Report(s, project, i, m, first, last, thisMonth, ytd);
                if (s.Code == CorrectedProject && m == CorrectedMonth)
                {
                    correction = (Mistyped(row), row);
                    rows.Add(correction.Value.Wrong);
                    continue;
                }

                rows.Add(row);
            }
        }

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
            right.RecordedAtUtc = Utc(2023, 7, 18, 3);
            right.AcceptedAtUtc = Utc(2023, 7, 19, 2);
            right.CorrectionReason =
                $"6月完成投资误多录一位数（{wrong.InvestmentThisMonth / 10_000}万元应为{right.InvestmentThisMonth / 10_000}万元），经核对计量支付资料更正。";
            db.Add(right);
            await db.SaveChangesAsync();
            rows.Add(right);
        }

        var drafts = rows.Count(r => r.Status == SubmissionStatus.Draft);
        return $"{rows.Count} progress reports ({drafts} drafts, 1 correction)";
    }

    private ProgressReport Report(ProjectSeed s, KeyProject project, int index, int month, int first, int last, long thisMonth, long ytd)
    {
        var sinceStart = Yi(s.Prior) + ytd;
        var draft = month == 12 && DecemberDrafts.Contains(s.Code);
        var next = month == 12 ? (Year: 2024, Month: 1) : (Year: 2023, Month: month + 1);
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
        if (month == first && s.Started is { Year: 2023 } started)
        {
            nodes = $"{started.Month}月{started.Day}日正式开工";
        }
        else if (month == last && s.Completed is { } completed)
        {
            nodes = $"{completed.Month}月{completed.Day}日竣工验收";
        }

        var lagging = s.Pace < 0.9m;
        var raised = s.Trouble is not null && (lagging ? month >= 3 : month == first) ? s.Trouble : null;
        return new ProgressReport
        {
            KeyProject = project,
            UnitId = project.UnitId,
            Year = 2023,
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
            RecordedAtUtc = draft ? Utc(2024, 1, 4, 6) : Utc(next.Year, next.Month, 5, 1 + (index % 8), index * 7 % 60),
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
