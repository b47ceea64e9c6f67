using Blueprint.Web.Data;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Milestones;

/// <summary>
/// A dated achievement (大事记). City-wide by nature, so not confined by unit scope; it links
/// to the units, project and goal it concerns.
/// </summary>
public sealed class Milestone : IVersioned
{
    public int Id { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>True when only the month is known (the article says "2023年9月").</summary>
    public bool MonthOnly { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int? KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int? GoalId { get; set; }
    public Goal? Goal { get; set; }
    public List<MilestoneUnit> Units { get; set; } = [];
    public bool IsPublic { get; set; }
    public int Version { get; set; }
}

public sealed class MilestoneUnit
{
    public int MilestoneId { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.Property(m => m.Title).HasMaxLength(300);
        b.Property(m => m.Description).HasMaxLength(4000);
        b.HasIndex(m => m.Date);
        b.HasOne(m => m.KeyProject).WithMany().HasForeignKey(m => m.KeyProjectId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(m => m.Goal).WithMany().HasForeignKey(m => m.GoalId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(m => m.Units).WithOne().HasForeignKey(u => u.MilestoneId);
    }
}

internal sealed class MilestoneUnitConfiguration : IEntityTypeConfiguration<MilestoneUnit>
{
    public void Configure(EntityTypeBuilder<MilestoneUnit> b)
    {
        b.HasKey(u => new { u.MilestoneId, u.UnitId });
        b.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
