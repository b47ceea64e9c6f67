using Blueprint.Web.Features.Reader.Extraction;

namespace Blueprint.Tests.Reader.Extraction;

public sealed class FigureRecogniserTests
{
    private static FigureMention One(string text) => Assert.Single(FigureRecogniser.Find(TextNormaliser.Normalise(text)));

    [Theory]
    [InlineData("总投资7.52亿元的雨污分流工程", 752_000_000L)]
    [InlineData("贷款2.4亿元", 240_000_000L)]
    [InlineData("完成投资3,500万元", 35_000_000L)]
    [InlineData("补助资金800元", 800L)]
    [InlineData("总投资１２．５亿元", 1_250_000_000L)]
    public void Money_is_whole_yuan(string text, long yuan)
    {
        var money = One(text);
        Assert.Equal((FigureKind.Money, yuan), (money.Kind, money.Yuan));
    }

    [Theory]
    [InlineData("生产总值增长8%", FigureKind.Percent, 8, "%")]
    [InlineData("增长８．５％", FigureKind.Percent, 8.5, "%")]
    [InlineData("超序时进度1.1个百分点", FigureKind.Points, 1.1, "个百分点")]
    [InlineData("全年新增学位2650个", FigureKind.Count, 2650, "个")]
    [InlineData("新增学位2,650个", FigureKind.Count, 2650, "个")]
    [InlineData("启动3个项目", FigureKind.Count, 3, "个")]
    [InlineData("新增就业1.2万人", FigureKind.Count, 1.2, "万人")]
    public void Percentages_points_and_counts(string text, FigureKind kind, double value, string unit)
    {
        var figure = One(text);
        Assert.Equal((kind, (decimal)value, unit), (figure.Kind, figure.Value, figure.Unit));
    }

    [Theory]
    [InlineData("参会人数达800余人", 800, "余")]
    [InlineData("参会单位、企业超100家", 100, "超")]
    [InlineData("近50个", 50, "近")]
    [InlineData("约3.5亿元", 3.5, "约")]
    [InlineData("新签约项目40个以上", 40, "以上")]
    [InlineData("增长7%左右", 7, "左右")]
    public void Qualifiers_are_kept(string text, double value, string qualifier)
    {
        var figure = One(text);
        Assert.Equal(((decimal)value, qualifier), (figure.Value, figure.Qualifier));
    }

    [Theory]
    [InlineData("增长8%—10%", 8, 10, "%")]
    [InlineData("增长8％—9％", 8, 9, "%")]
    [InlineData("建设3至5个", 3, 5, "个")]
    [InlineData("增长6-7%", 6, 7, "%")]
    public void Ranges_keep_both_ends(string text, double low, double high, string unit)
    {
        var figure = One(text);
        Assert.Equal(((decimal)low, (decimal?)high, unit), (figure.Value, figure.Upper, figure.Unit));
    }

    [Fact]
    public void Years_and_hours_are_not_counts_of_things()
    {
        var figures = FigureRecogniser.Find("2023年,总时长达4个小时");
        var hours = Assert.Single(figures);
        Assert.Equal("个小时", hours.Unit);
    }
}
