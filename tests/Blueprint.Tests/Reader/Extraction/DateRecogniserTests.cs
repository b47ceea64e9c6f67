using Blueprint.Web.Features.Reader.Extraction;

namespace Blueprint.Tests.Reader.Extraction;

public sealed class DateRecogniserTests
{
    [Theory]
    [InlineData("2023年9月,航天三院在资注册成立", 2023, 9, null, true)]
    [InlineData("2023年9月12日开工", 2023, 9, 12, true)]
    [InlineData("12月4日,资阳市委工作务虚会召开", 2023, 12, 4, false)]   // no year: the report's year
    [InlineData("站在年末岁尾", 2023, 12, null, false)]
    [InlineData("全年新增学位2650个", 2023, null, null, false)]
    [InlineData("上半年完成投资", 2023, 6, null, false)]
    [InlineData("一季度开工", 2023, 3, null, false)]
    [InlineData("明年力争增长8%", 2024, null, null, false)]
    [InlineData("召开在2023年年末的会议", 2023, 12, null, true)]
    [InlineData("力争2024年高新区全年生产总值增长8%", 2024, null, null, true)]
    public void Reads_the_first_date(string sentence, int year, int? month, int? day, bool yearStated)
    {
        var date = DateRecogniser.Find(TextNormaliser.Normalise(sentence), 2023)[0];
        Assert.Equal((year, month, day, yearStated), (date.Year, date.Month, date.Day, date.YearStated));
    }

    [Fact]
    public void Full_width_digits_are_dates_too()
    {
        var date = Assert.Single(DateRecogniser.Find(TextNormaliser.Normalise("２０２３年１０月，开工"), 2023));
        Assert.Equal((2023, 10, 0, 8), (date.Year, date.Month, date.Start, date.Length));
    }

    [Fact]
    public void Counts_and_durations_are_not_dates()
    {
        Assert.Empty(DateRecogniser.Find("总时长达4个小时,建设期3个月,项目2650个", 2023));
    }
}
