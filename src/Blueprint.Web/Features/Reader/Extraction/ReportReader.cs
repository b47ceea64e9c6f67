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
        foreach (var sentence in sentences)
        {
            if (IsBoilerplate(sentence.Text))
            {
                break;
            }
            var facts = new SentenceFacts(sentence, reportYear, matcher);
            proposals.AddRange(MilestoneProposals.Build(facts));
            proposals.AddRange(TargetProposals.Build(facts));
            proposals.AddRange(ProjectProposals.Build(facts));
            proposals.AddRange(ProblemMeasureProposals.Build(facts));
        }
        return new ReadResult(sentences, proposals);
    }

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
