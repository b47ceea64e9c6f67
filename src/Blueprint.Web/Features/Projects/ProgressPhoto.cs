using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

/// <summary>What the checks found about a site photo, for the approver (several may hold).</summary>
[Flags]
public enum PhotoFlags
{
    None = 0,

    /// <summary>No EXIF time or place: allowed, and marked so.</summary>
    NoExif = 1,

    /// <summary>Taken more than <see cref="SitePhotos.MaxDaysBefore"/> days before the reporting month began.</summary>
    TakenEarly = 2,

    /// <summary>Taken farther than <see cref="SitePhotos.MaxKilometres"/> km from the project's place.</summary>
    FarAway = 4,
}

/// <summary>
/// A 现场照片 of one project's monthly report (project, year, month: a correction of the month keeps
/// them). The bytes and a small JPEG thumbnail live in the database, as supervision attachments do,
/// so that a backup is complete and every node serves the same picture (decision 0037). The EXIF
/// time and place are read on upload and the flags judged then, against the project's place then.
/// </summary>
public sealed class ProgressPhoto : IUnitOwned
{
    public int Id { get; set; }
    public int KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int UnitId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>At most 320 px on its long side, JPEG.</summary>
    public required byte[] Thumbnail { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    /// <summary>EXIF 拍摄时间 (DateTimeOriginal, read as city time), as UTC.</summary>
    public DateTime? TakenAtUtc { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>Metres from the project's place when both are known.</summary>
    public int? DistanceMetres { get; set; }
    public PhotoFlags Flags { get; set; }
    public int UploadedById { get; set; }
    public DateTime UploadedAtUtc { get; set; }
}

internal sealed class ProgressPhotoConfiguration : IEntityTypeConfiguration<ProgressPhoto>
{
    public void Configure(EntityTypeBuilder<ProgressPhoto> b)
    {
        b.Property(p => p.FileName).HasMaxLength(200);
        b.Property(p => p.ContentType).HasMaxLength(100);
        b.HasIndex(p => new { p.KeyProjectId, p.Year, p.Month });
        b.HasOne(p => p.KeyProject).WithMany().HasForeignKey(p => p.KeyProjectId);
    }
}
