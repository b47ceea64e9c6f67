using System.Data.Common;
using System.Text;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Blueprint.Web.Features.Figures;

/// <summary>The writing side of the kept figures: which kept rows a write changes, and the statements that mark them (decision 0044).</summary>
public static partial class KeptFigures
{
    /// <summary>
    /// Appends to <paramref name="sql"/> the statements that mark the kept figures a write changes
    /// as changed (one per kind and year, <see cref="Merge"/>), with their parameters: run in the
    /// write's transaction at its commit, under the chain head's lock, in one round trip.
    /// </summary>
    public static void AppendMarks(StringBuilder sql, DbCommand command, IEnumerable<KeptChange> changes)
    {
        var i = 0;
        foreach (var change in Merge(changes))
        {
            var (kind, year, month) = ($"@kind{i}", $"@year{i}", $"@month{i}");
            command.AddParameter(kind, (int)change.Kind);
            command.AddParameter(year, change.Year);
            command.AddParameter(month, change.FromMonth);
            sql.Append($"""UPDATE "KeptFigure" SET "Changes" = "Changes" + 1 WHERE "Kind" = {kind} AND """)
                .Append(change.ThatYearOnly ? $"""("Year" = {year} AND "Month" >= {month})""" : $"""("Year" > {year} OR ("Year" = {year} AND "Month" >= {month}))""");
            if (change.FromTicks > 0)
            {
                var from = $"@from{i}";
                command.AddParameter(from, change.FromTicks);
                sql.Append($""" AND ("KnownAtTicks" = {KeptFigure.Now} OR "KnownAtTicks" >= {from})""");
            }

            sql.Append(';');
            i++;
        }
    }

    /// <summary>
    /// One update per kind and year (and one per kind for changes that run on into later years); changes from an
    /// instant (every month) merge into the earliest instant of their kind, and into nothing when the kind is changed
    /// at every instant.
    /// </summary>
    private static IEnumerable<KeptChange> Merge(IEnumerable<KeptChange> changes)
    {
        var all = changes.Distinct().ToList();
        var everyInstant = all.Where(c => c.FromTicks == 0).ToList();
        var fromInstant = all.Where(c => c.FromTicks > 0 && !everyInstant.Contains(KeptChange.All(c.Kind)))
            .GroupBy(c => c.Kind).Select(g => g.MinBy(c => c.FromTicks));
        return MergeMonths(everyInstant).Concat(fromInstant);
    }

    private static IEnumerable<KeptChange> MergeMonths(List<KeptChange> list)
    {
        var spanning = list.Where(c => !c.ThatYearOnly).GroupBy(c => c.Kind)
            .Select(g => g.MinBy(c => (c.Year * 100) + c.FromMonth)).ToList();
        var yearly = list.Where(c => c.ThatYearOnly)
            .Where(c => !spanning.Any(s => s.Kind == c.Kind && (s.Year * 100) + s.FromMonth <= (c.Year * 100) + c.FromMonth))
            .GroupBy(c => (c.Kind, c.Year)).Select(g => g.MinBy(c => c.FromMonth));
        return spanning.Concat(yearly);
    }

    /// <summary>What the changed entries of a save change in the kept figures (see decision 0041 for the rules).</summary>
    /// <param name="inserted">The entries are of rows inserted without SaveChanges (a bulk insert), whatever their state.</param>
    public static List<KeptChange> ChangesOf(IEnumerable<EntityEntry> entries, bool inserted = false)
    {
        var changes = new List<KeptChange>();
        foreach (var entry in entries)
        {
            var state = inserted ? EntityState.Added : entry.State;
            if (state is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            T Original<T>(string name) => state == EntityState.Added ? (T)entry.CurrentValues[name]! : (T)entry.OriginalValues[name]!;
            bool Changed(params string[] names) => state != EntityState.Modified || names.Any(n => entry.Property(n).IsModified);
            switch (entry.Entity)
            {
                // Only accepted reports count; a draft or its deletion changes no figure.
                case ProgressReport r when r.AcceptedAtUtc is not null || Original<DateTime?>(nameof(ProgressReport.AcceptedAtUtc)) is not null:
                    ProjectsFrom(changes, r.Year, r.Month, thatYearOnly: true);
                    break;
                case AnnualPlanEntry e:
                    ProjectsFrom(changes, e.Year, 1, thatYearOnly: true);
                    ProjectsFrom(changes, Original<int>(nameof(AnnualPlanEntry.Year)), 1, thatYearOnly: true);
                    break;
                case AnnualPlanRevision r:
                    ProjectsFrom(changes, r.Year, 1, thatYearOnly: true);
                    break;
                // A stage counts from its day on, in every later year too (开工 and 竣工 stay done).
                case ProjectStageChange s:
                    var from = Original<DateOnly>(nameof(ProjectStageChange.OnDate)) is var o && o < s.OnDate ? o : s.OnDate;
                    ProjectsFrom(changes, from.Year, from.Month, thatYearOnly: false);
                    break;
                case KeyProject when Changed(nameof(KeyProject.Category), nameof(KeyProject.Code), nameof(KeyProject.Name), nameof(KeyProject.LibraryStatus),
                        nameof(KeyProject.TotalInvestment), nameof(KeyProject.Stage))
                    && state != EntityState.Added:
                    changes.AddRange(ProjectKinds.Append(KeptKind.ProblemsDay).Select(KeptChange.All));
                    break;
                case Unit when state != EntityState.Added:
                    changes.AddRange(Enum.GetValues<KeptKind>().Select(KeptChange.All));
                    break;
                case Indicator or IndicatorTarget or IndicatorValue or PlanYear:
                    changes.Add(KeptChange.All(KeptKind.IndicatorLights));
                    break;
                // Supervision and problems: the days and rankings their change reaches, from what each reads (decision 0050).
                case SupervisionItem or SupervisionStep or ExtensionRequest or SupervisionFeedback or SupervisionCoUnit or Problem:
                    KeptDayChanges.Add(changes, entry, state);
                    break;
            }

            // The project list's figures: a project added, deleted, moved in or out of the library or the archive, or recoded (the order's tie-break).
            if (entry.Entity is KeyProject && Changed(nameof(KeyProject.Code), nameof(KeyProject.IsArchived), nameof(KeyProject.LibraryStatus)))
            {
                changes.Add(KeptChange.All(KeptKind.ProjectListFigures));
            }

            // The library's filter choices: a project that enters or leaves it, or whose chain or leader changes.
            if (entry.Entity is KeyProject && Changed(nameof(KeyProject.IndustryChain), nameof(KeyProject.ResponsibleLeader), nameof(KeyProject.LibraryStatus)))
            {
                changes.Add(KeptChange.All(KeptKind.ProjectChoices));
            }
        }

        return changes;
    }

    private static void ProjectsFrom(List<KeptChange> changes, int year, int month, bool thatYearOnly) =>
        changes.AddRange(ProjectKinds.Select(k => new KeptChange(k, year, month, thatYearOnly)));
}
