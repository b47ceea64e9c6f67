using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Blueprint.Web.Features.Reviews;

/// <summary>
/// The one gate every review text passes before it is stored: a strict allow-list of
/// paragraphs, headings, lists, tables and bold / italic / underline — no attribute but a
/// table cell's span, no style, no class, no URL of any kind, no foreign (SVG / MathML)
/// markup. What is outside the list is dropped; what merely wraps text (div, span, font, a …,
/// as pasted from Word or a web page) is unwrapped so the words survive.
/// </summary>
public static class ReviewHtml
{
    /// <summary>A section's stored size limit; a review is prose, not a data dump.</summary>
    public const int MaxLength = 200_000;

    private static readonly string[] AllowedTags =
        ["p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"];

    // Elements whose children are ordinary text worth keeping once the element itself goes.
    private static readonly HashSet<string> Unwrapped = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "span", "font", "a", "h1", "h5", "h6", "section", "article", "header", "footer", "main", "aside", "nav",
        "blockquote", "pre", "code", "sub", "sup", "small", "big", "mark", "s", "strike", "del", "ins", "abbr", "cite",
        "q", "dl", "dt", "dd", "caption", "tfoot", "center", "label", "html", "body", "o:p",
    };

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["colspan", "rowspan"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedSchemes = new HashSet<string>(),
            AllowedAtRules = new HashSet<CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
            UriAttributes = new HashSet<string>(),
        })
        {
            KeepChildNodes = true,
            AllowDataAttributes = false,
        };
        // A span must be a small number: anything else is removed with the attribute.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                foreach (var name in new[] { "colspan", "rowspan" })
                {
                    if (element.GetAttribute(name) is { } v && !(int.TryParse(v, out var n) && n is >= 1 and <= 50))
                    {
                        element.RemoveAttribute(name);
                    }
                }
            }
        };
        return sanitizer;
    }

    /// <summary>The safe form of <paramref name="html"/>; empty when nothing but markup or blanks was sent.</summary>
    public static string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        // First pass: drop, with everything inside them, the elements that are neither allowed
        // nor mere wrappers (script, style, svg, math, iframe, object, template, form …), so that
        // unwrapping never lifts their content (a script's code, an SVG's inner elements) into the text.
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var fragment = parser.ParseFragment(html, document.Body!);
        var container = document.CreateElement("div");
        foreach (var node in fragment.ToList())
        {
            container.AppendChild(node);
        }

        foreach (var element in container.QuerySelectorAll("*").ToList())
        {
            var name = element.LocalName;
            var known = AllowedTags.Contains(name) || Unwrapped.Contains(name);
            if (!known || element.NamespaceUri != AngleSharp.Dom.NamespaceNames.HtmlUri)
            {
                element.Remove();
            }
        }

        var clean = Sanitizer.Sanitize(container.InnerHtml).Trim();
        return IsBlank(clean) ? "" : clean;
    }

    /// <summary>True when the text holds no visible words (only tags, spaces, line breaks).</summary>
    public static bool IsBlank(string? html) => string.IsNullOrWhiteSpace(PlainText(html));

    /// <summary>The words of a section without markup, for lists, exports and search.</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var nodes = new HtmlParser().ParseFragment(html, document.Body!);
        return string.Join(" ", nodes.Select(n => n.TextContent)).Replace('\u00a0', ' ').Trim();
    }
}
