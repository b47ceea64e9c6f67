using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Web.Features.Reviews;

/// <summary>
/// Turns a section's sanitised HTML (see <see cref="ReviewHtml"/>: paragraphs, headings, lists,
/// tables, bold / italic / underline) into Word paragraphs, numbered lists and tables. Only the
/// allow-listed elements are handled; anything else contributes its text, so nothing is lost
/// even if the allow-list grows before this does.
/// </summary>
internal sealed class ReviewWordBody(Func<bool, int> newList)
{
    /// <summary>Word elements for one section, headings inside it placed one level below <paramref name="headingLevel"/>.</summary>
    public IEnumerable<OpenXmlElement> Convert(string html, int headingLevel)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");
        document.Body!.InnerHtml = html;
        var output = new List<OpenXmlElement>();
        Blocks(document.Body.ChildNodes, output, headingLevel);
        return output;
    }

    private void Blocks(INodeList nodes, List<OpenXmlElement> output, int headingLevel)
    {
        List<Run>? loose = null;
        foreach (var node in nodes)
        {
            if (node is IElement { LocalName: "p" or "h2" or "h3" or "h4" or "ul" or "ol" or "table" } block)
            {
                Flush(ref loose, output);
                Block(block, output, headingLevel);
            }
            else
            {
                // Text or inline markup directly in the section: gathered into one paragraph.
                (loose ??= []).AddRange(Runs(node, default));
            }
        }

        Flush(ref loose, output);
    }

    private void Block(IElement element, List<OpenXmlElement> output, int headingLevel)
    {
        switch (element.LocalName)
        {
            case "p":
                output.Add(Paragraph(null, Runs(element, default)));
                break;
            case "h2" or "h3" or "h4":
                var level = Math.Min(headingLevel + element.LocalName[1] - '1', 4);
                output.Add(Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), Runs(element, default)));
                break;
            case "ul" or "ol":
                List(element, output, 0);
                break;
            case "table":
                output.Add(Table(element, headingLevel));
                output.Add(new Paragraph());
                break;
        }
    }

    private void List(IElement list, List<OpenXmlElement> output, int depth)
    {
        var numberingId = newList(list.LocalName == "ol");
        foreach (var item in list.Children.Where(c => c.LocalName == "li"))
        {
            var runs = item.ChildNodes.Where(n => n is not IElement { LocalName: "ul" or "ol" }).SelectMany(n => Runs(n, default)).ToList();
            output.Add(Paragraph(new ParagraphProperties(
                new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = Math.Min(depth, 8) }, new NumberingId { Val = numberingId })), runs));
            foreach (var nested in item.Children.Where(c => c.LocalName is "ul" or "ol"))
            {
                List(nested, output, depth + 1);
            }
        }
    }

    private Table Table(IElement table, int headingLevel)
    {
        static BorderType Line<TBorder>() where TBorder : BorderType, new() => new TBorder { Val = BorderValues.Single, Size = 4U, Color = "000000" };
        var word = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>())));
        var rows = table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table).ToList();
        var columns = Math.Max(1, rows.Select(r => r.Children.Count(c => c.LocalName is "td" or "th")).DefaultIfEmpty(1).Max());
        word.Append(new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = (9000 / columns).ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        foreach (var row in rows)
        {
            var wordRow = new TableRow();
            foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
            {
                var content = new List<OpenXmlElement>();
                Blocks(cell.ChildNodes, content, headingLevel);
                var header = cell.LocalName == "th";
                if (header)
                {
                    foreach (var run in content.SelectMany(c => c.Descendants<Run>()))
                    {
                        run.RunProperties ??= new RunProperties();
                        run.RunProperties.Bold ??= new Bold();
                    }
                }

                var properties = new TableCellProperties();
                if (int.TryParse(cell.GetAttribute("colspan"), out var span) && span > 1)
                {
                    properties.Append(new GridSpan { Val = span });
                }

                // Word requires every cell to end with a paragraph.
                if (content.Count == 0 || content[^1] is not DocumentFormat.OpenXml.Wordprocessing.Paragraph)
                {
                    content.Add(new Paragraph());
                }

                wordRow.Append(new TableCell([properties, .. content]));
            }

            word.Append(wordRow);
        }

        return word;
    }

    private static IEnumerable<Run> Runs(INode node, (bool Bold, bool Italic, bool Underline) style)
    {
        switch (node)
        {
            case IText text when text.Data.Length > 0:
                yield return Run(text.Data, style);
                break;
            case IElement { LocalName: "br" }:
                yield return new Run(new Break());
                break;
            case IElement element:
                var inner = element.LocalName switch
                {
                    "strong" or "b" => style with { Bold = true },
                    "em" or "i" => style with { Italic = true },
                    "u" => style with { Underline = true },
                    _ => style,
                };
                foreach (var child in element.ChildNodes)
                {
                    foreach (var run in Runs(child, inner))
                    {
                        yield return run;
                    }
                }

                break;
        }
    }

    private static Run Run(string text, (bool Bold, bool Italic, bool Underline) style)
    {
        var properties = new RunProperties();
        if (style.Bold)
        {
            properties.Append(new Bold());
        }

        if (style.Italic)
        {
            properties.Append(new Italic());
        }

        if (style.Underline)
        {
            properties.Append(new Underline { Val = UnderlineValues.Single });
        }

        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Paragraph Paragraph(ParagraphProperties? properties, IEnumerable<Run> runs)
    {
        var paragraph = new Paragraph();
        if (properties is not null)
        {
            paragraph.Append(properties);
        }

        paragraph.Append(runs);
        return paragraph;
    }

    private static void Flush(ref List<Run>? loose, List<OpenXmlElement> output)
    {
        if (loose is { Count: > 0 } && loose.Any(r => r.InnerText.Trim().Length > 0))
        {
            output.Add(Paragraph(null, loose));
        }

        loose = null;
    }
}
