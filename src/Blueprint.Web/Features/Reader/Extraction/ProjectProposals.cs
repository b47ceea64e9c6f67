namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// A key project is a project name with something to record about it: a stage word in its clause,
/// an amount, or a date. The amount may follow in a later clause ("…马蹄湾现代农业园区，…争取贷款2.4亿元")
/// and belongs to the nearest project named before it; 总投资 is preferred over 计划投资 over 贷款
/// because the project record is keyed by its total.
/// </summary>
public static class ProjectProposals
{
    private static readonly string[] KindOrder = ["总投资", "计划投资", "贷款", "投资"];

    public static IEnumerable<ProposalDraft> Build(SentenceFacts facts)
    {
        var projects = facts.Projects;
        for (var p = 0; p < projects.Count; p++)
        {
            var project = projects[p];
            var (clauseStart, clauseEnd) = facts.ClauseAt(project.Start);
            var nextProject = p + 1 < projects.Count ? projects[p + 1].Start : facts.Text.Length;
            // Money of this project: in its clause, or in a later clause before the next project's clause.
            var reachEnd = nextProject < facts.Text.Length ? facts.ClauseAt(nextProject).Start : facts.Text.Length;
            var money = facts.Figures
                .Where(f => f.Kind == FigureKind.Money && f.Start >= clauseStart && (f.Start < clauseEnd || f.Start < reachEnd))
                .Where(f => f.Start < clauseEnd || !HasOtherProject(facts, f, project))
                .Select(f => (Figure: f, Kind: MoneyKind(facts.Text, f)))
                .OrderBy(m => Array.IndexOf(KindOrder, m.Kind ?? "投资") is var i && i < 0 ? KindOrder.Length : i)
                .FirstOrDefault();
            var stage = facts.Stages.Where(s => s.Start >= clauseStart && s.Start < clauseEnd)
                .OrderBy(s => Math.Abs(s.Start - project.Start)).FirstOrDefault();
            // The date that opens the sentence, or one in the project's clause ("力争…二期项目6月开工").
            var date = facts.Dates.FirstOrDefault(d => d.Month is not null && d.Text.Any(char.IsAsciiDigit)
                && ((d.Start >= clauseStart && d.Start < clauseEnd) || d.Start <= 2));
            if (money.Figure is null && stage is null && date is null)
            {
                continue;
            }
            // A unit named beside the project (…项目在高新区开工) says more than one inside its name (资阳口腔…).
            var named = facts.UnitsFor(project.Start).DistinctBy(u => u.UnitId).ToList();
            var outside = named.Where(u => u.Start < project.Start || u.Start >= project.Start + project.Length).ToList();
            var units = outside.Count > 0 ? outside : named;
            var spans = new List<ReadSpan> { facts.Span(project.Start, project.Length, "project") };
            spans.AddRange(units.Select(facts.Span));
            if (money.Figure is not null)
            {
                spans.Add(facts.Span(money.Figure.Start, money.Figure.Length, "money"));
            }
            if (stage is not null)
            {
                spans.Add(facts.Span(stage.Start, stage.Length, "stage"));
            }
            if (date is not null)
            {
                spans.Add(facts.Span(date.Start, date.Length, "date"));
            }
            var read = 1 + (units.Count > 0 ? 1 : 0) + (money.Figure is not null ? 1 : 0) + (stage is not null ? 1 : 0) + (date is not null ? 1 : 0);
            yield return new ProposalDraft(
                ProposalKind.Project, facts.Sentence.Number, Math.Round(read / 5.0, 2), MilestoneProposals.Sorted(spans),
                facts.Sentence.Text[clauseStart..clauseEnd].Trim(), units.Select(u => u.UnitId).ToList(),
                // The name as the report wrote it (full-width brackets stay full-width), not its normalised reading.
                Year: date?.Year, Month: date?.Month, ProjectName: facts.Sentence.Text.Substring(project.Start, project.Length),
                AmountYuan: money.Figure?.Yuan, AmountKind: money.Figure is null ? null : money.Kind ?? "投资", Stage: stage?.Stage);
        }
    }

    private static bool HasOtherProject(SentenceFacts facts, FigureMention money, ProjectMention project)
    {
        var (start, end) = facts.ClauseAt(money.Start);
        return facts.Projects.Any(p => p != project && p.Start >= start && p.Start < end);
    }

    // The kind of an amount is the word just before it: 总投资7.52亿元, 贷款2.4亿元, 年度计划投资3亿元.
    public static string? MoneyKind(string text, FigureMention money)
    {
        var from = Math.Max(0, money.Start - 8);
        var before = text[from..money.Start];
        var cut = before.LastIndexOfAny([',', ';', ':', '。']);
        before = cut >= 0 ? before[(cut + 1)..] : before;
        if (before.Contains("总投资"))
        {
            return "总投资";
        }
        if (before.Contains("计划投资") || before.Contains("投资计划"))
        {
            return "计划投资";
        }
        if (before.Contains("贷款") || before.Contains("融资") || before.Contains("专项债"))
        {
            return "贷款";
        }
        return before.Contains("投资") ? "投资" : null;
    }
}
