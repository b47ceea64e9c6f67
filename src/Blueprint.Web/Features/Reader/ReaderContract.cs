using System.Text.Json.Serialization;

namespace Blueprint.Web.Features.Reader;

// The contract between the report reader's extraction (pure rules over text, Features/Reader/Extraction)
// and the flow that stores documents, shows proposals and turns accepted ones into records
// (Features/Reader). Extraction knows nothing about the database: it is given the unit names and
// the report's year and answers with numbered sentences and proposal drafts.

/// <summary>A unit of the organisation tree as the reader matches it: its name, short name and aliases.</summary>
public sealed record ReaderUnit(int Id, string Name, IReadOnlyList<string> Aliases);

/// <summary>One sentence of the document, numbered from 1; <see cref="Start"/> is its offset in the whole text.</summary>
public sealed record ReaderSentence(int Number, int Start, string Text);

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProposalKind
{
    Milestone = 0,
    Target = 1,
    Project = 2,
    Problem = 3,
    Measure = 4,
}

/// <summary>
/// A piece of the sentence the reader read. <see cref="Start"/> is the offset in the sentence's text.
/// Role is one of: date, money, percent, count, unit, project, stage, target, problem, measure, indicator.
/// </summary>
public sealed record ReadSpan(int Start, int Length, string Role, string Text);

/// <summary>
/// What one sentence proposes. Only the fields that fit <see cref="Kind"/> are filled:
/// Milestone: Year, Month (Day when stated), Text, UnitIds (ProjectName when it names one);
/// Target: UnitIds, IndicatorName (e.g. 地区生产总值), Measure (增长 / 达到 …), Value, ValueUnit (%, 个, 亿元 …), Qualifier, Year;
/// Project: ProjectName, UnitIds, AmountYuan + AmountKind (总投资 / 计划投资 / 贷款), Stage (签约 / 开工 / 竣工 / 投产 …), Year, Month;
/// Problem and Measure: UnitIds, Text (the sentence or its clause).
/// Money is in whole 元 (7.52亿元 → 752_000_000). Qualifier keeps 余 / 超 / 近 / 约 / 以上 / 左右 / 不低于 when the text says so.
/// Actual is true for a figure the text reports as done (完成, 实现, 同比增长 in a review of a past year),
/// false for a goal (力争, 确保, 预计, 计划, 全年将); Year is then the year the figure describes or aims at.
/// UnitCandidates: the units a name in the sentence may mean (经开区 of two zones) when it names no unit for sure:
/// the user chooses, the reader never picks one.
/// Confidence is 0..1 and says how many of the kind's fields were read.
/// </summary>
public sealed record ProposalDraft(
    ProposalKind Kind,
    int SentenceNumber,
    double Confidence,
    IReadOnlyList<ReadSpan> Spans,
    string Text,
    IReadOnlyList<int> UnitIds,
    int? Year = null,
    int? Month = null,
    int? Day = null,
    string? IndicatorName = null,
    string? Measure = null,
    decimal? Value = null,
    string? ValueUnit = null,
    string? Qualifier = null,
    string? ProjectName = null,
    long? AmountYuan = null,
    string? AmountKind = null,
    string? Stage = null,
    bool? Actual = null,
    IReadOnlyList<int>? UnitCandidates = null);

public sealed record ReadResult(IReadOnlyList<ReaderSentence> Sentences, IReadOnlyList<ProposalDraft> Proposals);

/// <summary>Implemented by the extraction (Features/Reader/Extraction); registered as a singleton.</summary>
public interface IReportReader
{
    /// <summary>Reads <paramref name="text"/>; dates without a year take <paramref name="reportYear"/>.</summary>
    ReadResult Read(string text, int reportYear, IReadOnlyList<ReaderUnit> units);
}
