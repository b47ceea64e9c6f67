using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reader.Extraction;
using static Blueprint.Tests.Reader.Extraction.DemoReaderUnits;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>
/// The rules issue 18 added for reports the reader had never seen, one recogniser at a time, on
/// made-up sentences (none taken from the held-out half of the corpus).
/// </summary>
public sealed class ReportRulesTests
{
    private static IReadOnlyList<ProposalDraft> Read(string text, int year = 2025) => new ReportReader().Read(text, year, All).Proposals;

    private static List<ProposalDraft> Targets(string text, int year = 2025) => [.. Read(text, year).Where(p => p.Kind == ProposalKind.Target)];

    [Theory]
    [InlineData("两个", 2)]
    [InlineData("三十五项", 35)]
    [InlineData("二百三十个", 230)]
    [InlineData("两百一十个", 210)]
    [InlineData("两万个", 20000)]
    [InlineData("一万二千家", 12000)]
    public void Chinese_numerals_are_counts(string text, int value)
    {
        var figure = Assert.Single(FigureRecogniser.Find(text));
        Assert.Equal((FigureKind.Count, (decimal)value), (figure.Kind, figure.Value));
    }

    [Theory]
    [InlineData("一批项目")]
    [InlineData("实现“两个突破”")]
    [InlineData("第三季度")]
    public void A_lone_one_a_slogan_or_an_ordinal_is_no_count(string text) => Assert.Empty(FigureRecogniser.Find(text));

    [Fact]
    public void PM25_is_read_with_its_unit()
    {
        var figure = Assert.Single(FigureRecogniser.Find("PM2.5浓度控制在30微克/立方米以内"));
        Assert.Equal((30m, "微克/立方米", "以内"), (figure.Value, figure.Unit, figure.Qualifier));
    }

    [Theory]
    [InlineData("规模以上工业增加值", "规上工业增加值", true)]
    [InlineData("全市社零总额", "社会消费品零售总额", true)]
    [InlineData("固投", "固定资产投资", true)]
    [InlineData("城镇调查失业率", "城镇调查失业率", false)]
    [InlineData("细颗粒物平均浓度", "PM2.5浓度", false)]
    public void Standard_indicators_are_named_with_their_direction(string phrase, string name, bool higherIsBetter)
    {
        var indicator = StandardIndicators.Find(phrase);
        Assert.NotNull(indicator);
        Assert.Equal((name, higherIsBetter), (indicator.Name, indicator.HigherIsBetter));
    }

    [Fact]
    public void A_short_form_inside_another_word_is_not_the_indicator() => Assert.Null(StandardIndicators.Find("规上工业企业"));

    [Fact]
    public void Every_figure_of_a_year_plan_sentence_is_a_target_of_that_year()
    {
        var targets = Targets("2025年全市安排重点项目200个，总投资1500亿元，年度计划投资400亿元。");
        Assert.Equal([200m, 1500m, 400m], targets.Select(t => t.Value!.Value));
        Assert.All(targets, t => Assert.Equal((false, 2025), (t.Actual, t.Year)));
    }

    [Fact]
    public void A_review_reports_results_of_the_year_it_looks_back_on()
    {
        var targets = Targets("一、2024年工作回顾\n全年规模以上工业增加值增长7.5％，新开工项目八十个，开工率90.2％。");
        Assert.Equal([7.5m, 80m, 90.2m], targets.Select(t => t.Value!.Value));
        Assert.All(targets, t => Assert.Equal((true, 2024), (t.Actual, t.Year)));
        Assert.Equal("规上工业增加值", targets[0].IndicatorName);
    }

    [Fact]
    public void Goals_announced_by_a_heading_are_targets_with_their_qualifier()
    {
        var targets = Targets("2025年主要预期目标是：\n地区生产总值增长6％左右；\n城镇调查失业率控制在5.5％以内。");
        Assert.Equal([(6m, "左右"), (5.5m, "以内")], targets.Select(t => (t.Value!.Value, t.Qualifier)));
        Assert.All(targets, t => Assert.Equal((false, 2025), (t.Actual, t.Year)));
    }

    [Fact]
    public void A_goal_word_makes_a_target_and_a_result_word_after_it_a_result()
    {
        Assert.False(Assert.Single(Targets("力争全年完成投资300亿元以上。")).Actual);
        Assert.True(Assert.Single(Targets("1-9月，全市累计完成投资210亿元。")).Actual);
    }

    [Fact]
    public void Listed_figures_share_their_verb()
    {
        var targets = Targets("1-9月，雁江区、安岳县分别完成投资30.5亿元、28.1亿元。");
        Assert.Equal([30.5m, 28.1m], targets.Select(t => t.Value!.Value));
    }

