using System.Globalization;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reader.Extraction;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>
/// Precision and recall of the proposals against hand-written expectations (Corpus/*.expected.json and
/// Corpus/HeldOut/*.expected.json). A proposal matches an expected one when kind, sentence and key
/// field agree: the month of a milestone, the value of a target, the name of a project (either name
/// containing the other); problems and measures by kind and sentence. Each half is scored per kind
/// and per figure type (money, count, rate, range), and on the matched targets the result-or-goal
/// reading and the qualifier are checked. The figures are recorded in docs/benchmarks.md.
/// </summary>
public sealed class PrecisionRecallTests(ITestOutputHelper testOutput)
{
    private readonly Report _output = new(testOutput);

    /// <summary>Writes to the test's output and keeps the lines, so each half's table is also saved as a file.</summary>
    private sealed class Report(ITestOutputHelper inner)
    {
        public System.Text.StringBuilder Lines { get; } = new();

        public void WriteLine(string line)
        {
            inner.WriteLine(line);
            Lines.AppendLine(line);
        }
    }

    public static TheoryData<string, double, double> Floors => new()
    {
        // Floors we reach today, a little under the measured figures so a regression shows.
        { "ziyang-2023-work-conference", 0.95, 0.95 },
        { "ziyang-2024-key-projects-meeting", 0.95, 0.85 },
        { "lezhi-2024-government-work-report", 0.95, 0.9 },
    };

    /// <summary>Floors per half (precision, recall), a little under the measured figures.</summary>
    public static TheoryData<CorpusHalf, double, double> HalfFloors => new()
    {
        // Measured 2026-12-06: development 1.00 / 1.00 (seven texts), held-out 0.99 / 0.97 (docs/benchmarks.md).
        { CorpusHalf.Development, 0.97, 0.97 },
        { CorpusHalf.HeldOut, 0.95, 0.93 },
    };

    [Theory, MemberData(nameof(Floors))]
    public void Proposals_reach_the_floor(string report, double precisionFloor, double recallFloor)
    {
        var expected = Corpus.Expected(report);
        var proposals = new ReportReader().Read(Corpus.Read(report), expected.ReportYear, Corpus.Units).Proposals;
        var score = Score(proposals, expected.Expected);

        _output.WriteLine($"{report}: expected {expected.Expected.Count}, proposed {proposals.Count}, precision {score.Precision:0.00}, recall {score.Recall:0.00}");
        Print(score);
        Assert.True(score.Precision >= precisionFloor, $"precision {score.Precision:0.00} < {precisionFloor}");
        Assert.True(score.Recall >= recallFloor, $"recall {score.Recall:0.00} < {recallFloor}");
    }

