using Blueprint.Web.Features.Reader.Extraction;
using static Blueprint.Tests.Reader.Extraction.DemoReaderUnits;

namespace Blueprint.Tests.Reader.Extraction;

public sealed class UnitAndProjectTests
{
    private static readonly UnitMatcher Units = new(All);

    [Fact]
    public void Two_units_in_one_sentence_longest_name_first()
    {
        var found = Units.Find("高新区、临空经济区将以产业项目攻坚突破年统揽全年工作,资阳高新区带头");
        Assert.Equal([HighTechZone, AirportZone, HighTechZone], found.Select(u => u.UnitId));
        Assert.Equal("资阳高新区".Length, found[2].Length); // not 资阳 (the city) followed by 高新区
    }

    [Fact]
    public void A_leader_speaking_marks_the_unit_as_speaker()
    {
        var found = Units.Find("市委常委、雁江区委书记焦杨说,马蹄湾在安岳");
        Assert.Equal([(Yanjiang, true), (Anyue, false)], found.Select(u => (u.UnitId, u.Speaker)));
    }

    [Theory]
    [InlineData("2023年10月,星河动力新一代固体飞行器研发生产基地项目在资阳开工", "星河动力新一代固体飞行器研发生产基地项目")]
    [InlineData("Keeway高性能电动交通工具(西南生产基地)项目(二期)开工建设", "Keeway高性能电动交通工具(西南生产基地)项目(二期)")]
    [InlineData("目前已正式启动建设的马蹄湾现代农业园区,突出市场导向", "马蹄湾现代农业园区")]
    [InlineData("加快实施总投资7.52亿元的雨污分流工程", "雨污分流工程")]
    [InlineData("乐至经济开发区新材料产业园一期项目开工建设", "乐至经济开发区新材料产业园一期项目")]
    [InlineData("力争高新材料产业园二期项目6月开工", "高新材料产业园二期项目")]
    // Time phrases say when, they are no part of the name.
    [InlineData("截至目前某某港区码头二期工程已完成投资3亿元", "某某港区码头二期工程")]
    [InlineData("近年来，全市引进一批企业，今年以来乐至县柠檬产业园项目开工建设", "乐至县柠檬产业园项目")]
    [InlineData("近期安岳县某某物流园区项目签约", "安岳县某某物流园区项目")]
    public void Project_names(string text, string name)
    {
        Assert.Equal(name, Assert.Single(ProjectRecogniser.Find(text)).Name);
    }

    [Theory]
    [InlineData("以“产业项目攻坚突破年”统揽全年工作")]
    [InlineData("着力引进一批龙头型、基地型项目")]
    [InlineData("启动经开区幼儿园等3个项目")]
    [InlineData("建成城区燃气管道改造项目3个")]
    [InlineData("已通过项目积极争取贷款2.4亿元解决园区建设资金问题")]
    [InlineData("过去的农业园区建设大多只考虑了投入")]
    public void Generic_phrases_are_not_project_names(string text)
    {
        Assert.Empty(ProjectRecogniser.Find(text));
    }

    [Theory]
    [InlineData("目前已正式启动建设的马蹄湾现代农业园区", "开工", "启动建设")]
    [InlineData("航天三院在资注册成立研究院", "签约", "注册成立")]
    [InlineData("人民医院新院区工程竣工投入使用", "竣工", "竣工")]
    [InlineData("柠檬产业园项目签约落地", "签约", "签约落地")]
    public void Stage_words_mean_a_project_stage(string text, string stage, string word)
    {
        var found = Assert.Single(ProjectRecogniser.FindStages(text));
        Assert.Equal((stage, word), (found.Stage, found.Text));
    }
}
