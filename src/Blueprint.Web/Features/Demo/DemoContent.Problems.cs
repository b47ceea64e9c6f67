using Blueprint.Web.Features.Projects;

namespace Blueprint.Web.Features.Demo;

public sealed partial class DemoContent
{
    /// <summary>
    /// Problems raised from projects and from the review: open, resolved and one that cannot be
    /// solved now. The open ones' deadlines are the follow-up's (<see cref="DemoCalendar.Story"/>):
    /// ahead of today.
    /// </summary>
    private async Task<string> SeedProblemsAsync()
    {
        Problem[] problems =
        [
            NewProblem("天府艺谷文化创意产业园二期用地报批滞后", ProblemKind.Land, DemoUnits.AirportZone, "ZY2023-004", "市政府分管自然资源副市长", D(2024, 3, 31), 1,
                "二期地块涉及国土空间规划调整，农转用报批未完成，施工单位无法进场，年度投资完成率明显低于序时进度。", Utc(2023, 4, 6)),
            NewProblem("市中心医院新区医院专项债券资金到位滞后", ProblemKind.Funds, DemoUnits.Health, "ZY2023-011", "市政府分管财政副市长", D(2024, 2, 29), 2,
                "2023年第二批专项债券额度未能足额安排，工程款支付压力大，施工单位人员减少。", Utc(2023, 6, 6)),
            NewProblem("星河动力项目安全评价及环评审批", ProblemKind.Approvals, DemoUnits.AirportZone, "ZY2023-021", "市委常委、临空经济区党工委书记", D(2023, 9, 30), 1,
                "固体飞行器生产涉及火工品，安全评价、环评审批环节多，影响计划开工时间。", Utc(2023, 7, 10),
                ProblemStatus.Resolved, "市生态环境局、市应急管理局提前介入、并联审批，10月12日取得批复，项目于10月18日开工。", Utc(2023, 10, 12, 9)),
            NewProblem("G318线城区过境段改线工程主线征地拆迁", ProblemKind.Demolition, DemoUnits.Lezhi, "ZY2023-024", "乐至县县长", D(2023, 4, 15), 0,
                "主线段涉及房屋征收132户，影响开工。", Utc(2023, 2, 8),
                ProblemStatus.Resolved, "县政府成立征地拆迁专班，4月10日完成主线段房屋征收，项目于4月16日开工；扫尾工作纳入督办。", Utc(2023, 4, 10, 9)),
            NewProblem("沱江水生态综合治理工程申请追加中央水污染防治资金", ProblemKind.Funds, DemoUnits.Ecology, "ZY2023-012", "市政府分管生态环境副市长", D(2023, 11, 30), 1,
                "湿地及生态护岸工程量增加，资金缺口约6000万元。", Utc(2023, 8, 9),
                ProblemStatus.CannotSolveNow, "2023年度中央水污染防治资金已全部下达，年内无法追加；已纳入2024年中央资金项目储备库，待2024年申报，缺口部分由县区调度地方资金先行保障关键工程。", Utc(2023, 11, 20, 9)),
            NewProblem("安岳县雨污分流工程老城区施工交通疏导", ProblemKind.Other, DemoUnits.AnyueHousing, "ZY2023-007", "安岳县县长", D(2024, 6, 30), 0,
                "老城区道路狭窄、地下管线复杂，开挖施工与群众出行矛盾突出。", Utc(2023, 9, 7)),
            NewProblem("农业园区建设只考虑投入、没有考虑效益", ProblemKind.Other, DemoUnits.Yanjiang, null, "市政府分管农业农村副市长", D(2024, 6, 30), 1,
                "过去的农业园区建设大多只考虑了投入，没有考虑效益，以致财政投入大、经济效益不好，建成后运营还需要财政持续投入。（2023年务虚会雁江区提出）", Utc(2023, 12, 5)),
            NewProblem("临空国际物流港(一期)未能按计划开工", ProblemKind.Approvals, DemoUnits.AirportZone, "ZY2023-026", "市委常委、临空经济区党工委书记", D(2024, 4, 30), 0,
                "规划调整未完成，项目前期工作深度不够。（2023年务虚会临空经济区提出）", Utc(2023, 12, 5)),
        ];
        problems[6].ReviewSubmissionId = _submissions[DemoUnits.Yanjiang].Id;
        problems[7].ReviewSubmissionId = _submissions[DemoUnits.AirportZone].Id;
        db.AddRange(problems);
        await db.SaveChangesAsync();
        return $"{problems.Length} problems";
    }

    private Problem NewProblem(string title, ProblemKind kind, string unit, string? project, string leader, DateOnly deadline, int escalation,
        string description, DateTime created, ProblemStatus status = ProblemStatus.Open, string? answer = null, DateTime? closed = null) => new()
        {
            Title = Calendar.Text(title),
            Kind = kind,
            UnitId = UnitId(unit),
            KeyProjectId = project is null ? null : _projects[project].Id,
            CoordinatingLeader = leader,
            Deadline = Calendar.Story(deadline),
            EscalationLevel = escalation,
            Description = Calendar.Text(description),
            Status = status,
            Answer = answer is null ? null : Calendar.Text(answer),
            CreatedAtUtc = Calendar.Utc(created),
            ClosedAtUtc = closed is { } c ? Calendar.StoryUtc(c) : null,
        };
}
