namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// An indicator target is a figure tied to an indicator by a verb (生产总值增长8%, 新增学位2650个) in a
/// sentence that sets a goal (力争 / 确保 / 目标 …) or dates its figures (全年, 2024年). Each figure
/// of a list ("高新区…增长8%、临空经济区…增长10%") is its own target with the unit named before it.
/// </summary>
public static class TargetProposals
{
    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts)
    {
        var text = facts.Text;
        var triggers = Cues.Find(text, Cues.Targets);
        string? lastIndicator = null;
        foreach (var figure in facts.Figures.Where(f => IsIndicatorFigure(facts, f)))
        {
            var (clauseStart, _) = facts.ClauseAt(figure.Start);
            var segmentStart = Math.Max(clauseStart, text.LastIndexOf('、', Math.Max(0, figure.Start - 1)) + 1);
            var trigger = triggers.LastOrDefault(t => t.Start < figure.Start && t.Start >= FirstClauseStartOfGoal(facts, clauseStart));
            var period = facts.Dates.LastOrDefault(d => d.Start < figure.Start);
            var year = facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.YearStated && d.Month is null)
                ?? facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.Start >= clauseStart);
            if (trigger is null && period is null)
            {
                continue;
            }
            var verb = Cues.Find(text, Cues.TargetVerbs, segmentStart, figure.Start).LastOrDefault();
            // "新开工项目不少于120个": a bound before the figure does the verb's work.
            if (verb is null && figure.Qualifier is { Length: > 1 } bound && figure.Text.StartsWith(bound, StringComparison.Ordinal))
            {
                verb = new CueMention(figure.Start, bound.Length, bound);
            }
            if (verb is null)
            {
                continue;
            }
            var unit = facts.Units.LastOrDefault(u => u.Start >= segmentStart && u.Start < figure.Start)
                ?? facts.Units.LastOrDefault(u => u.Start >= clauseStart && u.Start < figure.Start);
            var (indicatorStart, indicatorEnd) = IndicatorRange(facts, verb, figure, segmentStart, unit, trigger, period);
            // "达到268.5亿元,增长6.8%": a bare growth rate is the rate of the indicator just named.
            var indicator = indicatorEnd - indicatorStart >= 2 ? Indicator(text[indicatorStart..indicatorEnd]) : lastIndicator;
            lastIndicator = indicator;
            var units = unit is not null ? [unit] : facts.UnitsFor(figure.Start);
            var spans = new List<ReadSpan>
            {
                facts.Span(figure.Start, figure.Length, Role(figure.Kind)),
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
        string Between(int from, int to) => facts.Text[from..to];
        if (figure.Start - afterVerb >= 2 && !Between(afterVerb, figure.Start).Any(char.IsAsciiDigit))
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
        trimmed = trimmed.EndsWith("分别", StringComparison.Ordinal) ? trimmed[..^2] : trimmed;
        return trimmed is "生产总值" or "GDP" or "地区生产总值" or "经济总量" ? "地区生产总值" : trimmed;
    }

    // Money is an indicator's value ("完成投资560亿元") unless it is a project's amount (总投资, 计划投资, 贷款)
    // or sits beside a project; durations (4个小时) and shares are never indicators.
    private static bool IsIndicatorFigure(SentenceFacts facts, FigureMention figure)
    {
        // "完成年度计划的51.1%" is a share of another figure, which Blueprint computes itself.
        if (figure.Unit is "个月" or "个小时" || (figure.Start > 0 && facts.Text[figure.Start - 1] == '的'))
        {
            return false;
        }
        if (figure.Kind != FigureKind.Money)
        {
            return true;
        }
        var (start, end) = facts.ClauseAt(figure.Start);
        return ProjectProposals.MoneyKind(facts.Text, figure) is null or "投资"
            && !facts.Projects.Any(p => p.Start >= start && p.Start < end);
    }

    public static string Role(FigureKind kind) => kind switch
    {
        FigureKind.Money => "money",
        FigureKind.Count => "count",
        _ => "percent",
    };

    public static string? Qualifier(FigureMention figure) =>
        figure.Upper is { } upper ? $"{figure.Value}-{upper}" : figure.Qualifier;
}
