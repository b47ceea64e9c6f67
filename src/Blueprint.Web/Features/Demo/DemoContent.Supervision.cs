using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Supervision;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>
    /// The 4 December 务虚会 with its decisions, and supervision items from several sources.
    /// Seen from the story's day (31 January 2024), and from any seed day through
    /// <see cref="DemoCalendar.Story"/>: one item closed, one awaiting closure, one overdue by
    /// some days with an extension pending, the rest running; the quiet months between the
    /// conference week and the last weeks carry routine feedback on the items' calendars.
    /// </summary>
    private async Task<string> SeedSupervisionAsync()
    {
        var meeting = new Meeting
        {
            Date = Calendar.Date(D(2023, 12, 4)),
            Title = Calendar.Text("2023年市委工作务虚会"),
            AttendeeCount = 800,
            ParticipatingUnitCount = 100,
            DurationMinutes = 240,
            Minutes = "会议以问题为导向讨论“今年如何看”，以目标为导向研究“明年怎么干”。各区县、园区、部门和企业开诚布公、畅所欲言，"
                + "既指出问题、分析原因，又有针对性地提出工作安排。会议强调，资阳依然是小市、弱市、穷市，发展不足依然是最大的问题；"
                + "要坚持一张蓝图绘到底，持续抓好“三件大事”，推动高质量发展实现新跨越。",
        };
        string[] decisions =
        [
            "坚持一张蓝图绘到底，以成渝地区双城经济圈建设为总牵引、以成资同城化为战略支撑，持续抓好“三件大事”。",
            "高新区、临空经济区以“产业项目攻坚突破年”统揽2024年工作，力争高新区生产总值增长8%、临空经济区生产总值增长10%。",
            "农业园区建设坚持市场导向、效益优先，总结推广马蹄湾现代农业园区投入产出自平衡模式。",
            "务虚会提出的问题逐项建立清单，明确责任单位和完成时限，纳入督查督办，明年务虚会通报办理结果。",
        ];
        for (var i = 0; i < decisions.Length; i++)
        {
            meeting.Decisions.Add(new Decision { Text = Calendar.Text(decisions[i]), SortOrder = (i + 1) * 10 });
        }

        db.Add(meeting);

        var gxPlan = NewItem("ZYDB-2023-001", "制定高新区、临空经济区“产业项目攻坚突破年”实施方案", SupervisionSource.MeetingDecision, DemoUnits.HighTechZone,
            D(2024, 2, 29), FeedbackCadence.Monthly, SupervisionStatus.InProgress, meeting.Decisions[1], DemoUnits.AirportZone, DemoUnits.Development);
        gxPlan.GoalId = _goals["2024.gx"].Id;
        var farm = NewItem("ZYDB-2023-002", "总结推广马蹄湾现代农业园区投入产出自平衡模式", SupervisionSource.MeetingDecision, DemoUnits.Yanjiang,
            D(2024, 3, 31), FeedbackCadence.Monthly, SupervisionStatus.Accepted, meeting.Decisions[2], DemoUnits.Agriculture, DemoUnits.Finance);
        farm.GoalId = _goals["2024.farm"].Id;
        farm.KeyProjectId = _projects["ZY2023-017"].Id;
        var g318 = NewItem("ZYDB-2023-003", "G318线城区过境段改线工程征地拆迁扫尾", SupervisionSource.LeaderInstruction, DemoUnits.Lezhi,
            D(2024, 1, 15), FeedbackCadence.Fortnightly, SupervisionStatus.InProgress, null, DemoUnits.LezhiDevelopment);
        g318.Basis = "市政府主要领导在12月重点项目调度会上批示：拆迁扫尾影响路基贯通，请乐至县限期完成。";
        g318.KeyProjectId = _projects["ZY2023-024"].Id;
        var sewer = NewItem("ZYDB-2023-004", "关于加快安岳县城区雨污分流工程、减少施工对群众出行影响的建议", SupervisionSource.DeputiesSuggestion, DemoUnits.Anyue,
            D(2024, 6, 30), FeedbackCadence.Monthly, SupervisionStatus.InProgress, null, DemoUnits.AnyueHousing);
        sewer.KeyProjectId = _projects["ZY2023-007"].Id;
        var tcm = NewItem("ZYDB-2023-005", "关于支持安岳县争创全国基层中医药工作示范县的提案", SupervisionSource.CppccProposal, DemoUnits.Health,
            D(2024, 9, 30), FeedbackCadence.Monthly, SupervisionStatus.Assigned, null, DemoUnits.Anyue);
        tcm.GoalId = _goals["2024.anyue"].Id;
        var commute = NewItem("ZYDB-2023-006", "省政府督查室转办：成资同城化重大交通项目年度推进情况", SupervisionSource.ForwardedFromAbove, DemoUnits.Development,
            D(2023, 12, 31), FeedbackCadence.Once, SupervisionStatus.Closed, null, DemoUnits.AirportZone);
        commute.CreatedAtUtc = Calendar.Utc(Utc(2023, 11, 15, 2));
        commute.ClosedAtUtc = Calendar.StoryUtc(Utc(2023, 12, 28, 7));
        var invest = NewItem("ZYDB-2023-007", "乐至县城至天池快速通道改建工程完成年度投资目标", SupervisionSource.PerformanceTarget, DemoUnits.Lezhi,
            D(2023, 12, 31), FeedbackCadence.Monthly, SupervisionStatus.ClosureRequested, null);
        invest.KeyProjectId = _projects["ZY2023-009"].Id;
        invest.CreatedAtUtc = Calendar.Utc(Utc(2023, 2, 10, 2));
        SupervisionItem[] items = [gxPlan, farm, g318, sewer, tcm, commute, invest];
        db.AddRange(items);

        List<SupervisionFeedback> feedback =
        [
            Feedback(gxPlan, DemoUnits.HighTechZone, SupervisionOffice, "（督查室据电话反馈代录）实施方案初稿已形成，正在征求市级部门意见。", 2024, 1, 10),
            Feedback(farm, DemoUnits.Yanjiang, SupervisionOffice, "（督查室据书面反馈代录）已组织编制马蹄湾园区运营方案，拟引进稻虾龙头企业统一运营。", 2024, 1, 12),
            Feedback(g318, DemoUnits.Lezhi, User("lezhi.reporter"), "剩余征收户11户，已完成评估，正在协商安置方案。", 2023, 12, 29),
            Feedback(g318, DemoUnits.Lezhi, User("lezhi.reporter"), "剩余征收户5户，其中2户对补偿标准有异议，县司法局已介入调解。", 2024, 1, 12),
            Feedback(sewer, DemoUnits.Anyue, User("anyue.reporter"), "已对老城区段实行分段封闭、夜间施工，并在县融媒体中心发布绕行公告。", 2024, 1, 15),
            Feedback(commute, DemoUnits.Development, SupervisionOffice, "（督查室据书面反馈代录）成资大道东延线等项目年度投资已超序时完成，情况已报省政府督查室。", 2023, 12, 27),
            Feedback(invest, DemoUnits.Lezhi, User("lezhi.reporter"), "年度投资目标已完成，申请办结。", 2024, 1, 8),
        ];
        feedback.AddRange(RoutineFeedback(items));
        db.AddRange(feedback);
        db.AddRange(History(items, feedback));
        db.Add(new ExtensionRequest
        {
            Item = g318,
            UnitId = g318.UnitId,
            RequestedDeadline = Calendar.Story(D(2024, 2, 29)),
            Reason = ExtensionReason,
            Status = ExtensionStatus.Pending,
            RequestedById = User("lezhi.reporter"),
        });

        await db.SaveChangesAsync();
        return $"1 meeting ({decisions.Length} decisions), {items.Length} supervision items ({feedback.Count} feedback, 1 extension request)";
    }

    /// <summary>
    /// Each item's history as the flow would have written it: assigned by the office, accepted
    /// by the lead unit a day later, every feedback, and the extension or closure steps of the
    /// items that reached them.
    /// </summary>
    private List<SupervisionStep> History(SupervisionItem[] items, List<SupervisionFeedback> feedback)
    {
        var steps = new List<SupervisionStep>();
        SupervisionStep Step(SupervisionItem item, SupervisionStepKind kind, int actor, DateTime at, string? comment = null) =>
            new() { Item = item, UnitId = item.UnitId, Kind = kind, ActorId = actor, AtUtc = at, Comment = comment };

        foreach (var item in items)
        {
            steps.Add(Step(item, SupervisionStepKind.Assigned, SupervisionOffice, item.CreatedAtUtc));
            if (item.Status != SupervisionStatus.Assigned)
            {
                steps.Add(Step(item, SupervisionStepKind.Accepted, LeadUnitUser(item), item.CreatedAtUtc.AddDays(1)));
            }
        }

        steps.AddRange(feedback.Select(f => Step(f.Item!, SupervisionStepKind.Feedback, f.AuthorId, f.CreatedAtUtc, f.Text)));
        var g318 = items.Single(i => i.CaseNumber == Calendar.Code("ZYDB-2023-003"));
        steps.Add(Step(g318, SupervisionStepKind.ExtensionRequested, User("lezhi.reporter"), Calendar.StoryUtc(Utc(2024, 1, 13, 3)), ExtensionReason));
        var invest = items.Single(i => i.CaseNumber == Calendar.Code("ZYDB-2023-007"));
        steps.Add(Step(invest, SupervisionStepKind.ClosureRequested, User("lezhi.reporter"), Calendar.StoryUtc(Utc(2024, 1, 8, 8)), "年度投资目标已完成，申请办结。"));
        var commute = items.Single(i => i.CaseNumber == Calendar.Code("ZYDB-2023-006"));
        steps.Add(Step(commute, SupervisionStepKind.ClosureRequested, SupervisionOffice, Calendar.StoryUtc(Utc(2023, 12, 27, 8)), "（督查室据书面反馈代录）申请办结。"));
        steps.Add(Step(commute, SupervisionStepKind.Closed, SupervisionOffice, commute.ClosedAtUtc!.Value, "年度推进情况已报省政府督查室，同意办结。"));
        return steps;
    }

    /// <summary>The extension 乐至 asks for, to the end of the month after the story's day (as the requested deadline moves).</summary>
    private string ExtensionReason =>
        $"剩余2户对补偿标准有异议，正依法调解，申请延期至{DemoCalendar.MonthDayText(Calendar.Story(D(2024, 2, 29)))}。";

    /// <summary>
    /// The routine feedback of the quiet months (<see cref="DemoCalendar.QuietDays"/>): each running
    /// item's lead unit answers every due date of its feedback calendar that falls in them, two
    /// days ahead, so the rankings of those months judge real work; the story's own weeks keep
    /// their misses. None when the seed day is the story's day.
    /// </summary>
    private IEnumerable<SupervisionFeedback> RoutineFeedback(SupervisionItem[] items)
    {
        if (Calendar.QuietDays is not { } quiet)
        {
            yield break;
        }

        var (from, to) = quiet;

        foreach (var item in items.Where(i => i.Status is SupervisionStatus.Accepted or SupervisionStatus.InProgress or SupervisionStatus.ClosureRequested))
        {
            var start = SupervisionLights.Day(item.CreatedAtUtc);
            foreach (var due in SupervisionLights.DueDates(start, item.Deadline, item.Cadence).Where(d => d >= from && d <= to))
            {
                var author = LeadUnitUser(item);
                var text = (author == SupervisionOffice ? "（督查室据电话反馈代录）" : "") + "本期工作按计划推进，暂无需要协调解决的困难。";
                var on = due.AddDays(-2) > start ? due.AddDays(-2) : due;
                yield return new SupervisionFeedback
                {
                    Item = item,
                    UnitId = item.UnitId,
                    AuthorId = author,
                    Text = text,
                    CreatedAtUtc = Utc(on, 7),
                };
            }
        }
    }

    /// <summary>Who acts for an item's lead unit: its demo reporter, or the office on its behalf (代录).</summary>
    private int LeadUnitUser(SupervisionItem item) =>
        item.UnitId == UnitId(DemoUnits.Lezhi) ? User("lezhi.reporter") : item.UnitId == UnitId(DemoUnits.Anyue) ? User("anyue.reporter") : SupervisionOffice;

    private SupervisionItem NewItem(string caseNumber, string title, SupervisionSource source, string unit, DateOnly deadline,
        FeedbackCadence cadence, SupervisionStatus status, Decision? decision, params string[] cooperating)
    {
        var item = new SupervisionItem
        {
            CaseNumber = Calendar.Code(caseNumber),
            Title = Calendar.Text(title),
            Source = source,
            Basis = decision?.Text,
            UnitId = UnitId(unit),
            Deadline = Calendar.Story(deadline),
            OriginalDeadline = Calendar.Story(deadline),
            Cadence = cadence,
            Status = status,
            Decision = decision,
            CreatedAtUtc = Calendar.Utc(decision is null ? Utc(2023, 12, 8, 2) : Utc(2023, 12, 6, 2)),
        };
        foreach (var code in cooperating)
        {
            item.CooperatingUnits.Add(new SupervisionCoUnit { UnitId = UnitId(code) });
        }

        return item;
    }

    private SupervisionFeedback Feedback(SupervisionItem item, string unit, int authorId, string text, int year, int month, int day) => new()
    {
        Item = item,
        UnitId = UnitId(unit),
        AuthorId = authorId,
        Text = text,
        CreatedAtUtc = Calendar.StoryUtc(Utc(year, month, day, 7)),
    };
}
