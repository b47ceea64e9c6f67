using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// The reporting window of one month of the monthly schedule (月度调度): units fill reports
/// between <see cref="OpensOn"/> and <see cref="DueOn"/>; once the office closes the month
/// (<see cref="ClosedAtUtc"/>) its accepted reports are locked and only corrections with a
/// reason can change them.
/// </summary>
public sealed class ReportingWindow : IVersioned
{
    public int Id { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public DateOnly OpensOn { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public int? ClosedById { get; set; }
    public int Version { get; set; }
}

internal sealed class ReportingWindowConfiguration : IEntityTypeConfiguration<ReportingWindow>
{
    public void Configure(EntityTypeBuilder<ReportingWindow> b) => b.HasIndex(w => new { w.Year, w.Month }).IsUnique();
}
