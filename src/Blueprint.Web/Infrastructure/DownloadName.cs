using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// The names downloads are saved under: the document's own name from the resources, with the
/// period or day it covers, such as 重点项目推进情况通报（2023年12月）.docx.
/// <para>ASP.NET sends such a name twice in Content-Disposition (<c>TypedResults.File</c> and
/// <see cref="XlsxFileResult"/> both call <c>SetHttpFileName</c>): <c>filename*=UTF-8''…</c>
/// (RFC 5987/6266, what every current browser reads) and an ASCII <c>filename="…"</c> fallback
/// with '_' for each other character, so an old client still saves a file with the right extension.</para>
/// </summary>
public static class DownloadName
{
    // Characters that Windows refuses in a file name; a campaign title typed by a user may hold one.
    private static readonly char[] Refused = ['\\', '/', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>The resource <paramref name="key"/> formatted with <paramref name="args"/> (dates by the resource's own pattern), plus the extension.</summary>
    public static string Of(IStringLocalizer t, string key, string extension, params object[] args)
    {
        var clean = string.Concat(Title(t, key, args).Select(c => char.IsControl(c) || Array.IndexOf(Refused, c) >= 0 ? '_' : c)).Trim();
        return clean + extension;
    }

    /// <summary>The same name as a title (a spreadsheet's title row): formatted, nothing replaced.</summary>
    public static string Title(IStringLocalizer t, string key, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, t[key].Value, args);
}
