using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Plans;

/// <summary>One year's blueprint: its positioning and its priorities (e.g. 三件大事).</summary>
public sealed class PlanYear : IVersioned
{
    public int Id { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public string? Positioning { get; set; }
    public List<Priority> Priorities { get; set; } = [];
    public int Version { get; set; }
}

public sealed class Priority : IVersioned
{
    public int Id { get; set; }
    public int PlanYearId { get; set; }
    public PlanYear? PlanYear { get; set; }
    public required string Title { get; set; }
    public int SortOrder { get; set; }
    public int Version { get; set; }
}

/// <summary>A goal under a priority, owned by one unit.</summary>
public sealed class Goal : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public int PlanYearId { get; set; }
    public PlanYear? PlanYear { get; set; }
    public int? PriorityId { get; set; }
    public Priority? Priority { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }

    /// <summary>Shown on the public portal (Features/Portal) when the portal is enabled.</summary>
    public bool IsPublic { get; set; }
    public int Version { get; set; }
}

internal sealed class PlanYearConfiguration : IEntityTypeConfiguration<PlanYear>
{
    public void Configure(EntityTypeBuilder<PlanYear> b)
    {
        b.HasIndex(p => p.Year).IsUnique();
        b.Property(p => p.Title).HasMaxLength(200);
        b.Property(p => p.Positioning).HasMaxLength(2000);
    }
}

internal sealed class PriorityConfiguration : IEntityTypeConfiguration<Priority>
{
    public void Configure(EntityTypeBuilder<Priority> b)
    {
        b.Property(p => p.Title).HasMaxLength(200);
        b.HasOne(p => p.PlanYear).WithMany(y => y.Priorities).HasForeignKey(p => p.PlanYearId);
    }
}

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> b)
    {
        b.Property(g => g.Title).HasMaxLength(300);
        b.Property(g => g.Description).HasMaxLength(4000);
        b.HasOne(g => g.PlanYear).WithMany().HasForeignKey(g => g.PlanYearId);
        b.HasOne(g => g.Priority).WithMany().HasForeignKey(g => g.PriorityId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(g => g.Unit).WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
