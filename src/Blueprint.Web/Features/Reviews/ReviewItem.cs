using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Reviews;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ReviewItemKind
{
    Problem = 0,
    Measure = 1,
}

/// <summary>What a review item was turned into; <see cref="None"/> until someone decides.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ReviewItemTarget
{
    None = 0,
    Goal = 1,
    Indicator = 2,
    SupervisionItem = 3,
    Problem = 4,
}

/// <summary>
/// A problem or measure named in a unit's review submission, marked so it can be followed: the
/// start of the thread from review to result (PRODUCT.md, "what no existing system does" 1).
/// The link to its target lives here (one nullable key per kind of target, each indexed), so
/// the target's side finds "where it came from" by one indexed lookup without its own table
/// having to know about reviews.
/// </summary>
public sealed class ReviewItem : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public int ReviewSubmissionId { get; set; }
    public ReviewSubmission? Submission { get; set; }

    /// <summary>The submitting unit (copied from the submission, for scope).</summary>
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public ReviewItemKind Kind { get; set; }
    public string? SectionKey { get; set; }
    public required string Text { get; set; }
    public ReviewItemTarget Target { get; set; }
    public int? GoalId { get; set; }
    public Goal? Goal { get; set; }
    public int? IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public int? SupervisionItemId { get; set; }
    public SupervisionItem? SupervisionItem { get; set; }
    public int? ProblemId { get; set; }
    public Problem? Problem { get; set; }
    public int? CreatedById { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LinkedAtUtc { get; set; }
    public int Version { get; set; }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> b)
    {
        b.Property(i => i.Text).HasMaxLength(2000);
        b.Property(i => i.SectionKey).HasMaxLength(40);
        b.HasIndex(i => new { i.UnitId, i.ReviewSubmissionId });
        b.HasOne(i => i.Submission).WithMany().HasForeignKey(i => i.ReviewSubmissionId);
        b.HasOne(i => i.Unit).WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.Goal).WithMany().HasForeignKey(i => i.GoalId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Indicator).WithMany().HasForeignKey(i => i.IndicatorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.SupervisionItem).WithMany().HasForeignKey(i => i.SupervisionItemId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Problem).WithMany().HasForeignKey(i => i.ProblemId).OnDelete(DeleteBehavior.SetNull);
    }
}
