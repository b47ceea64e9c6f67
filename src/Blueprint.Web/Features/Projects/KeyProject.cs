using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProjectCategory
{
    Infrastructure = 0,
    Industry = 1,
    Livelihood = 2,
    Ecology = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ProjectStage
{
    Planning = 0,
    Signed = 1,
    Started = 2,
    UnderConstruction = 3,
    Completed = 4,
    InProduction = 5,
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ChainLink
{
    None = 0,
    Build = 1,
    Strengthen = 2,
    Extend = 3,
    FillGap = 4,
}

/// <summary>
/// Where a project stands towards the city's library (项目库). A unit's new project is a proposal
/// (申报) until the project office accepts it; until then it counts in no figure and appears in
/// no list but the proposals' own (docs/decisions/0018-project-proposals.md).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum LibraryStatus
{
    /// <summary>入库: in the library, counted everywhere. Every project created before proposals existed.</summary>
    InLibrary = 0,

    /// <summary>申报中: waiting for the project office.</summary>
    Proposed = 1,

    /// <summary>已退回: returned with a reason; the unit edits it and proposes it again.</summary>
    Returned = 2,
}

/// <summary>
/// A key investment project. Money is in 元 as <c>long</c> so that both databases sum it
/// natively (see docs/decisions/0002-money-and-time.md). Both sides of the ledger are kept:
/// what goes in (investment) and what comes out (output value, tax, jobs, running cost).
/// </summary>
public sealed class KeyProject : IVersioned, IUnitOwned
{
    /// <summary>The text columns' lengths: the configuration, the form's <c>maxlength</c> and the checks read them (longer input is refused by field, not by the database).</summary>
    public const int MaxLeader = 100, MaxChain = 100, MaxLocation = 200, MaxDescription = 4000;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>The owner unit.</summary>
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }

    /// <summary>联系领导, as an office title.</summary>
    public string? ResponsibleLeader { get; set; }
    public ProjectCategory Category { get; set; }
    public ProjectStage Stage { get; set; }
    public string? IndustryChain { get; set; }
    public ChainLink ChainLink { get; set; }
    public string? Location { get; set; }

    /// <summary>纬度 of the site in degrees (WGS-84 as a phone reports it); set with <see cref="Longitude"/> or not at all, inside the city (issue 21).</summary>
    public double? Latitude { get; set; }

    /// <summary>经度 of the site in degrees.</summary>
    public double? Longitude { get; set; }
    public string? Description { get; set; }
    public long TotalInvestment { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedCompletion { get; set; }
    public DateOnly? ActualStart { get; set; }
    public DateOnly? ActualCompletion { get; set; }
    public ProjectBenefit PlannedBenefit { get; set; } = new();
    public ProjectBenefit ActualBenefit { get; set; } = new();
    public bool IsArchived { get; set; }

    /// <summary>Shown on the public portal (Features/Portal) when the portal is enabled.</summary>
    public bool IsPublic { get; set; }

    /// <summary>Only <see cref="LibraryStatus.InLibrary"/> projects pass the model's library filter (<see cref="ProjectProposals.LibraryFilter"/>).</summary>
    public LibraryStatus LibraryStatus { get; set; }
    public int Version { get; set; }
}

/// <summary>The benefit side of a project, per year: what it returns and what it still costs.</summary>
public sealed class ProjectBenefit
{
    public long OutputValue { get; set; }
    public long Tax { get; set; }
    public int Jobs { get; set; }

    /// <summary>Running cost still borne by the budget each year (the 马蹄湾 lesson).</summary>
    public long RunningCost { get; set; }
}

/// <summary>A dated change of stage: the funnel's time-in-stage comes from these rows.</summary>
public sealed class ProjectStageChange : IUnitOwned
{
    public int Id { get; set; }
    public int KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int UnitId { get; set; }
    public ProjectStage Stage { get; set; }
    public DateOnly OnDate { get; set; }
    public DateTime RecordedAtUtc { get; set; }
}

internal sealed class KeyProjectConfiguration : IEntityTypeConfiguration<KeyProject>
{
    public void Configure(EntityTypeBuilder<KeyProject> b)
    {
        b.Property(p => p.Code).HasMaxLength(32);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.ResponsibleLeader).HasMaxLength(KeyProject.MaxLeader);
        b.Property(p => p.IndustryChain).HasMaxLength(KeyProject.MaxChain);
        b.Property(p => p.Location).HasMaxLength(KeyProject.MaxLocation);
        b.Property(p => p.Description).HasMaxLength(KeyProject.MaxDescription);
        b.HasIndex(p => p.Code).IsUnique();
        b.HasIndex(p => p.UnitId);
        b.HasIndex(p => p.LibraryStatus);
        // Every query of projects — lists, figures, exports, the portal, links — sees the library
        // alone; only ProjectProposals looks past this filter (by name, keeping the unit scope).
        b.HasQueryFilter(ProjectProposals.LibraryFilter, p => p.LibraryStatus == LibraryStatus.InLibrary);
        b.HasOne(p => p.Unit).WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.ComplexProperty(p => p.PlannedBenefit);
        b.ComplexProperty(p => p.ActualBenefit);
    }
}

internal sealed class ProjectStageChangeConfiguration : IEntityTypeConfiguration<ProjectStageChange>
{
    public void Configure(EntityTypeBuilder<ProjectStageChange> b)
    {
        b.HasIndex(s => new { s.KeyProjectId, s.Stage, s.OnDate, s.RecordedAtUtc, s.UnitId });
        b.HasOne(s => s.KeyProject).WithMany().HasForeignKey(s => s.KeyProjectId);
    }
}
