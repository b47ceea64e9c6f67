using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// A milestone is a dated event: a date with at least a month ("2023年10月", "12月4日") and an event
/// verb (召开, 开工, 注册成立 …) after it in the same clause, or a sentence that opens with the date.
/// Plans ("计划6月开工") are not milestones: they have not happened.
/// </summary>
public static partial class MilestoneProposals
{
    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts)
    {
        foreach (var date in facts.Dates.Where(d => d.Month is not null && d.Text.Any(char.IsAsciiDigit)))
        {
            var (clauseStart, clauseEnd) = facts.ClauseAt(date.Start);
            var opensSentence = clauseStart == 0 && date.Start <= 2;
            // A sentence that opens with its date is about that date to the end; elsewhere only the clause is.
            var eventTo = opensSentence ? facts.Text.Length : clauseEnd;
            var verb = Cues.Find(facts.Text, Cues.Events, date.Start + date.Length, eventTo).FirstOrDefault();
            if (verb is null || Cues.Find(facts.Text, Cues.Future, clauseStart, verb.Start).Count > 0)
            {
                continue;
            }
            var units = facts.Units.DistinctBy(u => u.UnitId).ToList();
            var project = facts.Projects.Count > 0 ? facts.Projects[0] : null;
            var spans = new List<ReadSpan> { facts.Span(date.Start, date.Length, "date"), facts.Span(verb.Start, verb.Length, "stage") };
            spans.AddRange(units.Select(facts.Span));
            if (project is not null)
            {
                spans.Add(facts.Span(project.Start, project.Length, "project"));
            }
            var text = EventText(facts, date);
            var read = (date.YearStated ? 1.0 : 0.5) + 1 + (text.Length > 0 ? 1 : 0) + (units.Count > 0 ? 1 : 0);
            yield return new ProposalDraft(
                ProposalKind.Milestone, facts.Sentence.Number, Math.Round(read / 4, 2), Sorted(spans), text,
                units.Select(u => u.UnitId).ToList(), date.Year, date.Month, date.Day, ProjectName: project?.Name);
            // One event per sentence: a second date in it is a detail of the same event.
            yield break;
        }
    }

    // The sentence without its opening date, the time phrases after it or opening it and the trailing stop: "国资国企高质量发展大会召开，…".
    private static string EventText(SentenceFacts facts, DateMention date)
    {
        var text = facts.Sentence.Text;
        var start = date.Start <= 2 ? date.Start + date.Length : 0;
        while (true)
        {
            while (start < text.Length && (ProjectRecogniser.IsMark(TextNormaliser.Map(text[start])) || text[start] == '，'))
            {
                start++;
            }
            var rest = TextNormaliser.Normalise(text[start..]);
            var skipped = TimePhrases.SkipAt(rest, Day().Match(rest).Length);
            if (skipped == 0)
            {
                break;
            }
            start += skipped;
        }
        return text[start..].TrimEnd('。', '；', ';', '，', ',', ' ');
    }

    // "上午，", "12月4日下午", "近日", "近年来，": when it happened is the date's, not the title's (TimePhrases).
    [GeneratedRegex(@"^(?:\d{1,2}月\d{1,2}日|\d{1,2}日)?")]
    private static partial Regex Day();

    public static IReadOnlyList<ReadSpan> Sorted(IEnumerable<ReadSpan> spans) =>
        spans.DistinctBy(s => (s.Start, s.Length, s.Role)).OrderBy(s => s.Start).ToList();
}
