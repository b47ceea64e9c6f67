using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// The time phrases a report opens a sentence or a clause with: "今年以来", "近年来", "截至目前", "截至9月底", "当前",
/// "近期", "上午". They say when, not what: they are no part of a project's name, an indicator's name or a milestone's
/// title. "今年以来" and "截至目前" also say the figures after them are results of the year so far.
/// </summary>
public static partial class TimePhrases
{
    // Longest forms first: 截至9月底 before 9月, 近年来 before 近年.
    [GeneratedRegex(
        @"(?:截至|截止)(?:目前|当前|\d{1,2}月(?:\d{1,2}日)?(?:底|末)?|年底)|(?:今年|去年|年初|本年|上半年|[一二三四]季度|\d{1,2}月份?)以来" +
        @"|近年来|近几年|近年|近期|近日|日前|目前|当前|上午|下午|晚上|中午")]
    public static partial Regex Phrase();

    // A result of the year so far, whatever month it runs to.
    [GeneratedRegex(@"(?:今年|年初|本年)以来|(?:截至|截止)(?:目前|当前)")]
    public static partial Regex YearToDate();

    /// <summary>Where the time phrases (and the commas after them) that open <paramref name="text"/> at <paramref name="from"/> end.</summary>
    public static int SkipAt(string text, int from)
    {
        var at = from;
        while (at < text.Length)
        {
            var match = Phrase().Match(text, at);
            if (!match.Success || match.Index != at)
            {
                break;
            }
            at += match.Length;
            while (at < text.Length && text[at] is ',' or '，' or ' ')
            {
                at++;
            }
        }
        return at;
    }

    /// <summary>
    /// Where a name read from <paramref name="start"/> to <paramref name="end"/> starts once the time phrases over its start
    /// are left out: "截至目前嘉兴港区…工程" → "嘉兴港区…工程", "(今年)以来南湖区…项目" → "南湖区…项目".
    /// </summary>
    public static int After(string text, int start, int end)
    {
        while (EndOfPhraseOver(text, start) is var over && over > start && over < end)
        {
            start = over;
            while (start < end && text[start] is ',' or '，' or ' ')
            {
                start++;
            }
        }
        return start;
    }

    /// <summary>The end of a time phrase that covers <paramref name="position"/> (starts there or before it and runs past it), or -1.</summary>
    public static int EndOfPhraseOver(string text, int position)
    {
        var from = Math.Max(0, position - 6);
        foreach (Match match in Phrase().Matches(text[from..Math.Min(text.Length, position + 8)]))
        {
            var start = from + match.Index;
            if (start <= position && start + match.Length > position)
            {
                return start + match.Length;
            }
        }
        return -1;
    }
}
