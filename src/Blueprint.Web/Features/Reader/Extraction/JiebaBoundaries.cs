using JiebaNet.Segmenter;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// Experiment (issue 18 item 4): word boundaries from jieba.NET, with the standard indicators' names as a custom
/// lexicon. A name the reader reads back to a stop word (a project's, an indicator's) starts at a word boundary:
/// when its start falls inside a word, the start moves to that word's end. On only when BLUEPRINT_READER_JIEBA=1.
/// </summary>
public static class JiebaBoundaries
{
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("BLUEPRINT_READER_JIEBA") == "1";

    private static readonly Lazy<JiebaSegmenter> Segmenter = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "Resources", "Jieba");
        var segmenter = new JiebaSegmenter();
        foreach (var form in StandardIndicators.AllNames)
        {
            segmenter.AddWord(form);
        }
        return segmenter;
    });

    /// <summary>The first word boundary at or after <paramref name="start"/> and before <paramref name="end"/>, else <paramref name="start"/>.</summary>
    public static int Snap(string text, int start, int end)
    {
        if (!Enabled || start <= 0 || start >= end)
        {
            return start;
        }
        var at = 0;
        foreach (var token in Segmenter.Value.Tokenize(text))
        {
            at = token.StartIndex;
            if (at >= start)
            {
                return at < end ? at : start;
            }
        }
        return start;
    }
}
