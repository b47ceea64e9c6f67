using System.Text.Json;
using Blueprint.Web.Features.Reader;
using Blueprint.Web.Features.Reader.Extraction;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>
/// One proposal a person expects from a report: its kind, its sentence (by number, or found by
/// <see cref="Source"/>, a piece of the sentence's text) and its key field (month, value or project
/// name). The other fields say what a reviewer would accept: the figure's type (money, count, rate,
/// range), the indicator or project name, the value's unit, the qualifier (以上 / 左右 / 不少于 …),
/// whether the figure is a result (<see cref="Actual"/> true) or a target, and the year it belongs to.
/// </summary>
public sealed record ExpectedProposal(
    string Kind, int Sentence, string? Key, string? Source = null, string? Figure = null, string? Name = null, string? Unit = null,
    string? Qualifier = null, bool? Actual = null, int? Year = null)
{
    public override string ToString() => $"{Kind} #{Sentence} {Key} {Source}";
}

public sealed record ExpectedFile(int ReportYear, List<ExpectedProposal> Expected, string? Genre = null, string? Place = null);

/// <summary>The two halves of the corpus: rules are tuned on the development half only.</summary>
public enum CorpusHalf
{
    Development,
    HeldOut,
}

/// <summary>
/// The reports under Corpus/ (the development half) and Corpus/HeldOut/ (the held-out half, which no
/// rule is tuned on: see HeldOutTests), copied next to the test assembly, with their hand-written
/// expected proposals.
/// </summary>
public static class Corpus
{
    /// <summary>The three texts the rules were first written on; PrecisionRecallTests keeps a floor for each.</summary>
    public static readonly string[] Reports =
    [
        "ziyang-2023-work-conference",
        "ziyang-2024-key-projects-meeting",
        "lezhi-2024-government-work-report",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The reports of one half, by name (held-out names start with "HeldOut/").</summary>
    public static IReadOnlyList<string> Half(CorpusHalf half)
    {
        var folder = half == CorpusHalf.HeldOut ? PathOf("HeldOut") : PathOf("");
        var prefix = half == CorpusHalf.HeldOut ? "HeldOut/" : "";
        return Directory.GetFiles(folder, "*.expected.json")
            .Select(f => prefix + Path.GetFileName(f)[..^".expected.json".Length])
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The report's text. Lines starting with '#' are our notes on the file (who wrote it, why), not the report.</summary>
    public static string Read(string name) =>
        string.Join('\n', File.ReadAllLines(PathOf(name + ".txt")).Where(l => !l.StartsWith('#')));

    /// <summary>The expected proposals, each with its sentence number (found from its source text when not given).</summary>
    public static ExpectedFile Expected(string name)
    {
        var file = JsonSerializer.Deserialize<ExpectedFile>(File.ReadAllText(PathOf(name + ".expected.json")), Json)!;
        if (file.Expected.All(e => e.Sentence > 0))
        {
            return file;
        }
        var sentences = SentenceSplitter.Split(Read(name));
        var resolved = file.Expected.Select(e => e.Sentence > 0 ? e : e with
        {
            Sentence = sentences.FirstOrDefault(s => s.Text.Contains(e.Source!, StringComparison.Ordinal))?.Number
                ?? throw new InvalidOperationException($"{name}: no sentence contains \"{e.Source}\""),
        }).ToList();
        return file with { Expected = resolved };
    }

    public static IReadOnlyList<ReaderUnit> Units => DemoReaderUnits.All;

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Reader", "Extraction", "Corpus", file);
}
