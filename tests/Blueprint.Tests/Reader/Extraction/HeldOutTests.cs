using System.Text.RegularExpressions;
using Blueprint.Tests.Infrastructure;

namespace Blueprint.Tests.Reader.Extraction;

/// <summary>
/// The held-out half of the corpus (Corpus/HeldOut) measures the reader on text no rule was tuned
/// on. This keeps it so: a phrase of three or more Chinese characters written in a string of the
/// extraction rules (Features/Reader/Extraction) that occurs in a held-out text must also occur in a
/// development text, or be one of the standard indicators' names and short forms (StandardIndicators:
/// the 主要预期目标 of any 政府工作报告, not words picked from a report).
/// </summary>
public sealed partial class HeldOutTests
{
    [GeneratedRegex(@"@?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"[\u3400-\u9fff]{3,}")]
    private static partial Regex ChinesePhrase();

    // Words the rules had before the held-out half was written (commit 481a0eb): generic, not tuned on it.
    private static readonly string[] PredatingHeldOut = ["不平衡"];

    [Fact]
    public void No_rule_names_a_phrase_only_the_held_out_half_has()
    {
        var development = Corpus.Half(CorpusHalf.Development).Select(Corpus.Read).ToList();
        var heldOut = Corpus.Half(CorpusHalf.HeldOut).ToDictionary(n => n, Corpus.Read);
        var standard = Blueprint.Web.Features.Reader.Extraction.StandardIndicators.AllNames;
        var rules = Directory.GetFiles(RepositoryFiles.Path("src", "Blueprint.Web", "Features", "Reader", "Extraction"), "*.cs");
        Assert.NotEmpty(rules);
        var leaks = new List<string>();
        foreach (var file in rules)
        {
            // Comments are not rules: only the strings of the code are scanned.
            var code = string.Join('\n', File.ReadAllLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            var phrases = StringLiteral().Matches(code)
                .SelectMany(l => ChinesePhrase().Matches(l.Value).Select(p => p.Value)).Distinct();
            foreach (var phrase in phrases)
            {
                var inHeldOut = heldOut.Where(h => h.Value.Contains(phrase, StringComparison.Ordinal)).Select(h => h.Key).ToList();
                if (inHeldOut.Count > 0 && !development.Any(d => d.Contains(phrase, StringComparison.Ordinal)) && !standard.Contains(phrase)
                    && !PredatingHeldOut.Contains(phrase))
                {
                    leaks.Add($"{Path.GetFileName(file)}: \"{phrase}\" occurs only in {string.Join(", ", inHeldOut)}");
                }
            }
        }
        Assert.True(leaks.Count == 0, "Rules tuned on the held-out half:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public void Both_halves_have_texts_of_every_genre_and_at_least_twelve_in_all()
    {
        var dev = Corpus.Half(CorpusHalf.Development);
        var held = Corpus.Half(CorpusHalf.HeldOut);
        Assert.True(dev.Count + held.Count >= 12, $"{dev.Count} + {held.Count} texts");
        Assert.True(held.Count >= 6, $"{held.Count} held-out texts");
        string[] genres = ["政府工作报告", "重点项目推进情况通报", "督查通报", "工作会议报道"];
        foreach (var half in new[] { dev, held })
        {
            var present = half.Select(r => Corpus.Expected(r).Genre).ToHashSet();
            Assert.All(genres, g => Assert.Contains(g, present));
        }
        Assert.True(held.Select(r => Corpus.Expected(r).Place).Distinct().Count() >= 5);
    }
}
