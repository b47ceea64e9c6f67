using Blueprint.Web.Features.Reader.Extraction;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>Normalisation and sentence splitting: offsets must survive both.</summary>
public sealed class TextTests
{
    [Fact]
    public void Full_width_digits_and_punctuation_become_ascii_one_for_one()
    {
        const string text = "增长８．５％，新增学位２６５０个；（二期）";
        var normalised = TextNormaliser.Normalise(text);
        Assert.Equal("增长8.5%,新增学位2650个;(二期)", normalised);
        Assert.Equal(text.Length, normalised.Length);
    }

    [Fact]
    public void Sentences_end_at_stops_and_line_breaks_and_keep_their_offsets()
    {
        const string text = "12月4日，会议召开。全市上下干劲足！问题在哪？\n标题一行\r\n2023年1月，大会召开；2023年4月，入股";
        var sentences = SentenceSplitter.Split(text);
        Assert.Equal(["12月4日，会议召开。", "全市上下干劲足！", "问题在哪？", "标题一行", "2023年1月，大会召开；", "2023年4月，入股"], sentences.Select(s => s.Text));
        Assert.Equal(Enumerable.Range(1, 6), sentences.Select(s => s.Number));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Text.Length)));
    }

    [Fact]
    public void A_quote_stays_with_the_speaker_who_follows_it()
    {
        const string text = "“我们着力补短板。全年新增学位2650个。”安岳县委书记表示，下一步将加强医疗。下一句。";
        var sentences = SentenceSplitter.Split(text);
        Assert.Equal(2, sentences.Count);
        Assert.EndsWith("下一步将加强医疗。", sentences[0].Text);
    }

    [Fact]
    public void Full_width_stops_split_like_ascii_ones()
    {
        var sentences = SentenceSplitter.Split("甲；乙;丙?丁");
        Assert.Equal(["甲；", "乙;", "丙?", "丁"], sentences.Select(s => s.Text));
    }
}
