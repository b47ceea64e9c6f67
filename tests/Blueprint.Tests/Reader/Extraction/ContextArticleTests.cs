using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reader.Extraction;
using static Blueprint.Tests.Reader.Extraction.DemoReaderUnits;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>The "must show" over the context article: what the draft contains and what it leaves alone.</summary>
public sealed class ContextArticleTests
{
    private static readonly string Text = Corpus.Read("ziyang-2023-work-conference");
    private static readonly ReadResult Result = new ReportReader().Read(Text, 2023, Corpus.Units);

    private static IEnumerable<ProposalDraft> Of(ProposalKind kind) => Result.Proposals.Where(p => p.Kind == kind);

    [Fact]
    public void The_five_dated_2023_milestones_carry_their_months()
    {
        var months = Of(ProposalKind.Milestone).Where(m => m.Year == 2023).Select(m => m.Month).ToList();
        Assert.Subset(months.ToHashSet(), new HashSet<int?> { 1, 4, 9, 10, 11 });
        var october = Of(ProposalKind.Milestone).Single(m => m.Month == 10);
        Assert.Contains("星河动力", october.Text);
        Assert.Contains(october.Spans, s => s.Role == "date" && s.Text == "2023年10月");
    }

    [Fact]
    public void The_2024_gdp_targets_of_the_two_zones()
    {
        var targets = Of(ProposalKind.Target).Where(t => t.Year == 2024 && t.IndicatorName == "地区生产总值").ToList();
        var hiTech = Assert.Single(targets, t => t.UnitIds.SequenceEqual([HighTechZone]));
        Assert.Equal((8m, "%", "增长"), (hiTech.Value, hiTech.ValueUnit, hiTech.Measure));
        var airport = Assert.Single(targets, t => t.UnitIds.SequenceEqual([AirportZone]));
        Assert.Equal((10m, "%", "增长"), (airport.Value, airport.ValueUnit, airport.Measure));
    }

    [Fact]
    public void The_sewage_project_of_anyue_with_its_total_investment()
    {
        var project = Assert.Single(Of(ProposalKind.Project), p => p.ProjectName == "雨污分流工程");
        Assert.Equal(752_000_000, project.AmountYuan);
        Assert.Equal("总投资", project.AmountKind);
        Assert.Equal([Anyue], project.UnitIds);
    }

    [Fact]
    public void The_loans_of_the_matiwan_park_read_across_clauses()
    {
        var park = Assert.Single(Of(ProposalKind.Project), p => p.ProjectName == "马蹄湾现代农业园区");
        Assert.Equal(240_000_000, park.AmountYuan);
        Assert.Equal("贷款", park.AmountKind);
        Assert.Equal("开工", park.Stage);
        Assert.Equal([Yanjiang], park.UnitIds);
    }

    [Fact]
    public void The_new_school_places()
    {
        var places = Assert.Single(Of(ProposalKind.Target), t => t.Value == 2650);
        Assert.Equal(("学位", "新增", "个", 2023), (places.IndicatorName, places.Measure, places.ValueUnit, places.Year));
        Assert.Equal([Anyue], places.UnitIds);
    }

    [Fact]
    public void The_problem_of_yanjiang_about_input_without_benefit()
    {
        var problem = Assert.Single(Of(ProposalKind.Problem), p => p.UnitIds.Contains(Yanjiang));
        Assert.Contains("没有考虑效益", problem.Text);
        Assert.DoesNotContain("吸取以往经验", problem.Text);
    }

    [Fact]
    public void Nothing_for_the_disclaimer_the_byline_or_the_headings()
    {
        var quiet = Result.Sentences.Where(s => s.Text.Contains("特别声明") || s.Text.StartsWith("Notice") || s.Text.Contains("记者")
            || s.Text == "说干货讲重点谋实招" || s.Text.Contains("既指出问题")).Select(s => s.Number).ToList();
        Assert.Equal(5, quiet.Count);
        Assert.DoesNotContain(Result.Proposals, p => quiet.Contains(p.SentenceNumber));
    }

    [Fact]
    public void Spans_point_into_the_original_sentence()
    {
        foreach (var proposal in Result.Proposals)
        {
            var sentence = Result.Sentences[proposal.SentenceNumber - 1];
            Assert.Equal(sentence.Text, Text.Substring(sentence.Start, sentence.Text.Length));
            Assert.All(proposal.Spans, s => Assert.Equal(s.Text, sentence.Text.Substring(s.Start, s.Length)));
            Assert.InRange(proposal.Confidence, 0.01, 1);
        }
    }
}
