using System.Globalization;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reader.Extraction;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>
/// Precision and recall of the proposals against hand-written expectations (Corpus/*.expected.json).
/// A proposal matches an expected one when kind, sentence and key field agree: the month of a
/// milestone, the value of a target, the name of a project (either name containing the other);
/// problems and measures by kind and sentence. The figures are recorded in docs/benchmarks.md.
/// </summary>
public sealed class PrecisionRecallTests(ITestOutputHelper output)
{
    public static TheoryData<string, double, double> Floors => new()
    {
        // Floors we reach today, a little under the measured figures so a regression shows.
        { "ziyang-2023-work-conference", 0.95, 0.95 },
        { "ziyang-2024-key-projects-meeting", 0.95, 0.85 },
        { "lezhi-2024-government-work-report", 0.95, 0.9 },
    };

    [Theory, MemberData(nameof(Floors))]
    public void Proposals_reach_the_floor(string report, double precisionFloor, double recallFloor)
    {
        var expected = Corpus.Expected(report);
        var proposals = new ReportReader().Read(Corpus.Read(report), expected.ReportYear, Corpus.Units).Proposals;
        var (precision, recall, missed, extra) = Score(proposals, expected.Expected);

        output.WriteLine($"{report}: expected {expected.Expected.Count}, proposed {proposals.Count}, precision {precision:0.00}, recall {recall:0.00}");
        missed.ForEach(m => output.WriteLine($"  missed: {m}"));
        extra.ForEach(e => output.WriteLine($"  extra:  {e.Kind} #{e.SentenceNumber} {Key(e)}"));
        Assert.True(precision >= precisionFloor, $"precision {precision:0.00} < {precisionFloor}");
        Assert.True(recall >= recallFloor, $"recall {recall:0.00} < {recallFloor}");
    }

    public static (double Precision, double Recall, List<ExpectedProposal> Missed, List<ProposalDraft> Extra) Score(
        IReadOnlyList<ProposalDraft> proposals, IReadOnlyList<ExpectedProposal> expected)
    {
        var unmatched = proposals.ToList();
        var missed = new List<ExpectedProposal>();
        foreach (var e in expected)
        {
            var hit = unmatched.FirstOrDefault(p => Matches(p, e));
            if (hit is null)
            {
                missed.Add(e);
            }
            else
            {
                unmatched.Remove(hit);
            }
        }
        var matched = expected.Count - missed.Count;
        var precision = proposals.Count == 0 ? 0 : (double)matched / proposals.Count;
        var recall = expected.Count == 0 ? 1 : (double)matched / expected.Count;
        return (precision, recall, missed, unmatched);
    }

    private static bool Matches(ProposalDraft p, ExpectedProposal e)
    {
        if (p.Kind.ToString() != e.Kind || p.SentenceNumber != e.Sentence)
        {
            return false;
        }
        return p.Kind switch
        {
            ProposalKind.Milestone => p.Month?.ToString(CultureInfo.InvariantCulture) == e.Key,
            ProposalKind.Target => p.Value == decimal.Parse(e.Key!, CultureInfo.InvariantCulture),
            ProposalKind.Project => p.ProjectName is { } name && (name.Contains(e.Key!, StringComparison.Ordinal) || e.Key!.Contains(name, StringComparison.Ordinal)),
            _ => true,
        };
    }

    private static string? Key(ProposalDraft p) => p.Kind switch
    {
        ProposalKind.Milestone => p.Month?.ToString(CultureInfo.InvariantCulture),
        ProposalKind.Target => $"{p.Value}{p.ValueUnit} {p.IndicatorName}",
        ProposalKind.Project => p.ProjectName,
        _ => p.Text,
    };
}
