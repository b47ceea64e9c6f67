using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Infrastructure;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SkiaSharp;

namespace Blueprint.Web.Features.Projects;

/// <summary>A site photo as lists and the API show it (no bytes: those come from their own URLs).</summary>
public sealed record PhotoDto(
    int Id, int KeyProjectId, int Year, int Month, string FileName, string ContentType, long Size, int Width, int Height,
    DateTime? TakenAtUtc, double? Latitude, double? Longitude, int? DistanceMetres, bool NoExif, bool TakenEarly, bool FarAway, DateTime UploadedAtUtc);

/// <summary>What the EXIF of a picture says, as far as it says it.</summary>
public sealed record PhotoExif(DateTime? TakenLocal, double? Latitude, double? Longitude);

/// <summary>
/// 现场照片 (issue 21): up to nine per project-month, JPEG or PNG (a HEIC name is taken only when the
/// bytes are JPEG, as phones often save them), at most 10 MB, judged by the bytes; a thumbnail is
/// made on upload (SkiaSharp), the EXIF time and GPS read (MetadataExtractor), and the photo
/// flagged for the approver when taken long before the month or far from the project.
/// </summary>
public static class SitePhotos
{
    public const int MaxPerMonth = 9;
    public const long MaxBytes = 10L * 1024 * 1024;
    public const int MaxDaysBefore = 45;
    public const double MaxKilometres = 5;
    public const int ThumbnailSide = 320;

    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".heic", ".heif"];

    /// <summary>The content type to store, or the resource key of the refusal.</summary>
    public static (string? ContentType, string? Error) Check(string fileName, byte[] content)
    {
        if (content.Length == 0)
        {
            return (null, "Photo.Empty");
        }

        if (content.LongLength > MaxBytes)
        {
            return (null, "Photo.TooLarge");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            return (null, "Photo.TypeNotAllowed");
        }

        ReadOnlySpan<byte> jpeg = [0xFF, 0xD8, 0xFF];
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var isJpeg = content.AsSpan().StartsWith(jpeg);
        var isPng = content.AsSpan().StartsWith(png);
        return extension == ".png"
            ? isPng ? ("image/png", null) : (null, "Photo.ContentMismatch")
            : isJpeg ? ("image/jpeg", null) : (null, extension is ".heic" or ".heif" ? "Photo.HeicNotJpeg" : "Photo.ContentMismatch");
    }

    /// <summary>The EXIF time (DateTimeOriginal, else DateTime) and GPS position, when the picture carries them.</summary>
    public static PhotoExif ReadExif(byte[] content)
    {
        try
        {
            var directories = ImageMetadataReader.ReadMetadata(new MemoryStream(content, writable: false));
            DateTime? taken = null;
            foreach (var d in directories.OfType<ExifSubIfdDirectory>())
            {
                if (d.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var t))
                {
                    taken = t;
                    break;
                }
            }

            if (taken is null)
            {
                foreach (var d in directories.OfType<ExifIfd0Directory>())
                {
                    if (d.TryGetDateTime(ExifDirectoryBase.TagDateTime, out var t))
                    {
                        taken = t;
                        break;
                    }
                }
            }

            var place = directories.OfType<GpsDirectory>().Select(g => g.GetGeoLocation()).FirstOrDefault(g => g is { IsZero: false });
            return new PhotoExif(taken is { } local ? DateTime.SpecifyKind(local, DateTimeKind.Unspecified) : null, place?.Latitude, place?.Longitude);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException or MetadataException)
        {
            return new PhotoExif(null, null, null);
        }
    }

    /// <summary>A JPEG at most <see cref="ThumbnailSide"/> px on its long side, and the picture's size; null when the bytes do not decode.</summary>
    public static (byte[] Thumbnail, int Width, int Height)? Thumbnail(byte[] content)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null)
        {
            return null;
        }

        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null || bitmap.Width <= 0 || bitmap.Height <= 0)
        {
            return null;
        }

        var scale = Math.Min(1.0, (double)ThumbnailSide / Math.Max(bitmap.Width, bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);

        // PNG transparency lands on white, not black, in the JPEG thumbnail.
        using var surface = SKSurface.Create(info);
        using var source = SKImage.FromBitmap(bitmap);
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(source, SKRect.Create(info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return (data.ToArray(), bitmap.Width, bitmap.Height);
    }

    /// <summary>Great-circle distance in metres (WGS-84 mean radius).</summary>
    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6_371_000;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>The flags of a photo of a month, given its EXIF and the project's place.</summary>
    public static (PhotoFlags Flags, int? DistanceMetres, DateTime? TakenAtUtc) Judge(PhotoExif exif, int year, int month, double? projectLat, double? projectLon)
    {
        var flags = PhotoFlags.None;
        if (exif.TakenLocal is null && exif.Latitude is null)
        {
            flags |= PhotoFlags.NoExif;
        }

        // EXIF time has no zone: it is the phone's clock, read as the city's.
        DateTime? takenUtc = exif.TakenLocal is { } local ? DateTime.SpecifyKind(local - CityTime.Offset, DateTimeKind.Utc) : null;
        var monthStartUtc = CityTime.StartUtc(new DateOnly(year, month, 1));
        if (takenUtc is { } t && t < monthStartUtc.AddDays(-MaxDaysBefore))
        {
            flags |= PhotoFlags.TakenEarly;
        }

        int? distance = null;
        if (exif is { Latitude: { } la, Longitude: { } lo } && projectLat is { } pla && projectLon is { } plo)
        {
            distance = (int)Math.Round(DistanceMetres(la, lo, pla, plo));
            if (distance > MaxKilometres * 1000)
            {
                flags |= PhotoFlags.FarAway;
            }
        }

        return (flags, distance, takenUtc);
    }

    /// <summary>Unit reporters, unit leaders and the project office add photos, as they fill the report.</summary>
    public static bool IsFiller(CurrentUser user) =>
        user.IsInRole(Roles.UnitReporter) || user.IsInRole(Roles.UnitLeader) || user.IsInRole(Roles.ProjectOffice);

    /// <summary>Photos may change while the month's report is not yet sent (none, draft, returned).</summary>
    public static async Task<bool> MonthOpenAsync(BlueprintDb db, int projectId, int year, int month, CancellationToken ct)
    {
        var status = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.KeyProjectId == projectId && r.Year == year && r.Month == month && r.IsCurrent)
            .Select(r => (SubmissionStatus?)r.Status).FirstOrDefaultAsync(ct);
        return status is null or SubmissionStatus.Draft or SubmissionStatus.Returned;
    }

    public static readonly System.Linq.Expressions.Expression<Func<ProgressPhoto, PhotoDto>> AsDto = p => new PhotoDto(
        p.Id, p.KeyProjectId, p.Year, p.Month, p.FileName, p.ContentType, p.Size, p.Width, p.Height, p.TakenAtUtc, p.Latitude, p.Longitude,
        p.DistanceMetres, (p.Flags & PhotoFlags.NoExif) != 0, (p.Flags & PhotoFlags.TakenEarly) != 0, (p.Flags & PhotoFlags.FarAway) != 0, p.UploadedAtUtc);

    /// <summary>The photos of a project (one month, or all months newest first), in the user's scope.</summary>
    public static async Task<List<PhotoDto>> ListAsync(BlueprintDb db, int projectId, int? year, int? month, CancellationToken ct)
    {
        var query = db.Set<ProgressPhoto>().AsNoTracking().Where(p => p.KeyProjectId == projectId);
        query = year is null ? query : query.Where(p => p.Year == year);
        query = month is null ? query : query.Where(p => p.Month == month);
        return await query.OrderByDescending(p => p.Year).ThenByDescending(p => p.Month).ThenBy(p => p.Id).Select(AsDto).ToListAsync(ct);
    }

    /// <summary>Checks and stores one photo of a project-month, for the API and the report page alike.</summary>
    public static async Task<(PhotoDto? Photo, ProblemHttpResult? Problem)> AddAsync(
        BlueprintDb db, int projectId, int year, int month, IFormFile? file, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var project = await db.Set<KeyProject>().AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new { p.Id, p.UnitId, p.Latitude, p.Longitude, p.IsArchived }).SingleOrDefaultAsync(ct);
        if (project is null || year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            return (null, Problems.NotFound(t));
        }

        if (!IsFiller(db.CurrentUser))
        {
            return (null, Problems.Forbidden(t, "Photo.NotYours"));
        }

        if (project.IsArchived || !await MonthOpenAsync(db, projectId, year, month, ct))
        {
            return (null, Problems.Conflict(t, "Photo.MonthClosed"));
        }

        if (await db.Set<ProgressPhoto>().CountAsync(p => p.KeyProjectId == projectId && p.Year == year && p.Month == month, ct) >= MaxPerMonth)
        {
            return (null, Problems.Conflict(t, "Photo.TooMany"));
        }

        if (file is null || file.Length == 0)
        {
            return (null, Bad(t, "Photo.NoFile"));
        }

        if (file.Length > MaxBytes)
        {
            return (null, TooLarge(t));
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var name = Supervision.AttachmentRules.CleanName(file.FileName);
        var (type, error) = Check(name, content);
        if (error is not null)
        {
            return (null, error == "Photo.TooLarge" ? TooLarge(t) : Bad(t, error));
        }

        if (Thumbnail(content) is not { } thumb)
        {
            return (null, Bad(t, "Photo.NotAPicture"));
        }

        var exif = ReadExif(content);
        var (flags, distance, takenUtc) = Judge(exif, year, month, project.Latitude, project.Longitude);
        var photo = new ProgressPhoto
        {
            KeyProjectId = projectId,
            UnitId = project.UnitId,
            Year = year,
            Month = month,
            FileName = name,
            ContentType = type!,
            Size = content.LongLength,
            Content = content,
            Thumbnail = thumb.Thumbnail,
            Width = thumb.Width,
            Height = thumb.Height,
            TakenAtUtc = takenUtc,
            Latitude = exif.Latitude is { } la ? Math.Round(la, 6) : null,
            Longitude = exif.Longitude is { } lo ? Math.Round(lo, 6) : null,
            DistanceMetres = distance,
            Flags = flags,
            UploadedById = db.CurrentUser.UserId ?? 0,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(photo);
        await db.SaveChangesAsync(ct);
        return (AsDto.Compile()(photo), null);
    }

    /// <summary>Removes a photo while its month is still open to the unit.</summary>
    public static async Task<ProblemHttpResult?> DeleteAsync(BlueprintDb db, int photoId, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var photo = await db.Set<ProgressPhoto>().SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null)
        {
            return Problems.NotFound(t);
        }

        if (!IsFiller(db.CurrentUser))
        {
            return Problems.Forbidden(t, "Photo.NotYours");
        }

        if (!await MonthOpenAsync(db, photo.KeyProjectId, photo.Year, photo.Month, ct))
        {
            return Problems.Conflict(t, "Photo.MonthClosed");
        }

        db.Remove(photo);
        await db.SaveChangesAsync(ct);
        return null;
    }

    internal static ProblemHttpResult TooLarge(IStringLocalizer<SharedResource> t) =>
        TypedResults.Problem(title: t["Photo.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);

    internal static ProblemHttpResult Bad(IStringLocalizer<SharedResource> t, string key) =>
        TypedResults.Problem(title: t[key], statusCode: StatusCodes.Status400BadRequest);
}
