namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// An indicator target is a figure tied to an indicator by a verb (生产总值增长8%, 新增学位2650个) in a
/// clause that sets a goal (力争 / 确保 / 目标 …) or states a year's figure (全年, 2024年). Each figure
/// of a list ("高新区…增长8%、临空经济区…增长10%") is its own target with the unit named before it.
/// </summary>
public static class TargetProposals
{
    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts)
    {
        var text = facts.Text;
        var triggers = Cues.Find(text, Cues.Targets);
        foreach (var figure in facts.Figures.Where(f => f.Kind != FigureKind.Money && f.Unit is not ("个月" or "个小时")))
        {
            var (clauseStart, _) = facts.ClauseAt(figure.Start);
            var segmentStart = Math.Max(clauseStart, text.LastIndexOf('、', Math.Max(0, figure.Start - 1)) + 1);
            var trigger = triggers.LastOrDefault(t => t.Start < figure.Start && t.Start >= FirstClauseStartOfGoal(facts, clauseStart));
            var period = facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.Start >= clauseStart);
            var year = facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.YearStated && d.Month is null)
                ?? facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.Start >= clauseStart);
            if (trigger is null && period is null)
            {
                continue;
            }
            var verbs = Cues.Find(text, Cues.TargetVerbs, segmentStart, figure.Start);
            var verb = verbs.LastOrDefault();
            if (verb is null)
            {
                continue;
            }
            var unit = facts.Units.LastOrDefault(u => u.Start >= segmentStart && u.Start < figure.Start)
                ?? facts.Units.LastOrDefault(u => u.Start >= clauseStart && u.Start < figure.Start);
            var (indicatorStart, indicatorEnd) = IndicatorRange(facts, verb, figure, segmentStart, unit, trigger, period);
            var indicator = indicatorEnd - indicatorStart >= 2 ? Indicator(text[indicatorStart..indicatorEnd]) : null;
            var units = unit is not null ? [unit] : facts.UnitsFor(figure.Start);
            var spans = new List<ReadSpan>
            {
                facts.Span(figure.Start, figure.Length, figure.Kind == FigureKind.Count ? "count" : "percent"),
                facts.Span(verb.Start, verb.Length, "target"),
            };
            spans.AddRange(units.Select(facts.Span));
            if (trigger is not null)
            {
                spans.Add(facts.Span(trigger.Start, trigger.Length, "target"));
            }
            if (year is not null)
            {
                spans.Add(facts.Span(year.Start, year.Length, "date"));
            }
            if (indicator is not null)
            {
                spans.Add(facts.Span(indicatorStart, indicatorEnd - indicatorStart, "indicator"));
            }
            var read = (units.Count > 0 ? 1 : 0) + (indicator is not null ? 1 : 0) + 1 + 1 + (year is not null ? 1 : 0);
            yield return new ProposalDraft(
                ProposalKind.Target, facts.Sentence.Number, Math.Round(read / 5.0, 2), MilestoneProposals.Sorted(spans),
                text[segmentStart..(figure.Start + figure.Length)].Trim(), units.Select(u => u.UnitId).Distinct().ToList(),
                Year: year?.Year ?? facts.ReportYear, IndicatorName: indicator, Measure: verb.Word, Value: figure.Value,
                ValueUnit: figure.Unit, Qualifier: Qualifier(figure));
        }
    }

    // A goal word governs the clauses that follow it in the sentence ("力争2024年…增长8%、…增长10%，…").
    private static int FirstClauseStartOfGoal(SentenceFacts facts, int clauseStart) => clauseStart == 0 ? 0 : facts.ClauseAt(clauseStart - 2).Start;

    // "生产总值增长8%": the indicator sits before the verb; "新增学位2650个": between the verb and the figure.
    private static (int, int) IndicatorRange(
        SentenceFacts facts, CueMention verb, FigureMention figure, int segmentStart, UnitMention? unit, CueMention? trigger, DateMention? period)
    {
        var afterVerb = verb.Start + verb.Length;
        if (figure.Start - afterVerb >= 2)
        {
            return (afterVerb, figure.Start);
        }
        var start = segmentStart;
        foreach (var end in new[] { unit?.Start + unit?.Length, trigger?.Start + trigger?.Length, period?.Start + period?.Length })
        {
            if (end is int e && e > start && e <= verb.Start)
            {
                start = e;
            }
        }
        foreach (var d in facts.Dates.Where(d => d.Start >= start && d.Start + d.Length <= verb.Start))
        {
            start = d.Start + d.Length;
        }
        return (start, verb.Start);
    }

    // Reports say 生产总值 or GDP for the indicator the plan calls 地区生产总值.
    private static string Indicator(string phrase)
    {
        var trimmed = phrase.Trim().TrimStart('的');
        return trimmed is "生产总值" or "GDP" or "地区生产总值" or "经济总量" ? "地区生产总值" : trimmed;
    }

    public static string? Qualifier(FigureMention figure) =>
        figure.Upper is { } upper ? $"{figure.Value}-{upper}" : figure.Qualifier;
}
