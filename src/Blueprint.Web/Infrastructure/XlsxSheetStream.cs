using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Blueprint.Web.Infrastructure;

/// <summary>
/// Reads the rows of one sheet of an xlsx as a stream of cells, straight from the sheet's XML
/// (ECMA-376 SpreadsheetML): shared strings, inline strings, numbers, booleans, formula results,
/// and numbers in a date format as <see cref="DateTime"/> — the values <see cref="XlsxCells"/>
/// takes. MiniExcel's reader allocated about 18 KB per row (3.7 GB for a 200,000-row sheet,
/// which is what made one maximum-size import take a node 270 MB above idle); this one
/// allocates the cells it returns and little else (issue 17, item 8; decision 0035).
/// No DTD is processed (XXE and entity expansion are refused as unreadable).
/// </summary>
public static class XlsxSheetStream
{
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>The workbook's sheet names, in the order the workbook lists them.</summary>
    public static IReadOnlyList<string> SheetNames(ZipArchive zip) => [.. Sheets(zip).Select(s => s.Name)];

    /// <summary>
    /// The non-empty rows of the sheet named <paramref name="sheetName"/> (the first sheet when
    /// no sheet has that name): the row number as Excel shows it, and the cells by column letter.
    /// </summary>
    public static IEnumerable<(int Number, IReadOnlyDictionary<string, object?> Cells)> Rows(ZipArchive zip, string sheetName)
    {
        var sheets = Sheets(zip);
        var sheet = sheets.FirstOrDefault(s => s.Name == sheetName) ?? sheets.FirstOrDefault();
        if (sheet is null || zip.GetEntry(sheet.Path) is not { } entry)
        {
            yield break;
        }

        var shared = SharedStrings(zip);
        var dates = DateStyles(zip);
        using var reader = XmlReader.Create(entry.Open(), Settings);
        var number = 0;
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            number = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : number + 1;
            if (reader.IsEmptyElement)
            {
                continue;
            }

            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            var column = 0;
            var rowDepth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == rowDepth))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
                {
                    continue;
                }

                column = ColumnOf(reader.GetAttribute("r")) ?? column + 1;
                var value = Cell(reader, shared, dates, text);
                if (value is not null)
                {
                    cells[Letters(column)] = value;
                }
            }

            if (cells.Count > 0)
            {
                yield return (number, cells);
            }
        }
    }

    /// <summary>The value of the cell the reader is on (a <c>c</c> element); the reader ends on its end.</summary>
    private static object? Cell(XmlReader reader, List<string> shared, HashSet<int> dates, StringBuilder text)
    {
        var type = reader.GetAttribute("t");
        var dated = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var style) && dates.Contains(style);
        if (reader.IsEmptyElement)
        {
            return null;
        }

        string? raw = null;
        text.Clear();
        var inline = false;
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "v":
                        raw = reader.ReadElementContentAsString();
                        continue;
                    case "is":
                        inline = true;
                        break;
                    case "t" when inline:
                        text.Append(reader.ReadElementContentAsString());
                        continue;
                    case "rPh" or "f" or "extLst":
                        reader.Skip();
                        continue;
                }
            }

            reader.Read();
        }

        return type switch
        {
            "inlineStr" => text.Length == 0 ? null : text.ToString(),
            "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : null,
            "b" => raw is null ? null : raw == "1",
            "str" or "e" => raw,
            "d" => DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? d : raw,
            _ => string.IsNullOrEmpty(raw) ? null
                : !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? raw
                : dated && n is >= 0 and < 2958466 ? DateTime.FromOADate(n)
                : n,
        };
    }

    private sealed record Sheet(string Name, string Path);

    private static List<Sheet> Sheets(ZipArchive zip)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, target) in Elements(zip, "xl/_rels/workbook.xml.rels", "Relationship", r => (r.GetAttribute("Id"), r.GetAttribute("Target"))))
        {
            if (id is not null && target is not null)
            {
                targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
            }
        }

        return [.. Elements(zip, "xl/workbook.xml", "sheet", s => (Name: s.GetAttribute("name"), Id: s.GetAttribute("id", Relationships)))
            .Where(s => s.Name is not null && s.Id is not null && targets.ContainsKey(s.Id))
            .Select(s => new Sheet(s.Name!, targets[s.Id!]))];
    }

    /// <summary>The shared string table: each entry's text runs joined, phonetic runs (rPh) left out.</summary>
    private static List<string> SharedStrings(ZipArchive zip)
    {
        var strings = new List<string>();
        if (zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            return strings;
        }

        using var reader = XmlReader.Create(entry.Open(), Settings);
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si")
            {
                continue;
            }

            text.Clear();
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                reader.Read();
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
                    {
                        text.Append(reader.ReadElementContentAsString());
                        continue;
                    }

                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
                    {
                        reader.Skip();
                        continue;
                    }

                    reader.Read();
                }
            }

            strings.Add(text.ToString());
        }

        return strings;
    }

    /// <summary>The cell styles (indexes into cellXfs) whose number format is a date or time.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var formats = Elements(zip, "xl/styles.xml", "numFmt", f => (Id: f.GetAttribute("numFmtId"), Code: f.GetAttribute("formatCode")))
            .Where(f => f.Id is not null)
            .ToDictionary(f => int.Parse(f.Id!, CultureInfo.InvariantCulture), f => f.Code ?? "");
        var styles = new HashSet<int>();
        if (zip.GetEntry("xl/styles.xml") is not { } entry)
        {
            return styles;
        }

        using var reader = XmlReader.Create(entry.Open(), Settings);
        if (!reader.ReadToFollowing("cellXfs") || reader.IsEmptyElement)
        {
            return styles;
        }

        var index = 0;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "xf" && reader.Depth == depth + 1)
            {
                var id = int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                if (IsDateFormat(id, formats.GetValueOrDefault(id)))
                {
                    styles.Add(index);
                }

                index++;
            }
        }

        return styles;
    }

    /// <summary>Excel's built-in date and time formats (14–22, 45–47, and the East Asian 27–36, 50–58), or a custom code with date or time parts outside quotes and brackets.</summary>
    public static bool IsDateFormat(int id, string? code)
    {
        if (id is (>= 14 and <= 22) or (>= 45 and <= 47) or (>= 27 and <= 36) or (>= 50 and <= 58))
        {
            return true;
        }

        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '[')
            {
                bracket = true;
            }
            else if (!quoted && c == ']')
            {
                bracket = false;
            }
            else if (!quoted && !bracket && "yYmMdDhHsS".Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<T> Elements<T>(ZipArchive zip, string path, string name, Func<XmlReader, T> read)
    {
        if (zip.GetEntry(path) is not { } entry)
        {
            yield break;
        }

        using var reader = XmlReader.Create(entry.Open(), Settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == name)
            {
                yield return read(reader);
            }
        }
    }

    /// <summary>The 1-based column of a cell reference ("AB12" → 28), or null when it has none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
            }
            else
            {
                break;
            }
        }

        return column == 0 ? null : column;
    }

    private static readonly string[] FirstLetters = [.. Enumerable.Range(1, 64).Select(Build)];

    private static string Letters(int column) => column <= FirstLetters.Length ? FirstLetters[column - 1] : Build(column);

    private static string Build(int column)
    {
        var letters = new StringBuilder();
        while (column > 0)
        {
            var rest = (column - 1) % 26;
            letters.Insert(0, (char)('A' + rest));
            column = (column - 1) / 26;
        }

        return letters.ToString();
    }
}
