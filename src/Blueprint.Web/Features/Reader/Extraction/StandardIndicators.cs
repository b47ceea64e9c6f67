namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// A standard indicator of a 政府工作报告's 主要预期目标: its name as a plan records it, the forms reports
/// write it in (full name first, short forms after), its usual unit of level and whether a higher value is better.
/// </summary>
public sealed record StandardIndicator(string Name, IReadOnlyList<string> Forms, string Unit, bool HigherIsBetter);

/// <summary>
/// The dictionary of standard indicators: names targets ("规模以上工业增加值增长8%" → 规上工业增加值) and
/// lets the flow match an existing indicator instead of creating a duplicate. Only the indicators any
/// 政府工作报告 sets go here, never a phrase picked from one report (HeldOutTests allows these names in
/// the rules because they are standard, not because a test text has them).
/// </summary>
public static class StandardIndicators
{
    public static readonly IReadOnlyList<StandardIndicator> All =
    [
        new("地区生产总值", ["地区生产总值", "生产总值", "GDP", "经济总量"], "亿元", true),
        new("规上工业增加值", ["规模以上工业增加值", "规上工业增加值", "规上工业"], "%", true),
        new("固定资产投资", ["固定资产投资", "全社会固定资产投资", "固投"], "%", true),
        new("社会消费品零售总额", ["社会消费品零售总额", "社零总额", "社零"], "亿元", true),
        new("一般公共预算收入", ["地方一般公共预算收入", "一般公共预算收入", "地方财政收入"], "亿元", true),
        new("城乡居民人均可支配收入", ["城乡居民人均可支配收入"], "元", true),
        new("城镇居民人均可支配收入", ["城镇居民人均可支配收入"], "元", true),
        new("农村居民人均可支配收入", ["农村居民人均可支配收入", "农民人均可支配收入"], "元", true),
        new("居民人均可支配收入", ["居民人均可支配收入"], "元", true),
        new("进出口总额", ["外贸进出口总额", "进出口总额", "外贸进出口"], "亿元", true),
        new("实际使用外资", ["实际使用外资", "实际利用外资"], "亿美元", true),
        new("城镇新增就业", ["城镇新增就业"], "万人", true),
        new("城镇调查失业率", ["城镇调查失业率"], "%", false),
        new("城镇登记失业率", ["城镇登记失业率"], "%", false),
        new("居民消费价格涨幅", ["居民消费价格涨幅", "居民消费价格指数", "CPI"], "%", false),
        new("粮食产量", ["粮食总产量", "粮食产量"], "万吨", true),
        new("常住人口城镇化率", ["常住人口城镇化率", "城镇化率"], "%", true),
        new("研发经费投入强度", ["研发经费投入强度", "R&D经费投入强度"], "%", true),
        new("单位地区生产总值能耗", ["单位地区生产总值能耗", "单位GDP能耗"], "%", false),
        new("PM2.5浓度", ["PM2.5平均浓度", "PM2.5浓度", "细颗粒物平均浓度", "细颗粒物浓度"], "微克/立方米", false),
        new("空气质量优良天数比例", ["空气质量优良天数比例", "空气质量优良天数比率", "优良天数比例", "空气质量优良率"], "%", true),
    ];

    /// <summary>Every name and form, for HeldOutTests.</summary>
    public static IReadOnlySet<string> AllNames { get; } = All.SelectMany(i => i.Forms.Append(i.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The standard indicator a phrase names: the one whose form ends the phrase ("全县生产总值"),
    /// or whose full name the phrase contains, the longest form winning ("规模以上工业增加值" over "生产总值").
    /// A short form inside a longer word is another thing: 规上工业企业 is not 规上工业增加值.
    /// </summary>
    public static StandardIndicator? Find(string phrase)
    {
        StandardIndicator? best = null;
        var bestLength = 0;
        phrase = phrase.Trim();
        foreach (var indicator in All)
        {
            foreach (var form in indicator.Forms)
            {
                var names = phrase.EndsWith(form, StringComparison.OrdinalIgnoreCase)
                    || (form == indicator.Forms[0] && form.Length >= 5 && phrase.Contains(form, StringComparison.OrdinalIgnoreCase));
                if (form.Length > bestLength && names)
                {
                    best = indicator;
                    bestLength = form.Length;
                }
            }
        }
        return best;
    }

    /// <summary>The name a plan records for a phrase: the standard indicator's name, else the phrase itself.</summary>
    public static string NameOf(string phrase) => Find(phrase)?.Name ?? phrase;
}
