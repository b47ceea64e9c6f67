using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Infrastructure;

/// <summary>Limits every uploaded workbook must respect (section "Uploads" of the configuration).</summary>
public sealed class XlsxUploadOptions
{
    public const string Section = "Uploads";

    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    public int MaxRows { get; set; } = 200_000;

    /// <summary>All entries of the zip together, once unpacked: a 200,000-row sheet is well under this.</summary>
    public long MaxUncompressedBytes { get; set; } = 400L * 1024 * 1024;

    public int MaxEntries { get; set; } = 1_000;

    /// <summary>Real sheets deflate 5–30×; a zip bomb deflates thousands of times. Checked for entries over 1 MB.</summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Imports running at once in this process (one per account in any case): <see cref="ImportGate"/>.</summary>
    public int MaxConcurrentImports { get; set; } = 2;

    /// <summary>Imports one account may run at once.</summary>
    public int MaxImportsPerAccount { get; set; } = 1;
}

/// <summary>An accepted upload (its bytes), or the refusal to answer with.</summary>
public sealed record Upload(byte[]? Content, ProblemHttpResult? Refusal);

/// <summary>
/// The checks every workbook upload passes before anything parses it: size, "is it really an
/// xlsx" by its content (a zip with the workbook parts, not a renamed file), and a zip-bomb
/// guard that unpacks nothing into memory. The row limit is checked while reading the sheet
/// (<see cref="XlsxReader"/>). A refusal changes nothing.
/// </summary>
public static class XlsxUpload
{
    // Room for the multipart boundaries and part headers around the file itself.
    private const long FormOverhead = 64 * 1024;
    private const long RatioCheckedFrom = 1024 * 1024;

    public static async Task<Upload> ReadAsync(HttpRequest request, XlsxUploadOptions options, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var limit = options.MaxBytes + FormOverhead;
        if (request.ContentLength > limit)
        {
            return Refuse(TooLarge(t, options));
        }

        if (!request.HasFormContentType)
        {
            return Refuse(Bad(t, "Import.NoFile"));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(TooLarge(t, options));
        }
        catch (InvalidDataException e)
        {
            // Without a Content-Length the size is only known once the form reader hits its limit.
            return Refuse(e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? TooLarge(t, options) : Bad(t, "Import.NoFile"));
        }

        return await ReadFileAsync(form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null), options, t, ct);
    }

    /// <summary>The checks for a file already received (the import page's form).</summary>
    public static async Task<Upload> ReadFileAsync(IFormFile? file, XlsxUploadOptions options, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Refuse(Bad(t, "Import.NoFile"));
        }

        if (file.Length > options.MaxBytes)
        {
            return Refuse(TooLarge(t, options));
        }

        // Read straight into an array of the file's size (no second copy of up to 20 MB).
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        return Check(content, options) is { } key ? Refuse(Bad(t, key)) : new Upload(content, null);
    }

    /// <summary>Null when the bytes are a plausible, safe xlsx; else the resource key of the refusal.</summary>
    public static string? Check(byte[] content, XlsxUploadOptions options)
    {
        if (content.Length < 4 || content[0] != 'P' || content[1] != 'K' || content[2] != 3 || content[3] != 4)
        {
            return "Import.NotXlsx";
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!names.Contains("[Content_Types].xml") || !names.Contains("xl/workbook.xml"))
            {
                return "Import.NotXlsx";
            }

            if (zip.Entries.Count > options.MaxEntries)
            {
                return "Import.ZipBomb";
            }

            // First the sizes the archive declares (free), then the bytes it really unpacks to,
            // counted through a streaming read: a forged directory cannot get past both.
            if (zip.Entries.Sum(e => e.Length) > options.MaxUncompressedBytes
                || zip.Entries.Any(e => e.Length > RatioCheckedFrom && e.Length > e.CompressedLength * options.MaxCompressionRatio))
            {
                return "Import.ZipBomb";
            }

            return UnpackedSizeWithin(zip, options) ? null : "Import.ZipBomb";
        }
        catch (InvalidDataException)
        {
            return "Import.NotXlsx";
        }
    }

    private static bool UnpackedSizeWithin(ZipArchive zip, XlsxUploadOptions options)
    {
        var budget = options.MaxUncompressedBytes;
        var chunk = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            long entryBytes = 0;
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                entryBytes += read;
                budget -= read;
                if (budget < 0 || (entryBytes > RatioCheckedFrom && entryBytes > entry.CompressedLength * options.MaxCompressionRatio))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static ProblemHttpResult TooManyRows(IStringLocalizer<SharedResource> t, XlsxUploadOptions options) =>
        TypedResults.Problem(title: t["Import.TooManyRows", options.MaxRows], statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult TooLarge(IStringLocalizer<SharedResource> t, XlsxUploadOptions options) =>
        TypedResults.Problem(title: t["Import.TooLarge", options.MaxBytes / (1024 * 1024)], statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult Bad(IStringLocalizer<SharedResource> t, string key) =>
        TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status400BadRequest);

    private static Upload Refuse(ProblemHttpResult problem) => new(null, problem);
}
