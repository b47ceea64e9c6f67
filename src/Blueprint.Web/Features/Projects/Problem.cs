using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProblemKind
{
    Land = 0,
    Funds = 1,
    Approvals = 2,
    Environment = 3,
    Demolition = 4,
    Other = 9,
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProblemStatus
{
    Open = 0,
    Resolved = 1,
    CannotSolveNow = 2,
}

/// <summary>
/// A problem or coordination matter (问题 / 协调事项), raised from a project, a review
/// submission or a supervision item; owned by the responsible unit.
/// </summary>
public sealed class Problem : IVersioned, IUnitOwned
{
    /// <summary>The text columns' lengths: the configuration and the API's checks read them (longer input is refused by field, not by the database).</summary>
    public const int MaxDescription = 4000, MaxCoordinatingLeader = 100;

    public int Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public ProblemKind Kind { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public int? KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int? ReviewSubmissionId { get; set; }
    public int? SupervisionItemId { get; set; }
    public string? CoordinatingLeader { get; set; }
    public DateOnly? Deadline { get; set; }
    public int EscalationLevel { get; set; }
    public ProblemStatus Status { get; set; }

    /// <summary>How it was resolved, or why it cannot be solved now.</summary>
    public string? Answer { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Who raised it: told of the answer (null for problems raised before this was kept, or by the demo).</summary>
    public int? RaisedById { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public int Version { get; set; }
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> b)
    {
        b.Property(p => p.Title).HasMaxLength(300);
        b.Property(p => p.Description).HasMaxLength(Problem.MaxDescription);
        b.Property(p => p.CoordinatingLeader).HasMaxLength(Problem.MaxCoordinatingLeader);
        b.Property(p => p.Answer).HasMaxLength(4000);
        b.HasIndex(p => new { p.UnitId, p.Status });
        b.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.KeyProject).WithMany().HasForeignKey(p => p.KeyProjectId).OnDelete(DeleteBehavior.SetNull);
    }
}
