using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Blueprint.Web.Features.Reader;

/// <summary>
/// The text of an uploaded report. The type is judged by the bytes, not the name alone: a .docx
/// must be a zip holding a Word document, a .txt must be UTF-8 text or, as files saved by older
/// Chinese Windows tools are, GBK (read as GB18030, its superset). A renamed PDF or picture is
/// refused with a message, never half-read.
/// </summary>
public static class ReaderUpload
{
    /// <summary>A work report is tens of kilobytes; 2 MB leaves room for a .docx with pictures.</summary>
    public const long MaxBytes = 2L * 1024 * 1024;

    // A .docx unpacks to a few times its size; a zip bomb to thousands of times.
    private const long MaxUnpackedBytes = 50L * 1024 * 1024;

    /// <summary>The text, or the resource key saying why the file is refused.</summary>
    public static (string? Text, string? ErrorKey) Read(string? fileName, byte[] content)
    {
        if (content.Length == 0)
        {
            return (null, "Reader.FileEmpty");
        }

        if (content.Length > MaxBytes)
        {
            return (null, "Reader.FileTooLarge");
        }

        var extension = Path.GetExtension(fileName ?? "").ToUpperInvariant();
        return extension switch
        {
            ".DOCX" => ReadDocx(content),
            ".TXT" => ReadText(content),
            _ => (null, "Reader.FileType"),
        };
    }

    // GB18030 (code page 54936) reads every GBK file; the provider ships with .NET, no registration needed.
    private static readonly Encoding Gb18030 =
        CodePagesEncodingProvider.Instance.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    private static (string?, string?) ReadText(byte[] content)
    {
        var text = Decode(new UTF8Encoding(false, throwOnInvalidBytes: true), content) ?? Decode(Gb18030, content);
        // Text files hold no control characters other than line breaks and tabs; binaries do.
        return text is null || text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            ? (null, "Reader.FileNotText")
            : (text.TrimStart('\uFEFF'), null);
    }

    private static string? Decode(Encoding encoding, byte[] content)
    {
        try
        {
            return encoding.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static (string?, string?) ReadDocx(byte[] content)
    {
        if (content.Length < 4 || content[0] != 'P' || content[1] != 'K' || content[2] != 3 || content[3] != 4)
        {
            return (null, "Reader.FileNotDocx");
        }

        try
        {
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                if (zip.GetEntry("word/document.xml") is null)
                {
                    return (null, "Reader.FileNotDocx");
                }

                if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
                {
                    return (null, "Reader.FileTooLarge");
                }
            }

            using var document = WordprocessingDocument.Open(new MemoryStream(content), false);
            var body = document.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                return (null, "Reader.FileNotDocx");
            }

            // One paragraph per line, so a heading never runs into the sentence after it.
            var text = string.Join('\n', body.Descendants<Paragraph>().Select(p => p.InnerText));
            return (text, null);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or IOException or System.Xml.XmlException)
        {
            return (null, "Reader.FileNotDocx");
        }
    }
}
