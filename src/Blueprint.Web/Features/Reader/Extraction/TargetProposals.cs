using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// An indicator figure is a figure tied to its subject by a verb (生产总值增长8%, 新增学位2650个) or named by
/// it (开工率86.7%, 竣工项目31个, 总投资4200亿元), in a sentence that sets a goal, reports a result, dates its
/// figures, or sits in a section of goals or of review. Each figure of a list ("高新区…增长8%、临空经济区…增长10%",
/// "分别完成投资62.4亿元、48.7亿元") is its own proposal. Whether it is a result or a goal is decided by the
/// words before it (<see cref="Cues.Goals"/>, <see cref="Cues.Results"/>), then by the section, then by the
/// year it names: a result is proposed for the year it describes, a goal for the year it aims at.
/// Figures that are a problem's evidence ("3个县…完成率低于60%") or a project's amount are no indicators.
/// </summary>
public static partial class TargetProposals
{
    // "1-9月", "上半年", "截至9月底": a period that has run, so its figures are results.
    [GeneratedRegex(@"\d+-\d+月|上半年|(?:截至|截止)\d{1,2}月(?:底|末)")]
    public static partial Regex PeriodSoFar();

    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts) => Build(facts, new ReadingContext(facts.ReportYear));

    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts, ReadingContext context)
    {
        var text = facts.Text;
        if (ProblemMeasureProposals.NamesProblem(text))
        {
            yield break;
        }
        var triggers = Cues.Find(text, Cues.Targets);
        var goals = Cues.Find(text, Cues.Goals);
        var results = Cues.Find(text, Cues.Results);
        var resultVerbs = Cues.Find(text, Cues.ResultVerbs);
        var named = StandardIndicators.Find(text) is not null;
        string? lastIndicator = null;
        CueMention? lastVerb = null;
        var previousEnd = -1;
        foreach (var figure in facts.Figures.Where(f => IsIndicatorFigure(facts, f)))
        {
            var (clauseStart, _) = facts.ClauseAt(figure.Start);
            var segmentStart = Math.Max(clauseStart, text.LastIndexOf('、', Math.Max(0, figure.Start - 1)) + 1);
            var period = facts.Dates.LastOrDefault(d => d.Start < figure.Start);
            var year = facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.YearStated && d.Month is null)
                ?? facts.Dates.LastOrDefault(d => d.Start < figure.Start && d.Start >= clauseStart && d.YearStated);
            var goal = goals.LastOrDefault(g => g.Start < figure.Start);
            var result = results.LastOrDefault(r => r.Start < figure.Start);
            var trigger = triggers.LastOrDefault(t => t.Start < figure.Start);
            if (goal is null && result is null && period is null && context.Section == ReadingSection.None && !named
                && resultVerbs.All(v => v.Start > figure.Start) && !TimePhrases.YearToDate().IsMatch(text[..figure.Start]))
            {
                continue;
            }
            // "分别完成投资62.4亿元、48.7亿元", "分别增长4.9%和6.7%": a figure right after another shares its verb and subject.
            var listed = previousEnd >= 0 && previousEnd <= figure.Start
                && text[previousEnd..figure.Start].Trim().Trim('、', '和', '及', '与').Length == 0;
            var verb = listed ? lastVerb : Cues.Find(text, Cues.TargetVerbs, segmentStart, figure.Start).LastOrDefault();
            // "新开工项目不少于120个": a bound before the figure does the verb's work.
            if (verb is null && figure.Qualifier is { Length: > 1 } bound && figure.Text.StartsWith(bound, StringComparison.Ordinal))
            {
                verb = new CueMention(figure.Start, bound.Length, bound);
            }
            var subjectOnly = false;
            if (verb is null)
            {
                // "开工率86.7%", "竣工项目31个": the subject ends right before the figure and names the indicator.
                var subject = text[segmentStart..figure.Start].TrimEnd();
                if (!Cues.IndicatorEndings.Any(e => subject.EndsWith(e, StringComparison.Ordinal)))
                {
                    continue;
                }
                verb = new CueMention(figure.Start, 0, "");
                subjectOnly = true;
            }
            var unit = facts.Units.LastOrDefault(u => u.Start >= segmentStart && u.Start < figure.Start)
                ?? facts.Units.LastOrDefault(u => u.Start >= clauseStart && u.Start < figure.Start);
            var (indicatorStart, indicatorEnd) = listed ? (0, 0)
                : subjectOnly ? (Opened(facts, segmentStart, figure.Start, unit, trigger ?? goal, period), figure.Start)
                : IndicatorRange(facts, verb, figure, segmentStart, unit, trigger ?? goal, period);
            // "达到268.5亿元,增长6.8%": a bare growth rate is the rate of the indicator just named.
            var indicator = indicatorEnd - indicatorStart >= 2 ? Indicator(text[indicatorStart..indicatorEnd]) : lastIndicator;
            // "城镇新增就业0.6万人": a standard indicator whose name holds the verb is named whole, not "就业".
            if (!listed && indicator is not null && StandardIndicators.Find(indicator) is null
                && StandardIndicators.All.FirstOrDefault(s => s.Forms.Any(f => text[segmentStart..figure.Start].TrimEnd().EndsWith(f, StringComparison.Ordinal))) is { } whole)
            {
                indicator = whole.Name;
            }
            lastIndicator = indicator;
            lastVerb = verb;
            previousEnd = figure.Start + figure.Length;
            var actual = IsResult(facts, context, figure, goal, result, resultVerbs);
            var figureYear = year?.Year ?? (context.Section != ReadingSection.None ? context.Year : null)
                ?? (actual && Cues.Find(text, ["过去一年", "去年"], 0, figure.Start).Count > 0 ? facts.ReportYear - 1 : facts.ReportYear);
            // A result of the months so far ("1-9月…", or in the sentences after a "1-9月，" that opened the review) is the value up to that month.
            var upTo = actual ? MonthSoFar(text, figure.Start) ?? (context.Section == ReadingSection.Review && context.Year == figureYear ? context.Month : null) : null;
            var units = unit is not null ? [unit] : facts.UnitsFor(figure.Start);
            var spans = new List<ReadSpan> { facts.Span(figure.Start, figure.Length, Role(figure.Kind)) };
            if (verb.Length > 0)
            {
                spans.Add(facts.Span(verb.Start, verb.Length, "target"));
            }
            spans.AddRange(units.Select(facts.Span));
            if (trigger is not null)
            {
                spans.Add(facts.Span(trigger.Start, trigger.Length, "target"));
            }
            if (year is not null)
            {
                spans.Add(facts.Span(year.Start, year.Length, "date"));
            }
            if (indicator is not null && indicatorEnd > indicatorStart)
            {
                spans.Add(facts.Span(indicatorStart, indicatorEnd - indicatorStart, "indicator"));
            }
            var read = (units.Count > 0 ? 1 : 0) + (indicator is not null ? 1 : 0) + 1 + 1 + (year is not null ? 1 : 0);
            yield return new ProposalDraft(
                ProposalKind.Target, facts.Sentence.Number, Math.Round(read / 5.0, 2), MilestoneProposals.Sorted(spans),
                text[segmentStart..(figure.Start + figure.Length)].Trim(), units.Select(u => u.UnitId).Distinct().ToList(),
                Year: figureYear, Month: upTo, IndicatorName: indicator, Measure: verb.Word.Length > 0 ? verb.Word : null, Value: figure.Value,
                ValueUnit: figure.Unit, Qualifier: Qualifier(figure), Actual: actual);
        }
    }

    // "1-9月…增长8%" is the value up to September, "上半年" up to June; a result without one is the whole year's.
    internal static int? MonthSoFar(string text, int before)
    {
        var match = PeriodSoFar().Matches(text[..before]).LastOrDefault();
        if (match is null)
        {
            return null;
        }
        if (match.Value == "上半年")
        {
            return 6;
        }
        // "1-9月" runs to September, and so does "截至9月底".
        var to = match.Value.Contains('-', StringComparison.Ordinal)
            ? match.Value[(match.Value.IndexOf('-', StringComparison.Ordinal) + 1)..^1]
            : new string(match.Value.Where(char.IsAsciiDigit).ToArray());
        return int.TryParse(to, out var month) && month is >= 1 and <= 12 ? month : null;
    }

    // A goal word before the figure makes it a goal unless a result word follows it (力争…, 累计完成…);
    // else the section decides (工作回顾 / 主要目标), else a verb of result, a past year or a period that has run.
    private static bool IsResult(
        SentenceFacts facts, ReadingContext context, FigureMention figure, CueMention? goal, CueMention? result, List<CueMention> resultVerbs)
    {
        if (result is not null && (goal is null || result.Start > goal.Start))
        {
            return true;
        }
        if (goal is not null)
        {
            return false;
        }
        if (context.Section != ReadingSection.None)
        {
            return context.Section == ReadingSection.Review;
        }
        if (resultVerbs.Any(v => v.Start < figure.Start))
        {
            return true;
        }
        return facts.Dates.Any(d => d.YearStated && d.Year < facts.ReportYear && d.Start < figure.Start)
            || PeriodSoFar().IsMatch(facts.Text[..figure.Start]) || TimePhrases.YearToDate().IsMatch(facts.Text[..figure.Start]);
    }

    // The indicator's phrase starts after what opens the segment: a unit, a goal word, a date, 全年 / 全市 ….
    private static int Opened(SentenceFacts facts, int start, int end, UnitMention? unit, CueMention? trigger, DateMention? period)
    {
        foreach (var e in new[] { unit?.Start + unit?.Length, trigger?.Start + trigger?.Length, period?.Start + period?.Length })
        {
            if (e is int at && at > start && at <= end)
            {
                start = at;
            }
        }
        foreach (var d in facts.Dates.Where(d => d.Start >= start && d.Start + d.Length <= end))
        {
            start = d.Start + d.Length;
        }
        var opened = true;
        while (opened)
        {
            // "今年以来新开工项目64个": the time phrase opens the indicator's phrase, it does not name it.
            var timed = TimePhrases.After(facts.Text, start, end);
            opened = timed > start;
            start = timed;
            foreach (var word in Cues.IndicatorOpeners.Concat(Cues.Goals))
            {
                if (string.CompareOrdinal(facts.Text, start, word, 0, word.Length) == 0 && start + word.Length < end)
                {
                    start += word.Length;
                    opened = true;
                }
            }
        }
        return start;
    }

    // A goal word governs the clauses that follow it in the sentence ("力争2024年…增长8%、…增长10%，…").
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
        return (Opened(facts, segmentStart, verb.Start, unit, trigger, period), verb.Start);
    }

    // Reports say 生产总值, GDP or 规模以上工业增加值 for the indicators a plan calls 地区生产总值 and 规上工业增加值.
    private static string Indicator(string phrase)
    {
        var trimmed = phrase.Trim().TrimStart('的');
        trimmed = trimmed.EndsWith("分别", StringComparison.Ordinal) ? trimmed[..^2] : trimmed;
        return StandardIndicators.NameOf(trimmed);
    }

    // Money is an indicator's value ("完成投资560亿元", "总投资4200亿元" of a year's projects) unless it is a
    // project's amount (beside a project, or "总投资12亿元的…工程") or a loan; durations (4个小时) and shares are never indicators.
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
        var after = figure.Start + figure.Length;
        return ProjectProposals.MoneyKind(facts.Text, figure) is null or "投资" or "总投资" or "计划投资"
            && !(after < facts.Text.Length && facts.Text[after] == '的')
            && !facts.Projects.Any(p => p.Start >= start && p.Start < end)
            // "…新材料产业园项目已完成主体工程，累计完成投资5.4亿元": money after a project is the project's.
            && !facts.Projects.Any(p => p.Start < figure.Start);
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

