using System.Text.Json;
using Blueprint.Web.Features.Reader;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>One proposal a person expects from a report: its kind, sentence and key field (month, value or project name).</summary>
public sealed record ExpectedProposal(string Kind, int Sentence, string? Key);

public sealed record ExpectedFile(int ReportYear, List<ExpectedProposal> Expected);

/// <summary>The reports under Corpus/, copied next to the test assembly, with their hand-written expected proposals.</summary>
public static class Corpus
{
    public static readonly string[] Reports =
    [
        "ziyang-2023-work-conference",
        "ziyang-2024-key-projects-meeting",
        "lezhi-2024-government-work-report",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The report's text. Lines starting with '#' are our notes on the file (who wrote it, why), not the report.</summary>
    public static string Read(string name) =>
        string.Join('\n', File.ReadAllLines(PathOf(name + ".txt")).Where(l => !l.StartsWith('#')));

    public static ExpectedFile Expected(string name) =>
        JsonSerializer.Deserialize<ExpectedFile>(File.ReadAllText(PathOf(name + ".expected.json")), Json)!;

    public static IReadOnlyList<ReaderUnit> Units => DemoReaderUnits.All;

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Reader", "Extraction", "Corpus", file);
}
