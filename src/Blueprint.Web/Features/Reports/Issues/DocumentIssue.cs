using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Reports.Issues;

/// <summary>The official documents that carry a 期号, each numbered on its own from 1 every year.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentKind>))]
public enum DocumentKind
{
    /// <summary>重点项目推进情况通报 (the project office).</summary>
    ProjectBulletin = 1,

    /// <summary>督查通报 (the supervision office).</summary>
    SupervisionBulletin = 2,

    /// <summary>领导简报 (the project office).</summary>
    LeaderBrief = 3,
}

/// <summary>
/// One issued document (印发): its 期号 is fixed here once and for all. Before a period is issued
/// its document shows the next free number of its kind and year as a draft (decision 0031).
/// The unique indexes make two offices issuing at once take two numbers, never one.
/// </summary>
public sealed class DocumentIssue
{
    public long Id { get; set; }
    public DocumentKind Kind { get; set; }

    /// <summary>The year of the period the document reports on (its 期号 counts within that year).</summary>
    public int Year { get; set; }
    public int Number { get; set; }

    /// <summary>The period the document reports on: "2023-12" for a month, "2095-03-01/2095-03-31" for a span.</summary>
    public required string Period { get; set; }
    public DateTime IssuedAtUtc { get; set; }
    public int? IssuedById { get; set; }
    public User? IssuedBy { get; set; }
}

internal sealed class DocumentIssueConfiguration : IEntityTypeConfiguration<DocumentIssue>
{
    public void Configure(EntityTypeBuilder<DocumentIssue> b)
    {
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.Period).HasMaxLength(32);
        b.HasIndex(i => new { i.Kind, i.Year, i.Number }).IsUnique();
        b.HasIndex(i => new { i.Kind, i.Period }).IsUnique();
        b.HasOne(i => i.IssuedBy).WithMany().HasForeignKey(i => i.IssuedById).OnDelete(DeleteBehavior.SetNull);
    }
}
