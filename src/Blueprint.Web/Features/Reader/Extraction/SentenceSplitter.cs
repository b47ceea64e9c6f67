namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// Splits a report into numbered sentences at 。！？；and line breaks, keeping offsets into the
/// original text. A quotation is not split inside: news reports quote a speaker ("“…。”安岳县委书记…表示")
/// and the unit that makes the quote a unit's statement only comes after the closing mark.
/// </summary>
public static class SentenceSplitter
{
    // A quote that never closes must not swallow the rest of the document.
    private const int MaxQuoteLength = 400;

    public static IReadOnlyList<ReaderSentence> Split(string text)
    {
        var normalised = TextNormaliser.Normalise(text);
        var sentences = new List<ReaderSentence>();
        var start = 0;
        var quoteStart = -1;
        for (var i = 0; i < normalised.Length; i++)
        {
            var c = normalised[i];
            if (c == '\n' || c == '\r')
            {
                Add(text, start, i, sentences);
                start = i + 1;
                quoteStart = -1;
                continue;
            }
            if (c == '“')
            {
                quoteStart = i;
            }
            else if (c == '”')
            {
                quoteStart = -1;
            }
            if (quoteStart >= 0 && i - quoteStart > MaxQuoteLength)
            {
                quoteStart = -1;
            }
            if (quoteStart < 0 && IsEnd(c))
            {
                // A closing quote or bracket right after the stop belongs to this sentence.
                var end = i + 1;
                while (end < normalised.Length && normalised[end] is '”' or '’' or ')' or '」')
                {
                    end++;
                }
                Add(text, start, end, sentences);
                start = end;
                i = end - 1;
            }
        }
        Add(text, start, normalised.Length, sentences);
        return sentences;
    }

    private static bool IsEnd(char c) => c is '。' or '!' or '?' or ';';

    private static void Add(string text, int start, int end, List<ReaderSentence> sentences)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        if (end > start)
        {
            sentences.Add(new ReaderSentence(sentences.Count + 1, start, text[start..end]));
        }
    }
}