/// <summary>Where the reader is in a report: a review of a past year, the goals of a year, the next steps.</summary>
public enum ReadingSection
{
    None,
    Review,
    Goals,
    NextSteps,
}

/// <summary>
/// What the headings and announcing sentences said so far ("一、2023年工作回顾", "2024年主要预期目标是：",
/// "四、下一步工作"): the section the following sentences belong to and the year it is about.
/// </summary>
public sealed partial class ReadingContext(int reportYear)
{
    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})年")]
    private static partial Regex YearWord();

    // "2023年，全市地区生产总值…": a sentence that opens with a past year starts a review of it.
    [GeneratedRegex(@"^(?<y>(?:19|20)\d{2})年,")]
    private static partial Regex OpensWithYear();

    public ReadingSection Section { get; private set; }

    public int? Year { get; private set; }

    /// <summary>The last month of the period a review of the months so far covers ("1-9月，…" → 9); null for a whole year.</summary>
    public int? Month { get; private set; }

    /// <summary>Reads a heading, or a sentence that announces what follows (ends with a colon), or opens a review ("过去一年，").</summary>
    public void Read(string normalised, bool title)
    {
        var stated = YearWord().Matches(normalised).Select(m => int.Parse(m.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var announces = title || normalised.TrimEnd().EndsWith(':');
        if (announces && normalised.Contains("下一步", StringComparison.Ordinal))
        {
            (Section, Year, Month) = (ReadingSection.NextSteps, null, null);
        }
        else if (announces && normalised.Contains("目标", StringComparison.Ordinal))
        {
            (Section, Year, Month) = (ReadingSection.Goals, stated.Count > 0 ? stated[^1] : reportYear, null);
        }
        else if (announces && (normalised.Contains("回顾", StringComparison.Ordinal) || stated.Any(y => y < reportYear)))
        {
            (Section, Year, Month) = (ReadingSection.Review, stated.Count > 0 ? stated[0] : reportYear - 1, null);
        }
        else if (title && !stated.Contains(reportYear))
        {
            (Section, Year, Month) = (ReadingSection.None, null, null);
        }
        else if (!title && normalised.StartsWith("过去一年", StringComparison.Ordinal) && Section == ReadingSection.None)
        {
            (Section, Year, Month) = (ReadingSection.Review, reportYear - 1, null);
        }
        else if (!title && Section == ReadingSection.None && TargetProposals.PeriodSoFar().Match(normalised) is { Success: true, Index: 0 })
        {
            // "1-9月，全市重点项目累计完成投资…": a bulletin's figures for the months so far, and those of the sentences after.
            (Section, Year, Month) = (ReadingSection.Review, reportYear, TargetProposals.MonthSoFar(normalised, normalised.Length));
        }
        else if (!title && OpensWithYear().Match(normalised) is { Success: true } opening
            && int.Parse(opening.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture) is var year && year < reportYear)
        {
            (Section, Year, Month) = (ReadingSection.Review, year, null);
        }
    }
}
