using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// Problems and measures are whole statements, one of each at most per sentence. A problem word
/// used as a method or a topic (以问题为导向, 指出问题, 补短板, 解决…问题, 问题清单) or as one item of a list
/// ("成就、不足、优势") names no weakness. A measure needs a forward word (下一步, 着力, 加快, 将继续 …),
/// or is an item ("一是…", "二是…") of a list a measure sentence announced ("我们将着力抓好以下工作:").
/// Headings ("二、存在的问题") propose nothing (ReportReader skips titles): the sentences under them do.
/// </summary>
public static partial class ProblemMeasureProposals
{
    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+是|\(?[一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、)])")]
    private static partial Regex ListItem();

    /// <summary>True for a sentence that announces a list of measures: it has a measure word and ends with a colon.</summary>
    public static bool OpensMeasureList(SentenceFacts facts) =>
        facts.Text.TrimEnd().EndsWith(':') && Cues.Find(facts.Text, Cues.Measures).Count > 0;

    public static bool IsListItem(SentenceFacts facts) => ListItem().IsMatch(facts.Text);

    /// <summary>The problem words of a sentence that name a weakness; none after 下一步, where the measures begin.</summary>
    public static List<CueMention> ProblemCues(string text)
    {
        var next = text.IndexOf("下一步", StringComparison.Ordinal);
        return Cues.Find(text, Cues.Problems, 0, next < 0 ? text.Length : next).Where(c => NamesWeakness(text, c)).ToList();
    }

    public static bool NamesProblem(string text) => !text.TrimEnd().EndsWith(':') && ProblemCues(text).Count > 0;

    /// <summary>
    /// A sentence's problem and measure. Under a 下一步 heading (<paramref name="nextSteps"/>) every sentence is a
    /// measure and none is a problem: "二是整改不到位" there is work to do, not a finding.
    /// </summary>
    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts, bool inMeasureList, bool nextSteps = false)
    {
        var text = facts.Text;
        if (text.TrimEnd().EndsWith(':'))
        {
            yield break;
        }
        var problems = nextSteps ? [] : ProblemCues(text);
        if (problems.Count > 0)
        {
            yield return Statement(facts, ProposalKind.Problem, problems, "problem");
        }
        var measures = Cues.Find(text, Cues.Measures);
        if (measures.Count == 0 && ((inMeasureList && IsListItem(facts)) || nextSteps))
        {
            var marker = ListItem().Match(text);
            measures.Add(marker.Success ? new CueMention(marker.Index, marker.Length, marker.Value) : new CueMention(0, 0, ""));
        }
        if (measures.Count > 0)
        {
            yield return Statement(facts, ProposalKind.Measure, measures, "measure");
        }
    }

    private static bool NamesWeakness(string text, CueMention cue)
    {
        var end = cue.Start + cue.Length;
        if (Negated(text, cue.Start))
        {
            return false;
        }
        var after = text.AsSpan(end);
        if (after.StartsWith("为导向", StringComparison.Ordinal) || after.StartsWith("导向", StringComparison.Ordinal)
            || after.StartsWith("清单", StringComparison.Ordinal) || after.StartsWith("台账", StringComparison.Ordinal))
        {
            return false;
        }
        // An item of an enumeration ("成就、不足、优势、做法") is a heading word, not a finding.
        var previous = cue.Start > 0 ? text[cue.Start - 1] : ' ';
        var next = end < text.Length ? text[end] : ' ';
        return previous != '、' && next != '、';
    }

    // 以 and 补 negate only right before the word (以问题为导向, 补短板); the verbs anywhere earlier in the clause (解决园区建设资金问题).
    // A word of negation right after the verb ("整改不到位") says the verb's work falls short: that is the weakness.
    private static bool Negated(string text, int cueStart)
    {
        var clauseStart = cueStart == 0 ? 0 : text.LastIndexOfAny([',', ';', ':', '。', '!', '?'], cueStart - 1) + 1;
        var before = text[Math.Max(clauseStart, cueStart - 10)..cueStart];
        if (text[cueStart] == '不' && Cues.ProblemNegators.Any(n => n.Length > 1 && before.EndsWith(n, StringComparison.Ordinal)))
        {
            return false;
        }
        return before.EndsWith('以') || before.EndsWith('补')
            || Cues.ProblemNegators.Any(n => n.Length > 1 && before.Contains(n, StringComparison.Ordinal));
    }

    private static ProposalDraft Statement(SentenceFacts facts, ProposalKind kind, List<CueMention> cues, string role)
    {
        var first = cues[0];
        var units = facts.UnitsFor(first.Start).DistinctBy(u => u.UnitId).ToList();
        var spans = cues.Where(c => c.Length > 0).Select(c => facts.Span(c.Start, c.Length, role)).Concat(units.Select(facts.Span));
        var body = Body(facts, first.Start, kind);
        var read = 1 + (units.Count > 0 ? 1 : 0);
        return new ProposalDraft(
            kind, facts.Sentence.Number, Math.Round(read / 2.0, 2), MilestoneProposals.Sorted(spans), body,
            units.Select(u => u.UnitId).ToList());
    }

    // A quoted statement is the unit's own words: the quote is the problem or measure. Otherwise a
    // problem is the sentence, and a measure runs from the clause of its forward word to the end.
    private static string Body(SentenceFacts facts, int cueStart, ProposalKind kind)
    {
        var original = facts.Sentence.Text;
        var open = original.LastIndexOf('“', cueStart);
        var close = original.IndexOf('”', cueStart);
        if (open >= 0 && close > open && original.LastIndexOf('”', cueStart) < open && close - open > 12)
        {
            return original[(open + 1)..close].TrimEnd('。', '；');
        }
        var start = kind == ProposalKind.Measure ? facts.ClauseAt(cueStart).Start : 0;
        // A problem ends where the next steps begin.
        var next = kind == ProposalKind.Problem ? facts.Text.IndexOf("下一步", StringComparison.Ordinal) : -1;
        var end = next > start ? next : original.Length;
        return original[start..end].Trim().TrimStart('”', '"', '’').TrimEnd('。', '；', ';', ',', '，');
    }
}
