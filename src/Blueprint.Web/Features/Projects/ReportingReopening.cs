using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The project office lets one unit (and the units below it) submit a month after its 截止日,
/// with a reason. Reports submitted so are still late (迟报); the reopening lasts until the
/// office closes the month. One per unit and month (docs/decisions/0023-windows-close-by-themselves.md).
/// </summary>
public sealed class ReportingReopening : IUnitOwned
{
    public int Id { get; set; }
    public int ReportingWindowId { get; set; }
    public ReportingWindow? Window { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public required string Reason { get; set; }
    public int? ReopenedById { get; set; }
    public DateTime ReopenedAtUtc { get; set; }
}

internal sealed class ReportingReopeningConfiguration : IEntityTypeConfiguration<ReportingReopening>
{
    public void Configure(EntityTypeBuilder<ReportingReopening> b)
    {
        b.Property(o => o.Reason).HasMaxLength(500);
        b.HasIndex(o => new { o.ReportingWindowId, o.UnitId }).IsUnique();
        b.HasOne(o => o.Window).WithMany().HasForeignKey(o => o.ReportingWindowId);
        b.HasOne(o => o.Unit).WithMany().HasForeignKey(o => o.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
