using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Meetings;

/// <summary>A meeting record; its decisions become supervision items.</summary>
public sealed class Meeting : IVersioned
{
    public int Id { get; set; }
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public int AttendeeCount { get; set; }
    public int ParticipatingUnitCount { get; set; }
    public int DurationMinutes { get; set; }
    public string? Minutes { get; set; }
    public List<Decision> Decisions { get; set; } = [];

    /// <summary>The units named as taking part (the count above may be larger: enterprises, guests).</summary>
    public List<MeetingUnit> Units { get; set; } = [];
    public int Version { get; set; }
}

public sealed class Decision : IVersioned
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public Meeting? Meeting { get; set; }
    public required string Text { get; set; }
    public int SortOrder { get; set; }
    public int Version { get; set; }
}

public sealed class MeetingUnit
{
    public int MeetingId { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.Title).HasMaxLength(200);
        b.HasIndex(m => m.Date);
        b.HasMany(m => m.Decisions).WithOne(d => d.Meeting).HasForeignKey(d => d.MeetingId);
        b.HasMany(m => m.Units).WithOne().HasForeignKey(u => u.MeetingId);
    }
}

internal sealed class MeetingUnitConfiguration : IEntityTypeConfiguration<MeetingUnit>
{
    public void Configure(EntityTypeBuilder<MeetingUnit> b)
    {
        b.HasKey(u => new { u.MeetingId, u.UnitId });
        b.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.Property(d => d.Text).HasMaxLength(2000);
    }
}
