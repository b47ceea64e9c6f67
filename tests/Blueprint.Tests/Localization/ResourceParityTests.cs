using System.Text.RegularExpressions;
using System.Xml.Linq;
using Blueprint.Tests.Infrastructure;

namespace Blueprint.Tests.Localization;

/// <summary>
/// Every page is in Chinese and in English: each text has both, neither is empty, and both take
/// the same format arguments (a missing {1} in one language would drop a figure silently).
/// </summary>
public sealed partial class ResourceParityTests
{
    private static Dictionary<string, string> Read(string file)
    {
        var path = RepositoryFiles.Path("src", "Blueprint.Web", "Resources", file);
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");
    }

    [GeneratedRegex(@"\{(\d+)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();

    private static string Arguments(string text) =>
        string.Join(",", Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void Chinese_and_English_have_the_same_texts_with_the_same_arguments()
    {
        var zh = Read("SharedResource.resx");
        var en = Read("SharedResource.en.resx");

        Assert.True(zh.Count > 1000, $"read {zh.Count} Chinese texts");
        Assert.Empty(zh.Keys.Except(en.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(en.Keys.Except(zh.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(zh.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => "zh " + p.Key)
            .Concat(en.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => "en " + p.Key)));
        Assert.Empty(zh.Keys.Where(k => Arguments(zh[k]) != Arguments(en[k])).Order(StringComparer.Ordinal));
    }
}