    [Fact]
    public void A_projects_amount_is_no_indicator()
    {
        var proposals = Read("雁江区某某智能装备产业园项目已完成主体工程，累计完成投资3.2亿元。");
        Assert.DoesNotContain(proposals, p => p.Kind == ProposalKind.Target);
        Assert.Equal(320_000_000L, Assert.Single(proposals, p => p.Kind == ProposalKind.Project).AmountYuan);
    }

    [Fact]
    public void Figures_that_evidence_a_problem_are_no_targets()
    {
        var proposals = Read("一是部分项目推进缓慢，5个县重点项目投资完成率低于50％。");
        Assert.Equal([ProposalKind.Problem], proposals.Select(p => p.Kind));
    }

    [Fact]
    public void An_event_about_projects_is_a_milestone_not_a_project()
    {
        var proposals = Read("2025年3月10日上午，全市重点项目集中开工活动在安岳县举行。");
        Assert.Equal([ProposalKind.Milestone], proposals.Select(p => p.Kind));
    }

    [Theory]
    [InlineData("2025年4月，资阳现代物流园（一期）及配套道路工程开工。", "资阳现代物流园(一期)及配套道路工程")]
    [InlineData("2025年4月，资阳现代物流园（一期）暨配套道路工程开工。", "资阳现代物流园(一期)暨配套道路工程")]
    public void A_name_runs_through_a_phase_bracket_and_its_joined_part(string text, string name) =>
        Assert.Equal(name, TextNormaliser.Normalise(Assert.Single(Read(text), p => p.Kind == ProposalKind.Project).ProjectName!));

    [Fact]
    public void Under_a_next_steps_heading_sentences_are_measures_not_problems()
    {
        var proposals = Read("四、下一步工作\n二是整改不到位的要限期销号。\n强化调度督导。");
        Assert.Equal([ProposalKind.Measure, ProposalKind.Measure], proposals.Select(p => p.Kind));
    }

    [Fact]
    public void A_rectification_that_falls_short_is_a_problem()
    {
        Assert.Equal(ProposalKind.Problem, Assert.Single(Read("二是整改不到位，反馈问题仍未销号。")).Kind);
    }

    [Fact]
    public void A_problem_stops_at_the_next_steps()
    {
        var problem = Assert.Single(Read("项目储备不足，下一步将加快谋划。"), p => p.Kind == ProposalKind.Problem);
        Assert.Equal("项目储备不足", problem.Text);
    }

    [Fact]
    public void A_name_two_units_answer_to_is_asked_about_never_picked()
    {
        IReadOnlyList<ReaderUnit> units = [.. All, new ReaderUnit(99, "乐至经济开发区", ["乐至经开区", "经开区"])];
        var proposals = new ReportReader().Read("2025年5月，经开区某某新材料产业园项目开工。", 2025, units).Proposals;
        Assert.Equal([ProposalKind.Milestone, ProposalKind.Project], proposals.Select(p => p.Kind));
        Assert.All(proposals, p => Assert.Empty(p.UnitIds));
        Assert.All(proposals, p => Assert.Equal([AnyueZone, 99], p.UnitCandidates!));
        Assert.Equal([AnyueZone, 99], ProposalDefaults.From(proposals[1], 2025).UnitCandidates!);
        // Its own full name still names it alone.
        var named = new ReportReader().Read("2025年5月，乐至经开区某某新材料产业园项目开工。", 2025, units).Proposals;
        Assert.All(named, p => Assert.Equal([99], p.UnitIds));
        Assert.All(named, p => Assert.Null(p.UnitCandidates));
    }
    [Theory]
    [InlineData("2025年10月16日上午，全市重大项目集中签约仪式在高新区举行。", "全市重大项目集中签约仪式在高新区举行")]
    [InlineData("2025年7月20日下午，乐至县第三季度重点项目集中开工活动举行。", "乐至县第三季度重点项目集中开工活动举行")]
    [InlineData("2025年7月，近日，安岳县柠檬产业园项目签约落地。", "安岳县柠檬产业园项目签约落地")]
    [InlineData("2025年3月，5日晚上，雁江区招商推介会召开。", "雁江区招商推介会召开")]
    [InlineData("2025年4月，今年以来第二批重点项目集中开工活动举行。", "第二批重点项目集中开工活动举行")]
    [InlineData("近年来，乐至县柠檬产业园于2025年6月建成投产。", "乐至县柠檬产业园于2025年6月建成投产")]
    [InlineData("2025年5月，近期安岳县某某物流园区项目签约落地。", "安岳县某某物流园区项目签约落地")]
    public void Time_words_are_stripped_from_milestone_titles(string sentence, string title)
    {
        Assert.Equal(title, Assert.Single(Read(sentence), p => p.Kind == ProposalKind.Milestone).Text);
    }

