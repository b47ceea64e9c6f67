using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reader.Extraction;
using static Blueprint.Tests.Reader.Extraction.DemoReaderUnits;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>Proposals from hand-written sentences, including the traps the issue names.</summary>
public sealed class ProposalTests
{
    private static IReadOnlyList<ProposalDraft> Read(string text, int year = 2024) => new ReportReader().Read(text, year, All).Proposals;

    [Fact]
    public void A_date_without_a_year_takes_the_report_year()
    {
        var milestone = Assert.Single(Read("6月28日，成资渝高速公路资阳段建成通车。", 2024));
        Assert.Equal((ProposalKind.Milestone, 2024, 6, 28), (milestone.Kind, milestone.Year, milestone.Month, milestone.Day));
    }

    [Fact]
    public void A_planned_date_is_no_milestone_but_the_project_gets_its_month()
    {
        var proposals = Read("力争高新材料产业园二期项目6月开工。");
        var project = Assert.Single(proposals);
        Assert.Equal((ProposalKind.Project, "开工", 2024, 6), (project.Kind, project.Stage, project.Year, project.Month));
    }

    [Fact]
    public void An_amount_in_a_later_clause_belongs_to_the_project_before_it()
    {
        var project = Assert.Single(Read("5月，安岳县柠檬精深加工产业园项目签约落地，总投资12亿元；"), p => p.Kind == ProposalKind.Project);
        Assert.Equal((1_200_000_000L, "总投资", "签约"), (project.AmountYuan, project.AmountKind, project.Stage));
        Assert.Equal([Anyue], project.UnitIds);
    }

    [Fact]
    public void Total_investment_wins_over_the_annual_plan_of_the_same_project()
    {
        var project = Assert.Single(Read("加快建设某某大道改造工程，年度计划投资2亿元，总投资9.6亿元。"), p => p.Kind == ProposalKind.Project);
        Assert.Equal((960_000_000L, "总投资"), (project.AmountYuan, project.AmountKind));
        Assert.Equal(2, project.Spans.Count(s => s.Role == "money") + 1); // one amount read as the project's, the plan in the text
    }

    [Fact]
    public void Two_units_two_targets_in_one_clause_list()
    {
        var targets = Read("力争2024年高新区全年生产总值增长８％、临空经济区全年生产总值增长１０％。").Where(p => p.Kind == ProposalKind.Target).ToList();
        Assert.Equal([(HighTechZone, 8m), (AirportZone, 10m)], targets.Select(t => (t.UnitIds.Single(), t.Value!.Value)));
        Assert.All(targets, t => Assert.Equal(("地区生产总值", 2024), (t.IndicatorName, t.Year)));
    }

    [Fact]
    public void A_range_target_keeps_its_range_and_a_bare_rate_its_indicator()
    {
        var targets = Read("2024年预期目标：社会消费品零售总额增长8%—9%，地区生产总值达到280亿元，增长7%左右。")
            .Where(p => p.Kind == ProposalKind.Target).ToList();
        Assert.Equal(["8-9", null, "左右"], targets.Select(t => t.Qualifier));
        Assert.Equal(["社会消费品零售总额", "地区生产总值", "地区生产总值"], targets.Select(t => t.IndicatorName));
        Assert.Equal(28_000_000_000m / 100_000_000m, targets[1].Value);
        Assert.Equal("亿元", targets[1].ValueUnit);
    }

    [Fact]
    public void Qualifiers_reach_the_target()
    {
        var target = Assert.Single(Read("确保全年新签约项目超40个。"));
        Assert.Equal((40m, "超", "新签约"), (target.Value, target.Qualifier, target.Measure));
    }

    [Fact]
    public void Counts_without_a_goal_or_a_period_are_no_targets()
    {
        Assert.Empty(Read("在这一场参会人数达800余人,参会单位、企业超100家,总时长达4个小时的会上,成绩不断展现。"));
    }

    [Theory]
    [InlineData("全市上下以问题为导向、讨论今年如何看。")]
    [InlineData("既指出问题、分析原因,又提出工作安排。")]
    [InlineData("成就、不足、优势、做法等内容不断交织。")]
    [InlineData("已争取贷款2.4亿元解决园区建设资金问题。")]
    [InlineData("市发改委将牵头建立项目问题清单。")]
    public void Problem_words_used_as_method_or_topic_name_no_problem(string text)
    {
        Assert.DoesNotContain(Read(text), p => p.Kind == ProposalKind.Problem);
    }

    [Fact]
    public void A_quoted_problem_belongs_to_the_speakers_unit()
    {
        var problem = Assert.Single(Read("“园区只考虑了投入，没有考虑效益。”雁江区委书记说，今年将改。"), p => p.Kind == ProposalKind.Problem);
        Assert.Equal("园区只考虑了投入，没有考虑效益", problem.Text);
        Assert.Equal([Yanjiang], problem.UnitIds);
    }

    [Fact]
    public void Items_of_an_announced_list_are_measures()
    {
        var proposals = Read("我们将着力抓好以下工作：\n一是深化成渝协作。\n二是防范化解风险，严格控制政府债务规模。\n会议结束。");
        Assert.Equal([2, 3], proposals.Where(p => p.Kind == ProposalKind.Measure).Select(p => p.SentenceNumber));
    }

    [Fact]
    public void The_publishers_lines_and_titles_propose_nothing()
    {
        var proposals = Read("全市重点项目工作推进会召开 上半年完成投资286亿元\n特别声明：以上内容为用户上传，2023年9月项目开工，本平台仅提供信息存储服务。\n加快建设。");
        Assert.Empty(proposals);
    }
}
