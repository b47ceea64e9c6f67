namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>
/// Maps full-width digits, letters and punctuation (０-９, ％, ，, （ …) to their ASCII forms,
/// one character for one character, so that every offset the recognisers find in the normalised
/// text is also the offset in the original text the user sees highlighted.
/// </summary>
public static class TextNormaliser
{
    public static string Normalise(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Map(source[i]);
            }
        });
    }

    public static char Map(char c) => c switch
    {
        // The full-width ASCII block (！ to ～) sits at a fixed distance from ASCII.
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        // Dashes used in ranges (8%—10%) all read as one range sign.
        '\u2014' or '\u2013' or '\u2012' or '\u2015' => '-',
        _ => c,
    };
}
