using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>A date or period read from the text. <see cref="YearStated"/> is false when the year came from the report.</summary>
public sealed record DateMention(int Start, int Length, int Year, int? Month, int? Day, bool YearStated, string Text);

/// <summary>
/// Reads dates (2023年9月, 2023年9月12日, 12月4日, 2024年) and the periods reports speak in
/// (年末, 全年, 上半年, 一季度, 今年, 明年). A date without a year takes the report's year:
/// a conference report of December 2023 saying "12月4日" means 2023.
/// </summary>
public static partial class DateRecogniser
{
    [GeneratedRegex(@"(?<![\d.])(?<y>(?:19|20)\d{2})年(?:(?<m>1[0-2]|0?[1-9])月(?:(?<d>3[01]|[12]\d|0?[1-9])[日号])?|(?<p>年末|年底|底|末|上半年|下半年|[一二三四1-4]季度))?")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"(?<![\d.年])(?<m>1[0-2]|0?[1-9])月(?:(?<d>3[01]|[12]\d|0?[1-9])[日号])?")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"过去一年|年末|年底|岁末|年内|全年|上半年|下半年|(?:第)?[一二三四]季度|今年|明年|去年|当年")]
    private static partial Regex Period();

    public static IReadOnlyList<DateMention> Find(string normalised, int reportYear)
    {
        var found = new List<DateMention>();
        foreach (Match m in FullDate().Matches(normalised))
        {
            var year = int.Parse(m.Groups["y"].Value);
            var (month, day) = MonthOf(m);
            found.Add(new DateMention(m.Index, m.Length, year, month, day, true, m.Value));
        }
        foreach (Match m in MonthDay().Matches(normalised))
        {
            if (!Overlaps(found, m.Index, m.Length))
            {
                var (month, day) = MonthOf(m);
                found.Add(new DateMention(m.Index, m.Length, reportYear, month, day, false, m.Value));
            }
        }
        foreach (Match m in Period().Matches(normalised))
        {
            if (!Overlaps(found, m.Index, m.Length))
            {
                var year = m.Value switch { "明年" => reportYear + 1, "去年" or "过去一年" => reportYear - 1, _ => reportYear };
                found.Add(new DateMention(m.Index, m.Length, year, PeriodMonth(m.Value), null, false, m.Value));
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static (int? Month, int? Day) MonthOf(Match m)
    {
        if (m.Groups["p"].Success)
        {
            return (PeriodMonth(m.Groups["p"].Value), null);
        }
        int? month = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value) : null;
        int? day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value) : null;
        return (month, day);
    }

    // A period is dated by the month it ends in: that is when a milestone or target falls due.
    private static int? PeriodMonth(string period) => period switch
    {
        "年末" or "年底" or "岁末" or "底" or "末" or "下半年" => 12,
        "上半年" => 6,
        _ when period.Contains("季度") => 3 * QuarterNumber(period[period.IndexOf("季度") - 1]),
        _ => null,
    };

    private static int QuarterNumber(char c) => c switch { '一' or '1' => 1, '二' or '2' => 2, '三' or '3' => 3, _ => 4 };

    private static bool Overlaps(List<DateMention> found, int start, int length) =>
        found.Any(d => start < d.Start + d.Length && d.Start < start + length);
}