    [Theory, MemberData(nameof(HalfFloors))]
    public void Each_half_reaches_its_floor(CorpusHalf half, double precisionFloor, double recallFloor)
    {
        var all = new List<Scored>();
        foreach (var report in Corpus.Half(half))
        {
            var expected = Corpus.Expected(report);
            var proposals = new ReportReader().Read(Corpus.Read(report), expected.ReportYear, Corpus.Units).Proposals;
            var score = Score(proposals, expected.Expected);
            _output.WriteLine($"{report} ({expected.Genre}, {expected.Place}): expected {expected.Expected.Count}, proposed {proposals.Count}, precision {score.Precision:0.00}, recall {score.Recall:0.00}");
            Print(score);
            all.Add(score);
        }
        var total = Scored.Sum(all);
        _output.WriteLine("");
        _output.WriteLine($"{half}: {Corpus.Half(half).Count} texts, expected {total.ExpectedCount}, proposed {total.ProposedCount}, precision {total.Precision:0.00}, recall {total.Recall:0.00}");
        _output.WriteLine("| | expected | proposed | matched | precision | recall |");
        _output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var kind in Enum.GetNames<ProposalKind>())
        {
            var matched = total.Matched.Count(m => m.Expected.Kind == kind);
            Row(kind, matched, matched, total.ExpectedAll.Count(e => e.Kind == kind), total.ProposedAll.Count(p => p.Kind.ToString() == kind));
        }
        foreach (var figure in new[] { "money", "count", "rate", "range" })
        {
            // Precision over the proposals of that figure type, recall over the expectations of it (the three
            // oldest development files name no figure type, so their figures count for precision only).
            Row("figure: " + figure, total.Matched.Count(m => FigureType(m.Proposal) == figure), total.Matched.Count(m => m.Expected.Figure == figure),
                total.ExpectedAll.Count(e => e.Figure == figure), total.ProposedAll.Count(p => FigureType(p) == figure));
        }
        var targets = total.Matched.Where(m => m.Expected.Kind == nameof(ProposalKind.Target) && m.Expected.Actual is not null).ToList();
        _output.WriteLine($"matched targets read right as result or goal: {targets.Count(m => m.Proposal.Actual == m.Expected.Actual)}/{targets.Count}; "
            + $"with the year expected: {targets.Count(m => m.Proposal.Year == m.Expected.Year)}/{targets.Count}; "
            + $"qualifier kept: {targets.Count(m => m.Expected.Qualifier is { } q && m.Proposal.Qualifier == q)}/{targets.Count(m => m.Expected.Qualifier is not null)}");
        // The table for docs/benchmarks.md, next to the test assembly.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, $"reader-precision-recall-{half}.md"), _output.Lines.ToString());
        Assert.True(total.Precision >= precisionFloor, $"precision {total.Precision:0.00} < {precisionFloor}");
        Assert.True(total.Recall >= recallFloor, $"recall {total.Recall:0.00} < {recallFloor}");
    }

    private void Row(string name, int matchedProposals, int matchedExpected, int expected, int proposed) =>
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {expected} | {proposed} | {matchedExpected} | {Ratio(matchedProposals, proposed)} | {Ratio(matchedExpected, expected)} |"));

    private static string Ratio(int part, int whole) => whole == 0 ? "–" : ((double)part / whole).ToString("0.00", CultureInfo.InvariantCulture);

    private void Print(Scored score)
    {
        score.Missed.ForEach(m => _output.WriteLine($"  missed: {m}"));
        score.Extra.ForEach(e => _output.WriteLine($"  extra:  {e.Kind} #{e.SentenceNumber} {Key(e)}"));
    }

    /// <summary>The figure type of a proposal: range when it has an upper bound, else by its unit.</summary>
    public static string? FigureType(ProposalDraft p) => p.Kind switch
    {
        ProposalKind.Target when p.Qualifier is { } q && q.Contains('-', StringComparison.Ordinal) && char.IsAsciiDigit(q[0]) => "range",
        ProposalKind.Target => p.ValueUnit switch
        {
            "%" or "个百分点" or "百分点" => "rate",
            "万亿元" or "亿元" or "万元" or "元" => "money",
            null => null,
            _ => "count",
        },
        ProposalKind.Project when p.AmountYuan is not null => "money",
        _ => null,
    };

    public sealed record Match(ExpectedProposal Expected, ProposalDraft Proposal);

    public sealed record Scored(List<ExpectedProposal> ExpectedAll, List<ProposalDraft> ProposedAll, List<Match> Matched, List<ExpectedProposal> Missed, List<ProposalDraft> Extra)
    {
        public int ExpectedCount => ExpectedAll.Count;
        public int ProposedCount => ProposedAll.Count;
        public double Precision => ProposedAll.Count == 0 ? 0 : (double)Matched.Count / ProposedAll.Count;
        public double Recall => ExpectedAll.Count == 0 ? 1 : (double)Matched.Count / ExpectedAll.Count;

        public static Scored Sum(IEnumerable<Scored> scores)
        {
            var list = scores.ToList();
            return new([.. list.SelectMany(s => s.ExpectedAll)], [.. list.SelectMany(s => s.ProposedAll)], [.. list.SelectMany(s => s.Matched)],
                [.. list.SelectMany(s => s.Missed)], [.. list.SelectMany(s => s.Extra)]);
        }
    }

    public static Scored Score(IReadOnlyList<ProposalDraft> proposals, IReadOnlyList<ExpectedProposal> expected)
    {
        var unmatched = proposals.ToList();
        var missed = new List<ExpectedProposal>();
        var matched = new List<Match>();
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
                matched.Add(new Match(e, hit));
            }
        }
        return new Scored([.. expected], [.. proposals], matched, missed, unmatched);
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
            // The newer files (with a source text) want the whole name, brackets and joined parts included.
            ProposalKind.Project when e.Source is not null => p.ProjectName is { } name && Plain(name) == Plain(e.Key!),
            ProposalKind.Project => p.ProjectName is { } name && (name.Contains(e.Key!, StringComparison.Ordinal) || e.Key!.Contains(name, StringComparison.Ordinal)),
            _ => true,
        };
    }

    private static string Plain(string name) => TextNormaliser.Normalise(name).Trim();

    private static string? Key(ProposalDraft p) => p.Kind switch
    {
        ProposalKind.Milestone => p.Month?.ToString(CultureInfo.InvariantCulture),
        ProposalKind.Target => $"{p.Value}{p.ValueUnit} {p.IndicatorName} {(p.Actual == true ? "actual" : p.Actual == false ? "target" : "")} {p.Year} {p.Qualifier}",
        ProposalKind.Project => p.ProjectName,
        _ => p.Text,
    };
}
