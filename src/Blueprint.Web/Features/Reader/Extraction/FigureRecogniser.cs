using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FigureKind
{
    Money,
    Percent,
    Points,
    Count,
}

/// <summary>
/// A figure read from the text. <see cref="Upper"/> is set for ranges (8%—10%, 3至5个);
/// <see cref="Qualifier"/> keeps 余 / 超 / 近 / 约 / 以上 / 左右 because "800余人" is not "800人";
/// <see cref="Yuan"/> is the amount in whole 元 for money.
/// </summary>
public sealed record FigureMention(
    int Start, int Length, FigureKind Kind, decimal Value, decimal? Upper, string Unit, string? Qualifier, long? Yuan, string Text);

/// <summary>Reads money (亿元, 万元, 元), percentages (%, 个百分点) and counts with a measure word (个, 家, 人 …).</summary>
public static partial class FigureRecogniser
{
    private const string Number = @"\d+(?:,\d{3})*(?:\.\d+)?";

    // Measure words of counts; 个月 / 个小时 are durations, read as their own unit so they are not "个".
    private const string CountUnits =
        "个月|个小时|个|家|人次|人|名|项|所|座|套|户|次|批|条|公里|千米|km|平方米|平方公里|亩|辆|台|吨|张|床|间|处|栋|件|场|微克/立方米";

    // Counts written in Chinese numerals ("二百三十个", "两万个"); a lone 一 (一批, 一项) is an article, not a count.
    [GeneratedRegex(@"(?<n>[一二两三四五六七八九十百千万]+)(?<unit>个|家|项|所|座|套|户|条|公里|辆|台|处|栋|件)")]
    private static partial Regex ChineseCountPattern();

    [GeneratedRegex(
        @"(?<pre>约|近|超过|超|逾|高于|不低于|不少于)?(?<n1>" + Number + @")(?<u1>%|万亿元|亿元|万元)?" +
        @"(?:(?:-|~|至|到)(?<n2>" + Number + @"))?(?<q>余|多)?" +
        @"(?<unit>%|个百分点|百分点|万亿元|亿元|万元|元|万(?:" + CountUnits + ")|" + CountUnits + @")" +
        @"(?<post>以上|以内|以下|左右)?")]
    private static partial Regex FigurePattern();

    public static IReadOnlyList<FigureMention> Find(string normalised)
    {
        var found = new List<FigureMention>();
        foreach (Match m in FigurePattern().Matches(normalised))
        {
            // "3至5个" and "8%-10%" are ranges; a number glued to a year ("2023年") never reaches here
            // because 年 is not a measure word.
            if (m.Index > 0 && char.IsAsciiLetterOrDigit(normalised[m.Index - 1]))
            {
                continue;
            }
            var unit = m.Groups["unit"].Value;
            var low = Parse(m.Groups["n1"].Value);
            decimal? high = m.Groups["n2"].Success ? Parse(m.Groups["n2"].Value) : null;
            var kind = unit switch
            {
                "%" => FigureKind.Percent,
                "个百分点" or "百分点" => FigureKind.Points,
                "万亿元" or "亿元" or "万元" or "元" => FigureKind.Money,
                _ => FigureKind.Count,
            };
            var qualifier = FirstOf(m.Groups["pre"], m.Groups["q"], m.Groups["post"]);
            long? yuan = kind == FigureKind.Money ? (long)decimal.Round(low * YuanPer(unit)) : null;
            found.Add(new FigureMention(m.Index, m.Length, kind, low, high, unit, qualifier, yuan, m.Value));
        }
        foreach (Match m in ChineseCountPattern().Matches(normalised))
        {
            // “两个突破、一个翻番” is a slogan, not a count.
            var quoted = normalised.AsSpan(0, m.Index).Count('“') > normalised.AsSpan(0, m.Index).Count('”');
            if (!quoted && ChineseNumber(m.Groups["n"].Value) is { } value && value > 1 && !found.Any(f => f.Start < m.Index + m.Length && m.Index < f.Start + f.Length))
            {
                found.Add(new FigureMention(m.Index, m.Length, FigureKind.Count, value, null, m.Groups["unit"].Value, null, null, m.Value));
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>Reads 三十五, 二百三十, 两百一十, 两万, 一万二千 as a number; null when it is not one.</summary>
    public static decimal? ChineseNumber(string text)
    {
        decimal total = 0, section = 0, digit = 0;
        var any = false;
        foreach (var c in text)
        {
            var d = "零一二三四五六七八九".IndexOf(c, StringComparison.Ordinal);
            if (c == '两')
            {
                d = 2;
            }
            if (d >= 0)
            {
                digit = d;
                any = true;
                continue;
            }
            var scale = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (scale > 0)
            {
                section += (digit == 0 && c == '十' ? 1 : digit) * scale;
                digit = 0;
                any = true;
            }
            else if (c == '万')
            {
                total += (section + digit) * 10_000;
                section = digit = 0;
            }
            else
            {
                return null;
            }
        }
        return any ? total + section + digit : null;
    }

    public static long YuanPer(string unit) => unit switch
    {
        "万亿元" => 1_000_000_000_000,
        "亿元" => 100_000_000,
        "万元" => 10_000,
        _ => 1,
    };

    private static decimal Parse(string number) =>
        decimal.Parse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string? FirstOf(params Group[] groups) =>
        groups.FirstOrDefault(g => g.Success && g.Length > 0)?.Value;
}
