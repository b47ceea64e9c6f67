namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>A project named in the text: "马蹄湾现代农业园区", "Keeway高性能电动交通工具(西南生产基地)项目(二期)".</summary>
public sealed record ProjectMention(int Start, int Length, string Name);

/// <summary>A stage word (签约, 开工, 竣工 …) and the project stage it means.</summary>
public sealed record StageMention(int Start, int Length, string Stage, string Text);

/// <summary>
/// Finds project names: a phrase ending in 项目 / 基地 / 园区 / 工程 / 产业园, read backwards to the
/// nearest clause mark or function word (的, 在, 实施 …). Generic phrases ("产业项目", "基地型项目",
/// "3个项目") are not names and are dropped: the reviewer would only have to reject them.
/// </summary>
public static class ProjectRecogniser
{
    private static readonly string[] Keywords = ["产业园区", "产业园", "园区", "项目", "基地", "工程"];

    // Words that end the name when read backwards; longest first so 启动建设 wins over 建设.
    private static readonly string[] LeftStops =
    [
        "开工建设", "启动建设", "加快实施", "正式", "实施", "启动", "建成", "开工", "推进", "加快", "通过", "引进", "争取",
        "包括", "其中", "力争", "确保", "推动", "解决", "用于", "支持", "完成", "新建", "续建", "签约", "落地", "一批", "全力", "重点", "建设", "打造", "谋划", "储备",
        "的", "在", "等", "和", "与", "及", "是", "为", "了", "已", "对", "把", "个", "于", "由", "将", "向", "年",
    ];

    // What an event is called: the name before it names the event's topic, not a project.
    private static readonly string[] EventWords = ["仪式", "活动", "会议", "大会", "推进会"];

    private static readonly string[] GenericPrefixes = ["产业", "重大", "民生", "招商", "储备", "在建", "续建", "新建", "各类", "这些", "该", "本", "此"];

    // Stage words, longest first, and the stage of the project model each one means.
    private static readonly (string Word, string Stage)[] StageWords =
    [
        ("启动建设", "开工"), ("开工建设", "开工"), ("新开工", "开工"), ("注册成立", "签约"), ("签约落地", "签约"),
        ("建成投产", "投产"), ("竣工投产", "投产"), ("签约", "签约"), ("开工", "开工"), ("竣工", "竣工"), ("建成", "竣工"),
        ("投产", "投产"), ("达产", "投产"), ("在建", "在建"), ("谋划", "谋划"),
    ];

    public static IReadOnlyList<ProjectMention> Find(string normalised)
    {
        var found = new List<ProjectMention>();
        var depth = 0;
        for (var i = 0; i < normalised.Length; i++)
        {
            depth += normalised[i] == '(' ? 1 : normalised[i] == ')' ? -1 : 0;
            var keyword = depth == 0 ? KeywordAt(normalised, i) : null;
            if (keyword is null)
            {
                continue;
            }
            var end = ExtendRight(normalised, i + keyword.Length);
            var start = ReadLeft(normalised, i);
            var name = normalised[start..end];
            var prefix = normalised[start..i];
            i = end - 1;
            if (!IsName(prefix, name, normalised, end))
            {
                continue;
            }
            // "新材料产业园一期项目": the second keyword reads back over the first; the longer name is the project.
            if (found.Count > 0 && start < found[^1].Start + found[^1].Length)
            {
                found.RemoveAt(found.Count - 1);
            }
            found.Add(new ProjectMention(start, end - start, name));
        }
        return found;
    }

    public static IReadOnlyList<StageMention> FindStages(string normalised)
    {
        var found = new List<StageMention>();
        for (var i = 0; i < normalised.Length; i++)
        {
            foreach (var (word, stage) in StageWords)
            {
                if (string.CompareOrdinal(normalised, i, word, 0, word.Length) == 0)
                {
                    found.Add(new StageMention(i, word.Length, stage, word));
                    i += word.Length - 1;
                    break;
                }
            }
        }
        return found;
    }

    private static string? KeywordAt(string text, int i) =>
        Keywords.FirstOrDefault(k => string.CompareOrdinal(text, i, k, 0, k.Length) == 0);

    // "…基地项目(二期)": keywords that follow each other and a short bracketed phase belong to one name.
    private static int ExtendRight(string text, int end)
    {
        while (end < text.Length)
        {
            if (KeywordAt(text, end) is { } next)
            {
                end += next.Length;
            }
            else if (text[end] == '(' && text.IndexOf(')', end) is var close && close > end && close - end <= 12)
            {
                end = close + 1;
            }
            else
            {
                break;
            }
        }
        return end;
    }

    private static int ReadLeft(string text, int keywordStart)
    {
        var start = keywordStart;
        while (start > 0)
        {
            var c = text[start - 1];
            if (c == ')')
            {
                var open = text.LastIndexOf('(', start - 1);
                if (open < 0)
                {
                    break;
                }
                start = open;
                continue;
            }
            // "…国际陆港(二期)及多式联运中心工程": a phase bracket before 及 / 暨 / 和 / 与 closes the first part of one name.
            if (c is '及' or '暨' or '和' or '与' && start >= 2 && text[start - 2] == ')')
            {
                start--;
                continue;
            }
            if (IsMark(c) || char.IsDigit(c) || c == '.' || LeftStops.Any(w => EndsAt(text, start, w)))
            {
                break;
            }
            start--;
        }
        // "截至目前…工程", "今年以来…项目" (read back to 年): when is no part of the name.
        return TimePhrases.After(text, start, keywordStart);
    }

    private static bool IsName(string prefix, string name, string text, int end)
    {
        // A name never starts with what a figure leaves behind ("2.4亿元解决园区").
        if (prefix.Length < 3 || prefix.EndsWith('型') || prefix[0] is '亿' or '万' or '元' or '%' || GenericPrefixes.Any(g => prefix.StartsWith(g, StringComparison.Ordinal) && prefix.Length <= g.Length + 2))
        {
            return false;
        }
        // "燃气管道改造项目3个" counts several projects of a kind, not one project.
        var rest = text.AsSpan(end);
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }
        var countOfKind = digits > 0 && digits < rest.Length && rest[digits] is '个' or '项';
        // "重大项目集中签约仪式", "重点项目集中开工活动": an event about projects is a milestone, not a project.
        var clauseEnd = rest.IndexOfAny([',', ';', '。', ':']);
        var tail = (clauseEnd < 0 ? rest : rest[..clauseEnd]).ToString();
        var isEvent = EventWords.Any(e => tail.Contains(e, StringComparison.Ordinal));
        return !countOfKind && !isEvent && name.Length <= 40;
    }

    private static bool EndsAt(string text, int end, string word) =>
        end >= word.Length && string.CompareOrdinal(text, end - word.Length, word, 0, word.Length) == 0;

    public static bool IsMark(char c) => c is ',' or ';' or ':' or '。' or '!' or '?' or '、' or '“' or '”' or '"' or '\'' or ' ' or '\n' or '《' or '》';
}
