using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects.Proposals;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProposalStepKind
{
    Proposed = 0,
    Returned = 1,
    Resubmitted = 2,
    Accepted = 3,
}

/// <summary>
/// One step of a project's proposal: who proposed, returned (and why), resubmitted or accepted
/// it, and when. A project with steps came in through a proposal; one without was entered by
/// the project office (or before proposals existed).
/// </summary>
public sealed class ProjectProposalStep : IUnitOwned
{
    public long Id { get; set; }
    public int KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }

    /// <summary>The project's unit (moved with it), so the proposing unit sees its own history.</summary>
    public int UnitId { get; set; }
    public ProposalStepKind Kind { get; set; }
    public int? ActorId { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The office's reason for a return.</summary>
    public string? Reason { get; set; }
}

internal sealed class ProjectProposalStepConfiguration : IEntityTypeConfiguration<ProjectProposalStep>
{
    public void Configure(EntityTypeBuilder<ProjectProposalStep> b)
    {
        b.Property(s => s.Reason).HasMaxLength(500);
        b.HasIndex(s => new { s.KeyProjectId, s.AtUtc });
        b.HasIndex(s => s.UnitId);
        b.HasOne(s => s.KeyProject).WithMany().HasForeignKey(s => s.KeyProjectId);
    }
}
