using System.IO.Compression;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// A file attached to an item (the instruction, a report, a photo). The bytes live in the
/// database so that a backup is complete and every web node serves the same file.
/// <see cref="UnitId"/> is the unit the uploader acted for (see <see cref="SupervisionAccess"/>).
/// </summary>
public sealed class SupervisionAttachment : IUnitOwned
{
    public int Id { get; set; }
    public int SupervisionItemId { get; set; }
    public SupervisionItem? Item { get; set; }
    public int UnitId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
    public int UploadedById { get; set; }
    public DateTime UploadedAtUtc { get; set; }
}

internal sealed class SupervisionAttachmentConfiguration : IEntityTypeConfiguration<SupervisionAttachment>
{
    public void Configure(EntityTypeBuilder<SupervisionAttachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.HasIndex(a => a.SupervisionItemId);
        b.HasOne(a => a.Item).WithMany().HasForeignKey(a => a.SupervisionItemId);
    }
}

/// <summary>
/// What an attachment may be: at most 10 MB, and a PDF, Word or Excel file or a JPEG or PNG
/// picture — judged by the bytes, since a renamed .exe keeps its extension's promise only in name.
/// </summary>
public static class AttachmentRules
{
    public const long MaxBytes = 10L * 1024 * 1024;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
    };

    /// <summary>Null when acceptable (with the content type to store), else the resource key of the refusal.</summary>
    public static (string? ContentType, string? Error) Check(string fileName, byte[] content)
    {
        if (content.Length == 0)
        {
            return (null, "Supervision.Attachment.Empty");
        }

        if (content.LongLength > MaxBytes)
        {
            return (null, "Supervision.Attachment.TooLarge");
        }

        var extension = Path.GetExtension(fileName);
        if (!Types.TryGetValue(extension, out var type))
        {
            return (null, "Supervision.Attachment.TypeNotAllowed");
        }

        return MatchesContent(extension.ToLowerInvariant(), content) ? (type, null) : (null, "Supervision.Attachment.ContentMismatch");
    }

    private static bool MatchesContent(string extension, byte[] c) => extension switch
    {
        ".pdf" => StartsWith(c, "%PDF-"u8),
        ".png" => StartsWith(c, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ".jpg" or ".jpeg" => StartsWith(c, [0xFF, 0xD8, 0xFF]),
        ".docx" => IsOfficeZip(c, "word/document.xml"),
        _ => IsOfficeZip(c, "xl/workbook.xml"),
    };

    private static bool StartsWith(byte[] content, ReadOnlySpan<byte> magic) => content.AsSpan().StartsWith(magic);

    /// <summary>An Office file is a zip holding its main part; a plain zip renamed .docx is not one.</summary>
    private static bool IsOfficeZip(byte[] content, string mainPart)
    {
        if (!StartsWith(content, "PK\u0003\u0004"u8))
        {
            return false;
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry(mainPart) is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>A name safe to store and to send back: no folders, bounded length.</summary>
    public static string CleanName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        if (name.Length <= 200)
        {
            return name.Length == 0 ? "file" : name;
        }

        var extension = Path.GetExtension(name);
        return name[..(200 - extension.Length)] + extension;
    }
}
