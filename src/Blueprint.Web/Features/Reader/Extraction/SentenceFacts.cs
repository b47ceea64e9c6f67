namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// Everything the recognisers read in one sentence, on its normalised text (same offsets as the
/// original). The proposal builders only combine these facts; they never scan the text themselves
/// except for cue words.
/// </summary>
public sealed class SentenceFacts
{
    public SentenceFacts(ReaderSentence sentence, int reportYear, UnitMatcher units)
    {
        Sentence = sentence;
        Text = TextNormaliser.Normalise(sentence.Text);
        ReportYear = reportYear;
        Dates = DateRecogniser.Find(Text, reportYear);
        Figures = FigureRecogniser.Find(Text);
        Units = units.Find(Text);
        AmbiguousUnits = units.FindAmbiguous(Text);
        Projects = ProjectRecogniser.Find(Text);
        Stages = ProjectRecogniser.FindStages(Text);
        Clauses = SplitClauses(Text);
    }

    public ReaderSentence Sentence { get; }
    public string Text { get; }
    public int ReportYear { get; }
    public IReadOnlyList<DateMention> Dates { get; }
    public IReadOnlyList<FigureMention> Figures { get; }
    public IReadOnlyList<UnitMention> Units { get; }
    public IReadOnlyList<AmbiguousUnitMention> AmbiguousUnits { get; }
    public IReadOnlyList<ProjectMention> Projects { get; }
    public IReadOnlyList<StageMention> Stages { get; }

    /// <summary>Clauses as [start, end) ranges, cut at , ; : and the sentence stops.</summary>
    public IReadOnlyList<(int Start, int End)> Clauses { get; }

    public (int Start, int End) ClauseAt(int position)
    {
        foreach (var clause in Clauses)
        {
            if (position >= clause.Start && position < clause.End)
            {
                return clause;
            }
        }
        return (0, Text.Length);
    }

    public IEnumerable<T> InRange<T>(IEnumerable<T> items, Func<T, int> start, int from, int to) =>
        items.Where(i => start(i) >= from && start(i) < to);

    /// <summary>
    /// The units a statement at <paramref name="position"/> belongs to: those named in its own clause;
    /// else the unit whose leader speaks in the sentence; else every unit the sentence names.
    /// </summary>
    public IReadOnlyList<UnitMention> UnitsFor(int position)
    {
        var (start, end) = ClauseAt(position);
        var own = InRange(Units, u => u.Start, start, end).ToList();
        if (own.Count > 0)
        {
            return own;
        }
        var speakers = Units.Where(u => u.Speaker).ToList();
        return speakers.Count > 0 ? speakers : Units;
    }

    public ReadSpan Span(int start, int length, string role) => new(start, length, role, Sentence.Text.Substring(start, length));

    public ReadSpan Span(UnitMention u) => Span(u.Start, u.Length, "unit");

    private static List<(int Start, int End)> SplitClauses(string text)
    {
        var clauses = new List<(int Start, int End)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is ',' or ';' or ':' or '。' or '!' or '?')
            {
                if (i > start)
                {
                    clauses.Add((start, i));
                }
                start = i + 1;
            }
        }
        if (text.Length > start)
        {
            clauses.Add((start, text.Length));
        }
        return clauses;
    }
}
