using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Projects;

/// <summary>
/// One project's report for one month (月度调度). Once accepted the month is locked; a later
/// correction is a new row that supersedes this one (<see cref="SupersedesId"/>, with a
/// reason), and this row keeps <see cref="IsCurrent"/> = false. Figures "as of" a past instant
/// take, per project and month, the row recorded last before that instant.
/// </summary>
public sealed class ProgressReport : ILateSubmission, IRecordedSubmission
{
    public long Id { get; set; }
    public int KeyProjectId { get; set; }
    public KeyProject? KeyProject { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public long InvestmentThisMonth { get; set; }
    public long InvestmentYearToDate { get; set; }
    public long InvestmentSinceStart { get; set; }
    public string? PhysicalProgress { get; set; }
    public string? NodesReached { get; set; }
    public string? ProblemsRaised { get; set; }
    public SubmissionStatus Status { get; set; }
    public int? SubmittedById { get; set; }
    public int? ApprovedById { get; set; }
    public int? AcceptedById { get; set; }
    public string? ReviewComment { get; set; }
    public DateTime RecordedAtUtc { get; set; }

    /// <summary>
    /// When the office accepted the row; null until then. Accepted rows are never edited, so
    /// "accepted at or before t and not superseded by a row accepted at or before t" gives the
    /// figures exactly as they stood at any instant t.
    /// </summary>
    public DateTime? AcceptedAtUtc { get; set; }
    public long? SupersedesId { get; set; }
    public bool IsCurrent { get; set; } = true;
    public string? CorrectionReason { get; set; }

    /// <summary>The warnings the figure checks raised when the report was last saved or submitted (one per line; see ProgressChecks).</summary>
    public string? FigureWarnings { get; set; }

    /// <summary>情况说明: the unit's explanation of the warnings; needed to submit a report that has any.</summary>
    public string? Explanation { get; set; }

    /// <summary>
    /// 迟报: first submitted after its month's 截止日, which only a reopening for the unit allows.
    /// Set once by the submit step (or the import's), kept when a returned report is resubmitted;
    /// the on-time ranking counts it as late (see <see cref="SubmissionDeadline"/>).
    /// </summary>
    public bool IsLate { get; set; }
    public int Version { get; set; }

    long ISubmission.RecordId => Id;

    /// <summary>The figures and texts of the month as the unit sent them (money in 元); labelled by <see cref="ProgressHistory"/>.</summary>
    public IReadOnlyDictionary<string, string?> HistoryFields() => new Dictionary<string, string?>
    {
        [nameof(InvestmentThisMonth)] = InvestmentThisMonth.ToString(CultureInfo.InvariantCulture),
        [nameof(InvestmentYearToDate)] = InvestmentYearToDate.ToString(CultureInfo.InvariantCulture),
        [nameof(InvestmentSinceStart)] = InvestmentSinceStart.ToString(CultureInfo.InvariantCulture),
        [nameof(PhysicalProgress)] = PhysicalProgress,
        [nameof(NodesReached)] = NodesReached,
        [nameof(ProblemsRaised)] = ProblemsRaised,
        [nameof(FigureWarnings)] = FigureWarnings,
        [nameof(Explanation)] = Explanation,
    };
}

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> b)
    {
        b.Property(r => r.PhysicalProgress).HasMaxLength(2000);
        b.Property(r => r.NodesReached).HasMaxLength(1000);
        b.Property(r => r.ProblemsRaised).HasMaxLength(2000);
        b.Property(r => r.ReviewComment).HasMaxLength(1000);
        b.Property(r => r.CorrectionReason).HasMaxLength(500);
        b.Property(r => r.FigureWarnings).HasMaxLength(2000);
        b.Property(r => r.Explanation).HasMaxLength(1000);
        // One current report per project and month, enforced by the database: two reporters
        // saving the same month at once get a 409, never two current rows. TRUE is understood
        // by both SQLite (≥ 3.23, as 1) and PostgreSQL, so one filter serves both migrations.
        b.HasIndex(r => new { r.KeyProjectId, r.Year, r.Month }).IsUnique()
            .HasFilter("\"IsCurrent\" = TRUE").HasDatabaseName("UX_ProgressReport_CurrentPerMonth");
        b.HasIndex(r => new { r.Year, r.Month, r.UnitId });
        // The progress list counts a year's current reports (issue 20: 145,000 at province
        // scale): index-only, instead of reading every row to check IsCurrent.
        b.HasIndex(r => new { r.Year, r.IsCurrent, r.Month, r.UnitId });
        // The bulletin reads, per project, the latest report accepted by an instant and checks
        // that no correction accepted by then supersedes it: both lookups are index-only. UnitId
        // is in both because the scope filter reads it in every subquery.
        b.HasIndex(r => new { r.KeyProjectId, r.Year, r.Month, r.AcceptedAtUtc, r.InvestmentYearToDate, r.UnitId });
        b.HasIndex(r => new { r.SupersedesId, r.AcceptedAtUtc, r.UnitId });
        // The to-do of whoever approves or accepts: the few reports waiting in a status, found
        // by it instead of reading every report (288,000 current at province scale, all accepted).
        b.HasIndex(r => new { r.Status, r.UnitId });
        b.HasOne(r => r.KeyProject).WithMany().HasForeignKey(r => r.KeyProjectId);
        b.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
