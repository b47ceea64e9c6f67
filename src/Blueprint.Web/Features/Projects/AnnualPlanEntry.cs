using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

/// <summary>续建, 计划开工 (together the key list) or 加快前期 (the separate reserve list).</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum PlanType
{
    Continuing = 0,
    PlannedStart = 1,
    Reserve = 2,
}

/// <summary>
/// A project's place in one year's plan. Reserve entries carry no annual investment target
/// and enter only the 转化率. <see cref="UnitId"/> repeats the project's unit so that the
/// scope filter needs no join.
/// </summary>
public sealed class AnnualPlanEntry : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public PlanType PlanType { get; set; }

    /// <summary>计划竣工: planned to complete within the year.</summary>
    public bool PlannedCompletion { get; set; }
    public long AnnualPlannedInvestment { get; set; }
    public int? PlannedStartMonth { get; set; }
    public int? PlannedCompletionMonth { get; set; }

    /// <summary>Why the entry was last adjusted; kept with the revision the change writes.</summary>
    public string? ChangeReason { get; set; }
    public int Version { get; set; }
}

internal sealed class AnnualPlanEntryConfiguration : IEntityTypeConfiguration<AnnualPlanEntry>
{
    public void Configure(EntityTypeBuilder<AnnualPlanEntry> b)
    {
        b.Property(e => e.ChangeReason).HasMaxLength(500);
        b.HasIndex(e => new { e.Year, e.KeyProjectId }).IsUnique();
        b.HasIndex(e => new { e.Year, e.UnitId });
        b.HasOne(e => e.KeyProject).WithMany().HasForeignKey(e => e.KeyProjectId);
        b.HasOne(e => e.Unit).WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
