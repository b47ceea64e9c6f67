using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Blueprint.Web.Features.Figures;

/// <summary>
/// Which kept supervision and problem figures a change reaches (decision 0050), from what each
/// computation reads:
/// <list type="bullet">
/// <item><see cref="KeptKind.SupervisionDay"/> (<see cref="SupervisionAsOf"/>): an item counts at the end of a day
/// when created by then and not closed by then, with its case number, title, lead unit and deadlines; an
/// approved extension moves the deadline from its step's instant. Feedback and co-units are not read.</item>
/// <item><see cref="KeptKind.SupervisionRanking"/> (<see cref="SupervisionRankings"/>): the items' lead unit,
/// start, deadline, cadence and whether they are closed (today's state), the lead unit's feedback (a
/// feedback of day F answers a due date of F or later, and a due date counts only once passed: only the
/// rankings judged after F can change), and the office's 催办.</item>
/// <item><see cref="KeptKind.ProblemsDay"/> (<see cref="Cockpit.ProblemsAsOf"/>): a problem counts at the end of
/// a day when raised by then and still open then (open now, or answered later), with its title,
/// deadline, project and unit.</item>
/// </list>
/// A change "from an instant" reaches the rows of instants at or after it and the rows "as known
/// now"; the rows of earlier instants stay kept. A change of something a figure does not read
/// reaches nothing (a feedback's text, a problem's answer, an item's version, a co-unit: the figures judge the lead unit).
/// </summary>
internal static class KeptDayChanges
{
    /// <summary>What a supervision item shows in the day's counts and list, besides its instants.</summary>
    private static readonly string[] ItemShown =
    [
        nameof(SupervisionItem.CaseNumber), nameof(SupervisionItem.Title), nameof(SupervisionItem.UnitId),
        nameof(SupervisionItem.Deadline), nameof(SupervisionItem.OriginalDeadline), nameof(SupervisionItem.CreatedAtUtc),
    ];

    /// <summary>What the ranking reads of an item, besides whether it is closed.</summary>
    private static readonly string[] ItemRanked =
    [
        nameof(SupervisionItem.UnitId), nameof(SupervisionItem.CreatedAtUtc), nameof(SupervisionItem.Deadline),
        nameof(SupervisionItem.Cadence), nameof(SupervisionItem.ClosedAtUtc),
    ];

    /// <summary>What a problem shows in the day's counts and list, besides whether it is open.</summary>
    private static readonly string[] ProblemShown =
    [
        nameof(Problem.Title), nameof(Problem.Deadline), nameof(Problem.KeyProjectId), nameof(Problem.UnitId), nameof(Problem.CreatedAtUtc),
    ];

    /// <summary>Adds what a change of a supervision or problem record reaches (nothing for another type).</summary>
    public static void Add(List<KeptChange> changes, EntityEntry entry, EntityState state)
    {
        var values = new Values(entry, state);
        switch (entry.Entity)
        {
            case SupervisionItem:
                Item(changes, values);
                break;
            case SupervisionStep:
                var kinds = values.Both<SupervisionStepKind>(nameof(SupervisionStep.Kind));
                if (kinds.Contains(SupervisionStepKind.ExtensionApproved))
                {
                    changes.Add(KeptChange.From(KeptKind.SupervisionDay, values.Earliest(nameof(SupervisionStep.AtUtc))));
                }

                if (kinds.Contains(SupervisionStepKind.Reminded))
                {
                    changes.Add(KeptChange.All(KeptKind.SupervisionRanking));
                }

                break;
            case SupervisionFeedback:
                // A feedback of day F counts only in rankings judged after F (a due date counts once passed).
                changes.Add(state == EntityState.Modified
                    ? KeptChange.All(KeptKind.SupervisionRanking)
                    : KeptChange.From(KeptKind.SupervisionRanking,
                        SupervisionLights.EndOfDayUtc(SupervisionLights.Day(values.Original<DateTime>(nameof(SupervisionFeedback.CreatedAtUtc)))).AddTicks(1)));
                break;
            case ExtensionRequest:
                // Only approved requests' deadlines are read; a pending or refused one changes nothing.
                if (values.Both<ExtensionStatus>(nameof(ExtensionRequest.Status)).Contains(ExtensionStatus.Approved))
                {
                    changes.Add(KeptChange.All(KeptKind.SupervisionDay));
                }

                break;
            case Problem:
                ProblemChanges(changes, values);
                break;
        }
    }

