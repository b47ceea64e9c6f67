using System.Text.RegularExpressions;

namespace Blueprint.Tests.Infrastructure;

/// <summary>
/// A stylesheet with an unclosed block silently nests every later rule under the open selector
/// (CSS nesting), so those rules never apply: a merge once left a media query open and the last
/// hundred lines of app.css did nothing. Every block must close, outside comments and strings.
/// </summary>
public sealed partial class StylesheetTests
{
    [GeneratedRegex(@"/\*.*?\*/|""[^""]*""|'[^']*'", RegexOptions.Singleline)]
    private static partial Regex CommentsAndStrings();

    [Fact]
    public void Every_stylesheet_closes_every_block()
    {
        var sheets = Directory.GetFiles(RepositoryFiles.Path("src", "Blueprint.Web", "wwwroot", "css"), "*.css");
        Assert.NotEmpty(sheets);
        foreach (var sheet in sheets)
        {
            var text = CommentsAndStrings().Replace(File.ReadAllText(sheet), "");
            var depth = 0;
            foreach (var c in text)
            {
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                Assert.True(depth >= 0, $"{Path.GetFileName(sheet)}: a '}}' closes nothing");
            }

            Assert.True(depth == 0, $"{Path.GetFileName(sheet)}: {depth} block(s) left open");
        }
    }
}
