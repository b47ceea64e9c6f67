using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Figures;

/// <summary>What a kept figure holds (decision 0041).</summary>
public enum KeptKind
{
    /// <summary>A month's bulletin totals per top unit, category and plan type (every row of the bulletin table is a sum of them).</summary>
    BulletinGroups = 1,

    /// <summary>The completion curve's year-to-date completed investment per month up to the month.</summary>
    CompletionCurve = 2,

    /// <summary>The key-list projects behind schedule: how many are red, the first red ones and the first behind.</summary>
    LaggingProjects = 3,

    /// <summary>A month's indicator lights as a reader who sees every unit sees them (cockpit).</summary>
    IndicatorLights = 4,

    /// <summary>The investment funnel of a plan year at a month's end.</summary>
    Funnel = 5,

    /// <summary>Supervision items open and overdue at the end of a day (the cockpit's counts, per unit, and the first overdue).</summary>
    SupervisionDay = 6,

    /// <summary>Problems open and overdue at the end of a day (the cockpit's counts and the first overdue).</summary>
    ProblemsDay = 7,

    /// <summary>The supervision ranking of every unit from the year's start to a month's end, judged on a day.</summary>
    SupervisionRanking = 8,

    /// <summary>The key-list projects by distance to 序时进度, most behind first: how many, and the first of them (the unit page's table).</summary>
    ProjectsBySchedule = 9,

    /// <summary>
    /// The industry chains and responsible leaders that occur in the project library: the project list's
    /// filter choices (decision 0048). Of no month: kept under year 0, month 0, as known now.
    /// </summary>
    ProjectChoices = 10,

    /// <summary>
    /// Every library project's few numbers behind its completion rate and light in a month (the
    /// project list sorted by either: at province scale 12,000 year-to-date lookups), as known now.
    /// </summary>
    ProjectListFigures = 11,
}

/// <summary>
/// Figures of one month as known at one instant, kept as data (decision 0041). A write that can
/// change them raises <see cref="Changes"/> in its own transaction; the figures are current while
/// <see cref="KeptChanges"/> equals it, and are otherwise computed again on the next read and
/// stored with the count they were computed under. Written with ExecuteUpdate and plain SQL, so
/// neither the audit chain nor the cockpit cache sees these writes (they record nothing new).
/// </summary>
public sealed class KeptFigure
{
    /// <summary>The instant key of figures "as known now" (a query without an instant).</summary>
    public const long Now = 0;

    public long Id { get; set; }
    public KeptKind Kind { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }

    /// <summary>The instant the figures are known at, in UTC ticks; <see cref="Now"/> for "as known now".</summary>
    public long KnownAtTicks { get; set; }

    /// <summary>How many writes have changed what these figures are computed from since the row was made.</summary>
    public long Changes { get; set; }

    /// <summary>The <see cref="Changes"/> the kept figures were computed under; -1 while none are kept.</summary>
    public long KeptChanges { get; set; } = -1;

    public DateTime? ComputedAtUtc { get; set; }

    /// <summary>The figures (JSON of the kind's own record).</summary>
    public string? Data { get; set; }
}

internal sealed class KeptFigureConfiguration : IEntityTypeConfiguration<KeptFigure>
{
    public void Configure(EntityTypeBuilder<KeptFigure> b)
    {
        b.ToTable("KeptFigure");
        b.HasIndex(k => new { k.Kind, k.Year, k.Month, k.KnownAtTicks }).IsUnique();
    }
}