    private static void Item(List<KeptChange> changes, Values values)
    {
        if (values.State != EntityState.Modified)
        {
            changes.Add(KeptChange.From(KeptKind.SupervisionDay, values.Earliest(nameof(SupervisionItem.CreatedAtUtc))));
            changes.Add(KeptChange.All(KeptKind.SupervisionRanking));
            return;
        }

        if (values.AnyModified(ItemShown))
        {
            // Shown in every day's figures since it was created.
            changes.Add(KeptChange.From(KeptKind.SupervisionDay, values.Earliest(nameof(SupervisionItem.CreatedAtUtc))));
        }
        else if (values.AnyModified(nameof(SupervisionItem.ClosedAtUtc)))
        {
            // Open until it was closed: a day's count changes from the earlier of the two closing instants.
            changes.Add(KeptChange.From(KeptKind.SupervisionDay, values.EarliestOrNever(nameof(SupervisionItem.ClosedAtUtc))));
        }

        var closed = values.Both<SupervisionStatus>(nameof(SupervisionItem.Status)).Contains(SupervisionStatus.Closed);
        if (values.AnyModified(ItemRanked) || (closed && values.AnyModified(nameof(SupervisionItem.Status))))
        {
            changes.Add(KeptChange.All(KeptKind.SupervisionRanking));
        }
    }

    private static void ProblemChanges(List<KeptChange> changes, Values values)
    {
        if (values.State != EntityState.Modified || values.AnyModified(ProblemShown))
        {
            changes.Add(KeptChange.From(KeptKind.ProblemsDay, values.Earliest(nameof(Problem.CreatedAtUtc))));
            return;
        }

        if (values.AnyModified(nameof(Problem.Status), nameof(Problem.ClosedAtUtc)))
        {
            // Open at an instant while open now or answered after it: the count changes from the earlier of the two "open until".
            var before = OpenUntil(values.Original<ProblemStatus>(nameof(Problem.Status)), values.Original<DateTime?>(nameof(Problem.ClosedAtUtc)));
            var after = OpenUntil(values.Current<ProblemStatus>(nameof(Problem.Status)), values.Current<DateTime?>(nameof(Problem.ClosedAtUtc)));
            if (before != after)
            {
                changes.Add(KeptChange.From(KeptKind.ProblemsDay, before < after ? before : after));
            }
        }
    }

    /// <summary>The instant up to which a problem counts as open (<see cref="ProblemList.OpenAt"/>): always while open, never when answered without an instant.</summary>
    private static DateTime OpenUntil(ProblemStatus status, DateTime? closedAtUtc) =>
        status == ProblemStatus.Open ? DateTime.MaxValue : closedAtUtc ?? DateTime.MinValue;

    /// <summary>An entry's values before and after the change (both the same for an added or a deleted one).</summary>
    private readonly struct Values(EntityEntry entry, EntityState state)
    {
        public EntityState State => state;

        public T Original<T>(string name) => state == EntityState.Added ? (T)entry.CurrentValues[name]! : (T)entry.OriginalValues[name]!;

        public T Current<T>(string name) => state == EntityState.Deleted ? (T)entry.OriginalValues[name]! : (T)entry.CurrentValues[name]!;

        public T[] Both<T>(string name) => [Original<T>(name), Current<T>(name)];

        public bool AnyModified(params string[] names)
        {
            var e = entry;
            return names.Any(n => e.Property(n).IsModified);
        }

        public DateTime Earliest(string name) => Both<DateTime>(name).Min();

        /// <summary>The earlier of two optional instants, a missing one being "never".</summary>
        public DateTime EarliestOrNever(string name) => Both<DateTime?>(name).Select(d => d ?? DateTime.MaxValue).Min();
    }
}
