using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Reviews;

/// <summary>A template of sections every unit fills (results, problems, causes, ideas, measures, requests).</summary>
public sealed class ReviewTemplate : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public List<ReviewTemplateSection> Sections { get; set; } = [];
    public int Version { get; set; }
}

public sealed class ReviewTemplateSection
{
    public int Id { get; set; }
    public int ReviewTemplateId { get; set; }
    public required string Key { get; set; }
    public required string Title { get; set; }
    public string? Guidance { get; set; }
    public int SortOrder { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CampaignStatus
{
    Draft = 0,
    Open = 1,
    Closed = 2,
}

/// <summary>A year's review (务虚会 / 年度总结谋划), opened for a set of units with a deadline.</summary>
public sealed class ReviewCampaign : IVersioned
{
    public int Id { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public int ReviewTemplateId { get; set; }
    public ReviewTemplate? Template { get; set; }
    public DateOnly? MeetingDate { get; set; }
    public DateOnly Deadline { get; set; }
    public CampaignStatus Status { get; set; }
    public int Version { get; set; }
}

/// <summary>One unit's submission to a campaign; its sections hold sanitised formatted text.</summary>
public sealed class ReviewSubmission : ISubmission
{
    public int Id { get; set; }
    public int ReviewCampaignId { get; set; }
    public ReviewCampaign? Campaign { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public SubmissionStatus Status { get; set; }
    public int? SubmittedById { get; set; }
    public int? ApprovedById { get; set; }
    public DateTime? SubmittedAtUtc { get; set; }

    /// <summary>The last save of any section (autosave included), shown as "saved at …".</summary>
    public DateTime? UpdatedAtUtc { get; set; }
    public int? AcceptedById { get; set; }
    public DateTime? AcceptedAtUtc { get; set; }
    public List<ReviewSubmissionSection> Sections { get; set; } = [];
    public int Version { get; set; }

    long ISubmission.RecordId => Id;

    /// <summary>Each section's HTML by its key (the sections must be loaded).</summary>
    public IReadOnlyDictionary<string, string?> HistoryFields() => Sections.ToDictionary(s => s.Key, s => (string?)s.Html);
}

public sealed class ReviewSubmissionSection
{
    public int Id { get; set; }
    public int ReviewSubmissionId { get; set; }
    public required string Key { get; set; }
    public string Html { get; set; } = "";
}

/// <summary>A reviewer's comment; <see cref="UnitId"/> is the submitting unit, for scope.</summary>
public sealed class ReviewComment : IUnitOwned
{
    public int Id { get; set; }
    public int ReviewSubmissionId { get; set; }
    public ReviewSubmission? Submission { get; set; }
    public int UnitId { get; set; }
    public int AuthorId { get; set; }
    public User? Author { get; set; }
    public string? SectionKey { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class ReviewTemplateConfiguration : IEntityTypeConfiguration<ReviewTemplate>
{
    public void Configure(EntityTypeBuilder<ReviewTemplate> b)
    {
        b.Property(t => t.Name).HasMaxLength(200);
        b.HasMany(t => t.Sections).WithOne().HasForeignKey(s => s.ReviewTemplateId);
    }
}

internal sealed class ReviewTemplateSectionConfiguration : IEntityTypeConfiguration<ReviewTemplateSection>
{
    public void Configure(EntityTypeBuilder<ReviewTemplateSection> b)
    {
        b.Property(s => s.Key).HasMaxLength(40);
        b.Property(s => s.Title).HasMaxLength(100);
        b.Property(s => s.Guidance).HasMaxLength(1000);
    }
}

internal sealed class ReviewCampaignConfiguration : IEntityTypeConfiguration<ReviewCampaign>
{
    public void Configure(EntityTypeBuilder<ReviewCampaign> b)
    {
        b.Property(c => c.Title).HasMaxLength(200);
        b.HasOne(c => c.Template).WithMany().HasForeignKey(c => c.ReviewTemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReviewSubmissionConfiguration : IEntityTypeConfiguration<ReviewSubmission>
{
    public void Configure(EntityTypeBuilder<ReviewSubmission> b)
    {
        b.HasIndex(s => new { s.ReviewCampaignId, s.UnitId }).IsUnique();
        b.HasOne(s => s.Campaign).WithMany().HasForeignKey(s => s.ReviewCampaignId);
        b.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Sections).WithOne().HasForeignKey(s => s.ReviewSubmissionId);
    }
}

internal sealed class ReviewSubmissionSectionConfiguration : IEntityTypeConfiguration<ReviewSubmissionSection>
{
    public void Configure(EntityTypeBuilder<ReviewSubmissionSection> b)
    {
        b.Property(s => s.Key).HasMaxLength(40);
    }
}

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> b)
    {
        b.Property(c => c.Text).HasMaxLength(4000);
        b.Property(c => c.SectionKey).HasMaxLength(40);
        b.HasOne(c => c.Submission).WithMany().HasForeignKey(c => c.ReviewSubmissionId);
        b.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
