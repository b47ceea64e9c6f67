using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// What a plan entry said from <see cref="RecordedAtUtc"/> on: written for every insert, change of
/// a plan figure and removal of an <see cref="AnnualPlanEntry"/> (see <see cref="PlanHistory"/>),
/// never updated except for the unit copy when a project moves. The entry itself stays the
/// current state that every list reads; a bulletin "as known at" a past instant reads the
/// revision that was in force then (decision 0009).
/// </summary>
public sealed class AnnualPlanRevision : IUnitOwned
{
    public long Id { get; set; }
    public int Year { get; set; }
    public int KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public PlanType PlanType { get; set; }
    public bool PlannedCompletion { get; set; }
    public long AnnualPlannedInvestment { get; set; }
    public int? PlannedStartMonth { get; set; }
    public int? PlannedCompletionMonth { get; set; }

    /// <summary>The project left the year's plan at this instant.</summary>
    public bool Removed { get; set; }
    public string? Reason { get; set; }
    public string? RecordedBy { get; set; }
    public DateTime RecordedAtUtc { get; set; }
}

internal sealed class AnnualPlanRevisionConfiguration : IEntityTypeConfiguration<AnnualPlanRevision>
{
    public void Configure(EntityTypeBuilder<AnnualPlanRevision> b)
    {
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.RecordedBy).HasMaxLength(100);

        // The as-of lookup: the latest revision of (year, project) recorded by an instant.
        b.HasIndex(r => new { r.Year, r.KeyProjectId, r.RecordedAtUtc });

        // The fast-path test: has anything in the year's plan changed since the instant?
        b.HasIndex(r => new { r.Year, r.RecordedAtUtc });
        b.HasOne(r => r.KeyProject).WithMany().HasForeignKey(r => r.KeyProjectId);
        b.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
