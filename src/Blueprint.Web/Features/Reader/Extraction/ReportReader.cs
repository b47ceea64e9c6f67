namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// The report reader: splits the text into sentences, reads each with the recognisers and lets the
/// proposal builders combine what was read. Pure and stateless, so one instance serves every request.
/// Everything after the publisher's disclaimer is the platform's, not the report's: nothing is proposed there.
/// </summary>
public sealed class ReportReader : IReportReader
{
    public ReadResult Read(string text, int reportYear, IReadOnlyList<ReaderUnit> units)
    {
        var sentences = SentenceSplitter.Split(text);
        var matcher = new UnitMatcher(units);
        var proposals = new List<ProposalDraft>();
        var inMeasureList = false;
        var context = new ReadingContext(reportYear);
        foreach (var sentence in sentences)
        {
            if (IsBoilerplate(sentence.Text))
            {
                break;
            }
            var title = IsTitle(sentence.Text);
            context.Read(TextNormaliser.Normalise(sentence.Text), title);
            if (title)
            {
                continue;
            }
            var facts = new SentenceFacts(sentence, reportYear, matcher);
            var own = new List<ProposalDraft>();
            own.AddRange(MilestoneProposals.Build(facts));
            own.AddRange(TargetProposals.Build(facts, context));
            own.AddRange(ProjectProposals.Build(facts));
            // "我们将着力抓好以下工作:" opens a list of measures; its items ("一是…") are measures until a sentence that is no item.
            inMeasureList = ProblemMeasureProposals.OpensMeasureList(facts) || (inMeasureList && ProblemMeasureProposals.IsListItem(facts));
            own.AddRange(ProblemMeasureProposals.Build(facts, inMeasureList, context.Section == ReadingSection.NextSteps));
            proposals.AddRange(own.Select(p => WithCandidates(p, facts)));
        }
        return new ReadResult(sentences, proposals);
    }

    // A proposal that names no unit but a name several units answer to offers those units to choose from.
    private static ProposalDraft WithCandidates(ProposalDraft p, SentenceFacts facts) =>
        p.UnitIds.Count > 0 || facts.AmbiguousUnits.Count == 0 ? p
            : p with
            {
                UnitCandidates = [.. facts.AmbiguousUnits.SelectMany(a => a.Candidates).Distinct()],
                Spans = MilestoneProposals.Sorted(p.Spans.Concat(facts.AmbiguousUnits.Select(a => facts.Span(a.Start, a.Length, "unit")))),
            };

    // A line with no punctuation is a title, a heading or a byline: it repeats the text below it or says nothing.
    public static bool IsTitle(string sentence) =>
        sentence.Length <= 40 && TextNormaliser.Normalise(sentence).IndexOfAny([',', ';', ':', '。', '!', '?']) < 0;

    public static bool IsBoilerplate(string sentence)
    {
        var normalised = TextNormaliser.Normalise(sentence).TrimStart();
        return Cues.Boilerplate.Any(b => normalised.StartsWith(b, StringComparison.OrdinalIgnoreCase)
            || (b.StartsWith("本平台", StringComparison.Ordinal) && normalised.Contains(b, StringComparison.Ordinal)));
    }
}

public static class ReportReaderSetup
{
    public static IServiceCollection AddReportReader(this IServiceCollection services) =>
        services.AddSingleton<IReportReader, ReportReader>();
}
