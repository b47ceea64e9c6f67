namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>A cue word found in a sentence (力争, 短板, 下一步 …) and its offset.</summary>
public sealed record CueMention(int Start, int Length, string Word);

/// <summary>
/// The cue words that say what a sentence is: an event that happened (milestone), a goal set
/// (target), a weakness named (problem) or a step promised (measure). Lists, not a model, so a
/// reviewer can see why a sentence was proposed and a maintainer can add a word.
/// </summary>
public static class Cues
{
    /// <summary>Verbs that make a dated sentence an event: a milestone.</summary>
    public static readonly string[] Events =
    [
        "注册成立", "开工建设", "召开", "举行", "举办", "开工", "竣工", "投产", "达产", "签约", "成立", "入股", "建成", "通车",
        "开通", "开业", "揭牌", "挂牌", "获批", "落地", "启动", "上线", "开园", "印发", "出台", "开展",
    ];

    /// <summary>Words that make what follows a plan, not a fact: no milestone for "计划6月开工".</summary>
    public static readonly string[] Future = ["计划", "力争", "预计", "拟", "将于", "确保", "争取", "目标"];

    public static readonly string[] Targets = ["力争", "确保", "目标", "争取", "预计", "预期"];

    /// <summary>Words that make a figure after them a goal, not a result: 力争…增长8%, 全年安排重点项目450个, 今年将新建….</summary>
    public static readonly string[] Goals = ["力争", "确保", "目标", "争取", "预计", "预期", "计划投资", "安排", "将"];

    /// <summary>Words that make a figure after them a result whatever came before: 累计完成, 同比增长, 过去一年, 已完成.</summary>
    public static readonly string[] Results = ["过去一年", "去年", "累计", "同比", "已"];

    /// <summary>Verbs that report a result when no goal word precedes them (总数达到3240家, 完成投资1460亿元).</summary>
    public static readonly string[] ResultVerbs = ["完成", "实现", "达到"];

    /// <summary>
    /// How a figure's subject ends when no verb ties it to the figure ("开工率86.7%", "竣工项目31个", "总投资4200亿元"):
    /// the subject then names the indicator itself.
    /// </summary>
    public static readonly string[] IndicatorEndings = ["率", "项目", "投资", "总额", "收入", "企业", "比例", "比重", "浓度", "总值", "增加值", "产值"];

    /// <summary>Context words that open an indicator's phrase but are not its name.</summary>
    public static readonly string[] IndicatorOpeners = ["过去一年", "全年", "全市", "全县", "全区", "今年", "其中", "累计", "会议通报"];

    /// <summary>Verbs that tie an indicator to its value: "生产总值增长8%", "新增学位2650个".</summary>
    public static readonly string[] TargetVerbs =
    [
        "提高到", "提升到", "提升至", "提高至", "降低到", "降低至", "控制在", "保持在", "增长", "达到", "突破", "新增", "提高",
        "提升", "下降", "降低", "超过", "完成", "增加", "实现", "新签约", "新开工", "引进", "达", "实施", "安排", "新建", "改扩建", "改造",
        "建成",
    ];

    public static readonly string[] Problems =
    [
        "重投入轻效益", "没有考虑", "未考虑", "短板", "不足", "问题", "欠缺", "滞后", "瓶颈", "薄弱", "不到位", "不平衡", "不充分",
        "难以", "困难", "制约", "缺乏", "缺口", "不够", "不高", "偏少", "较慢", "缓慢", "差距", "不实",
    ];

    // A problem word after these is a method or a topic, not a weakness: 以问题为导向, 指出问题, 补短板, 解决…问题.
    public static readonly string[] ProblemNegators = ["以", "指出", "分析", "补齐", "补", "解决", "聚焦", "破解", "整改", "化解", "找准", "研究", "发现"];

    // 坚持 and 全力以赴 are attitudes, not steps: they open summaries and questions ("如何在坚持…") as often as plans.
    public static readonly string[] Measures =
    [
        "下一步", "着力", "加快", "还将", "将继续", "将坚持", "将以", "将把", "将持续", "将全力", "将加快", "将着力", "将大力",
        "将进一步", "将推动", "将加强", "将围绕", "将聚焦", "将实施", "将开展", "持续抓好", "大力",
    ];

    /// <summary>Lines that belong to the publisher, not the report: disclaimers, copyright, bylines.</summary>
    public static readonly string[] Boilerplate =
    [
        "特别声明", "免责声明", "声明:", "版权声明", "版权所有", "Notice:", "Copyright", "责任编辑", "编辑:", "来源:", "原标题",
        "本平台仅提供", "转载请注明",
    ];

    public static List<CueMention> Find(string text, string[] words, int from = 0, int to = int.MaxValue)
    {
        var found = new List<CueMention>();
        to = Math.Min(to, text.Length);
        for (var i = from; i < to; i++)
        {
            foreach (var word in words)
            {
                if (i + word.Length <= to && string.CompareOrdinal(text, i, word, 0, word.Length) == 0)
                {
                    found.Add(new CueMention(i, word.Length, word));
                    i += word.Length - 1;
                    break;
                }
            }
        }
        return found;
    }

    /// <summary>True when <paramref name="text"/> ends, at <paramref name="end"/>, with one of <paramref name="words"/>.</summary>
    public static bool EndsWithAny(string text, int end, string[] words, int lookBack = 3)
    {
        var from = Math.Max(0, end - lookBack);
        return words.Any(w => text.AsSpan(from, end - from).Contains(w, StringComparison.Ordinal));
    }
}