    [Theory]
    [InlineData("岳阳经开区（岳阳临港新区）新材料产业园项目已完成主体工程。")]
    [InlineData("襄阳东津新区（襄阳经开区）新能源汽车零部件产业园项目已完成主体结构。")]
    [InlineData("湖北省襄阳市经开区新能源汽车零部件产业园项目开工。")]
    // Nothing else in the sentence names the place: the list of provinces and prefectures does.
    [InlineData("襄阳经开区新能源汽车零部件产业园项目开工。")]
    [InlineData("2025年5月，芜湖经开区某某新材料产业园项目开工。")]
    [InlineData("学习借鉴苏州高新区、合肥经开区的经验。")]
    [InlineData("四川绵阳经开区某某产业园项目签约。")]
    [InlineData("某某县经开区某某产业园项目开工。")]
    public void A_generic_alias_after_another_place_names_no_unit_of_ours(string sentence)
    {
        var facts = new UnitMatcher(All);
        Assert.DoesNotContain(facts.Find(sentence), u => u.UnitId == AnyueZone);
        IReadOnlyList<ReaderUnit> two = [.. All, new ReaderUnit(99, "乐至经济开发区", ["乐至经开区", "经开区"])];
        Assert.Empty(new UnitMatcher(two).FindAmbiguous(sentence));
    }

    [Theory]
    [InlineData("启动经开区幼儿园等3个项目")]
    [InlineData("2025年5月，经开区某某新材料产业园项目开工。")]
    [InlineData("资阳市经开区某某产业园项目开工")]
    [InlineData("四川资阳经开区某某产业园项目开工")]
    [InlineData("推动全市经开区高质量发展")]
    [InlineData("加快建设经开区某某产业园项目")]
    public void A_generic_alias_of_our_own_still_names_our_unit(string sentence)
    {
        Assert.Contains(new UnitMatcher(All).Find(sentence), u => u.UnitId == AnyueZone);
    }

    [Fact]
    public void A_result_of_a_period_that_has_run_is_the_value_up_to_its_last_month()
    {
        var nine = Assert.Single(Targets("1-9月，全市固定资产投资同比增长8.2%。"));
        Assert.Equal((true, 9), (nine.Actual, nine.Month));
        Assert.Equal(9, ProposalDefaults.From(nine, 2025).Month);
        var half = Assert.Single(Targets("上半年，全市规上工业增加值增长7.5%。"));
        Assert.Equal((true, 6), (half.Actual, half.Month));
        // A goal or a whole year's result has no month: it is the year's.
        Assert.Null(Assert.Single(Targets("2024年，全市地区生产总值增长6.1%。")).Month);
        // The sentences after a "1-9月，" that opened the review are of the same months.
        var after = Targets("1-9月，全市重点项目累计完成投资620亿元。新开工项目75个，开工率80%。二、下一步工作").Where(t => t.SentenceNumber == 2).ToList();
        Assert.Equal(2, after.Count);
        Assert.All(after, t => Assert.Equal((true, 9), (t.Actual, t.Month)));
        var goal = Assert.Single(Targets("力争全市固定资产投资增长10%。"));
        Assert.Equal((false, (int?)null), (goal.Actual, ProposalDefaults.From(goal, 2025).Month));
    }

    [Theory]
    [InlineData("今年以来全市工业用电量增长6.5%。", null)]
    [InlineData("截至目前，全市工业用电量增长6.5%。", null)]
    [InlineData("截至9月底，全市工业用电量增长6.5%。", 9)]
    public void A_time_phrase_of_the_year_so_far_makes_a_result_and_names_nothing(string sentence, int? month)
    {
        var target = Assert.Single(Targets(sentence));
        Assert.Equal(("工业用电量", true, 2025, month), (target.IndicatorName, target.Actual, target.Year, target.Month));
    }

    [Fact]
    public void A_standard_indicator_whose_name_holds_its_verb_is_named_whole()
    {
        var jobs = Assert.Single(Targets("2024年，乐至县城镇新增就业0.6万人。"));
        Assert.Equal(("城镇新增就业", "万人"), (jobs.IndicatorName, jobs.ValueUnit));
        Assert.Equal("学位", Assert.Single(Targets("2024年，乐至县新增学位2650个。")).IndicatorName);
    }

    [Theory]
    [InlineData("固投增长", "固定资产投资增速")]
    [InlineData("全社会固定资产投资增速", "固定资产投资增长率")]
    [InlineData("规模以上工业增加值增速", "规上工业增加值增长")]
    [InlineData("新增学位", "新增学位")]
    [InlineData("PM2.5平均浓度", "PM2.5浓度")]
    public void Names_of_one_indicator_match(string a, string b) => Assert.Equal(IndicatorMatches.Key(a), IndicatorMatches.Key(b));

    [Theory]
    [InlineData("地区生产总值", "地区生产总值增速")]
    [InlineData("固定资产投资增速", "社会消费品零售总额增速")]
    [InlineData("新增学位", "新增床位")]
    public void Names_of_two_indicators_do_not(string a, string b) => Assert.NotEqual(IndicatorMatches.Key(a), IndicatorMatches.Key(b));
}
