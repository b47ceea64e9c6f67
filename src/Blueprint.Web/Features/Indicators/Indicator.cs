using System.Globalization;
using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Features.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Indicators;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum IndicatorDirection
{
    HigherIsBetter = 0,
    LowerIsBetter = 1,
}

/// <summary>
/// How an indicator's values move through the year, which decides where its schedule starts.
/// A year-to-date total (investment done, school places built) starts every year from zero; a
/// level (a growth rate, a concentration, a stock of assets) starts from the baseline.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum IndicatorValueKind
{
    YearToDate = 0,
    Level = 1,
}

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum ScheduleProfile
{
    Monthly = 0,
    Quarterly = 1,
    AnnualOnly = 2,
}

/// <summary>
/// A measurable indicator of a goal. Values are <c>decimal</c>: indicators are rates and
/// quantities in many measures and are never summed over large tables (money is, and stays
/// in <c>long</c> 元 elsewhere).
/// </summary>
public sealed class Indicator : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public int PlanYearId { get; set; }
    public PlanYear? PlanYear { get; set; }
    public int? GoalId { get; set; }
    public Goal? Goal { get; set; }
    public required string Name { get; set; }

    /// <summary>%, 亿元, 万元, 个, km …</summary>
    public required string Measure { get; set; }
    public IndicatorDirection Direction { get; set; }
    public decimal? Baseline { get; set; }
    public decimal AnnualTarget { get; set; }
    public ScheduleProfile Profile { get; set; }
    public IndicatorValueKind ValueKind { get; set; }

    /// <summary>
    /// The cumulative share of the way from start to target due by the end of each period, in
    /// percent (12 entries for a monthly profile, 4 for a quarterly one, the last one 100).
    /// Empty means an even schedule (p ÷ N), as 序时进度 is m ÷ 12 unless a profile is given.
    /// </summary>
    public List<decimal> ScheduleShares { get; set; } = [];
    public string? DataSource { get; set; }

    /// <summary>
    /// How the report that set the target compared it (以上 / 左右 / 不低于 / 以内 …), kept as the report
    /// wrote it when the target came from the report reader; null when the target is a plain figure.
    /// </summary>
    public string? TargetQualifier { get; set; }

    /// <summary>The responsible unit.</summary>
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public int Version { get; set; }
}

/// <summary>A target of one indicator for one unit and one period (period 0 = the whole year).</summary>
public sealed class IndicatorTarget : IVersioned, IUnitOwned
{
    public int Id { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public int Period { get; set; }
    public decimal Target { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// An actual value for one period. Corrections never overwrite: a new row supersedes the old
/// one, so the value as it stood at any past instant can be recomputed.
/// </summary>
public sealed class IndicatorValue : IRecordedSubmission
{
    public long Id { get; set; }
    public int IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public int Year { get; set; }
    public int Period { get; set; }
    public decimal Value { get; set; }
    public SubmissionStatus Status { get; set; }
    public int? SubmittedById { get; set; }
    public int? ApprovedById { get; set; }
    public int? AcceptedById { get; set; }
    public string? ReviewComment { get; set; }
    public DateTime RecordedAtUtc { get; set; }

    /// <summary>
    /// When the office accepted the row; null until then. As for progress reports, "accepted at
    /// or before t and not superseded by a row accepted at or before t" gives the values exactly
    /// as they stood at any instant t, so a past month's status can be recomputed.
    /// </summary>
    public DateTime? AcceptedAtUtc { get; set; }
    public long? SupersedesId { get; set; }
    public bool IsCurrent { get; set; } = true;
    public string? CorrectionReason { get; set; }
    public int Version { get; set; }

    long ISubmission.RecordId => Id;

    public IReadOnlyDictionary<string, string?> HistoryFields() =>
        new Dictionary<string, string?> { [nameof(Value)] = Value.ToString(CultureInfo.InvariantCulture) };
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.Property(i => i.Name).HasMaxLength(200);
        b.Property(i => i.Measure).HasMaxLength(20);
        b.Property(i => i.DataSource).HasMaxLength(200);
        b.Property(i => i.TargetQualifier).HasMaxLength(Blueprint.Web.Features.Reader.ProposalQualifier.MaxLength);
        b.Property(i => i.Baseline).HasPrecision(18, 4);
        b.Property(i => i.AnnualTarget).HasPrecision(18, 4);
        b.HasOne(i => i.PlanYear).WithMany().HasForeignKey(i => i.PlanYearId);
        b.HasOne(i => i.Goal).WithMany().HasForeignKey(i => i.GoalId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Unit).WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndicatorTargetConfiguration : IEntityTypeConfiguration<IndicatorTarget>
{
    public void Configure(EntityTypeBuilder<IndicatorTarget> b)
    {
        b.Property(t => t.Target).HasPrecision(18, 4);
        b.HasIndex(t => new { t.IndicatorId, t.UnitId, t.Period }).IsUnique();
        b.HasOne(t => t.Indicator).WithMany().HasForeignKey(t => t.IndicatorId);
        b.HasOne(t => t.Unit).WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndicatorValueConfiguration : IEntityTypeConfiguration<IndicatorValue>
{
    public void Configure(EntityTypeBuilder<IndicatorValue> b)
    {
        b.Property(v => v.Value).HasPrecision(18, 4);
        b.Property(v => v.CorrectionReason).HasMaxLength(500);
        b.Property(v => v.ReviewComment).HasMaxLength(1000);
        b.HasIndex(v => new { v.IndicatorId, v.UnitId, v.Year, v.Period, v.IsCurrent });
        // The as-of reading: rows accepted by an instant, and the corrections accepted by then.
        b.HasIndex(v => new { v.IndicatorId, v.AcceptedAtUtc, v.UnitId });
        b.HasIndex(v => new { v.SupersedesId, v.AcceptedAtUtc, v.UnitId });
        // The lights' reading (IndicatorFigures.StatusesAsync): the keys of an indicator's recent periods, from the index alone.
        b.HasIndex(v => new { v.IndicatorId, v.Period, v.AcceptedAtUtc, v.UnitId });
        // The to-do of whoever approves or accepts values: the few waiting in a status, by it.
        b.HasIndex(v => new { v.Status, v.UnitId });
        b.HasOne(v => v.Indicator).WithMany().HasForeignKey(v => v.IndicatorId);
        b.HasOne(v => v.Unit).WithMany().HasForeignKey(v => v.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
