using Blueprint.Web.Features.Projects;

namespace Blueprint.Tests.Projects;

public sealed class WanInputTests
{
    [Theory]
    [InlineData("125.5", 1_255_000L)]
    [InlineData(" 1,234 ", 12_340_000L)]
    [InlineData("0.0001", 1L)]
    [InlineData("0", 0L)]
    [InlineData("-3", -30_000L)]
    public void Typed_wan_become_exact_yuan(string typed, long yuan) => Assert.Equal(yuan, WanInput.Parse(typed));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("十万")]
    [InlineData("1.00005")]
    [InlineData("1e5")]
    public void Text_that_is_not_whole_yuan_is_refused_not_rounded(string typed) => Assert.Null(WanInput.Parse(typed));

    [Theory]
    [InlineData(1_255_000L, "125.5")]
    [InlineData(12_340_000L, "1234")]
    [InlineData(1L, "0.0001")]
    public void Yuan_are_shown_back_in_wan_without_noise(long yuan, string shown)
    {
        Assert.Equal(shown, WanInput.Format(yuan));
        Assert.Equal(yuan, WanInput.Parse(WanInput.Format(yuan)));
    }
}
