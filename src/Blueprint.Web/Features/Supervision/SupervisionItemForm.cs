using Blueprint.Web.Data;
using Blueprint.Web.Features.Meetings;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// Registering or editing an item's facts. The case number is given only when registering
/// (blank: the next DB-YYYY-NNNN); the status moves only through the flow's actions.
/// </summary>
public sealed record SupervisionItemInput(
    string Title, SupervisionSource Source, string? Basis, int UnitId, DateOnly Deadline, FeedbackCadence Cadence,
    IReadOnlyList<int>? CooperatingUnitIds = null, string? CaseNumber = null, int? DecisionId = null, int? GoalId = null,
    int? KeyProjectId = null, int Version = 0);

/// <summary>Create and edit, shared by the API, the pages and the import.</summary>
public static class SupervisionItemForm
{
    public static async Task<Validation> ValidateAsync(BlueprintDb db, SupervisionItemInput input, int? itemId, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var check = new Validation(t)
            .Require(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Trim().Length <= 300, "title", "Supervision.TitleRequired")
            .Require((input.Basis?.Length ?? 0) <= 4000, "basis", "Supervision.BasisTooLong")
            .Require(Enum.IsDefined(input.Source), "source", "Field.InvalidChoice")
            .Require(Enum.IsDefined(input.Cadence), "cadence", "Field.InvalidChoice")
            .Require(input.Deadline.Year is >= 2000 and <= 2100, "deadline", "Supervision.DeadlineRequired")
            .Require(await db.Set<Unit>().AnyAsync(u => u.Id == input.UnitId, ct), "unitId", "Supervision.UnitRequired");
        var coUnits = input.CooperatingUnitIds ?? [];
        check.Require(!coUnits.Contains(input.UnitId), "cooperatingUnitIds", "Supervision.CoUnitIsLead")
            .Require(await db.Set<Unit>().CountAsync(u => coUnits.Contains(u.Id), ct) == coUnits.Distinct().Count(), "cooperatingUnitIds", "Supervision.UnitRequired");
        if (itemId is null && !string.IsNullOrWhiteSpace(input.CaseNumber))
        {
            var number = input.CaseNumber.Trim();
            check.Require(number.Length <= 40, "caseNumber", "Supervision.CaseNumberTooLong")
                .Require(!await db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(i => i.CaseNumber == number, ct), "caseNumber", "Supervision.CaseNumberTaken", number);
        }

        // Links are checked past the scope filter: the office links to any unit's goal or project.
        check.Require(input.DecisionId is not { } d || await db.Set<Decision>().AnyAsync(x => x.Id == d, ct), "decisionId", "Supervision.LinkUnknown")
            .Require(input.GoalId is not { } g || await db.Set<Goal>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(x => x.Id == g, ct), "goalId", "Supervision.LinkUnknown")
            .Require(input.KeyProjectId is not { } p || await db.Set<KeyProject>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(x => x.Id == p, ct), "keyProjectId", "Supervision.LinkUnknown");
        return check;
    }

    /// <summary>A new item from valid input, ready for <see cref="SupervisionAssignment.AssignAsync"/>.</summary>
    public static SupervisionItem NewItem(SupervisionItemInput input)
    {
        var item = new SupervisionItem
        {
            CaseNumber = input.CaseNumber?.Trim() ?? "",
            Title = input.Title.Trim(),
            OriginalDeadline = input.Deadline,
        };
        Apply(item, input);
        return item;
    }

    /// <summary>Registers one item the only way items come into being; the caller saves.</summary>
    public static Task<SupervisionItem> CreateAsync(BlueprintDb db, SupervisionItemInput input, DateTime nowUtc, IStringLocalizer t, CancellationToken ct) =>
        SupervisionAssignment.AssignAsync(db, NewItem(input), db.CurrentUser.UserId, nowUtc, t, ct);

    /// <summary>
    /// The office's edit of a tracked item (with its co-units loaded), as one "edited" step; the
    /// caller saves. A new lead unit takes the item's history along (steps are scoped to the lead
    /// unit, so it sees the whole thread) and is told it now leads the item.
    /// </summary>
    public static async Task EditAsync(BlueprintDb db, SupervisionItem item, SupervisionItemInput input, DateTime nowUtc, IStringLocalizer t, CancellationToken ct)
    {
        db.ExpectVersion(item, input.Version);
        var previousLead = item.UnitId;

        // Until an extension is approved the first deadline is the deadline itself, so a corrected
        // deadline corrects both; afterwards the original stays as it was first granted.
        if (item.OriginalDeadline is null || item.OriginalDeadline == item.Deadline)
        {
            item.OriginalDeadline = input.Deadline;
        }

        item.Title = input.Title.Trim();
        Apply(item, input);
        if (item.UnitId != previousLead)
        {
            foreach (var step in await db.Set<SupervisionStep>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
                .Where(s => s.SupervisionItemId == item.Id && s.UnitId == previousLead).ToListAsync(ct))
            {
                step.UnitId = item.UnitId;
            }

            await Inbox.NotifyUnitAsync(db, item.UnitId, NotificationKind.NewAssignment, new NoticeText("Supervision.Notice.LeadChanged", item.Title), t,
                $"/supervision/{item.Id}", $"sup-lead:{item.Id}:{item.UnitId}:{input.Version}", nowUtc, ct);
        }

        db.Add(new SupervisionStep { Item = item, UnitId = item.UnitId, Kind = SupervisionStepKind.Edited, ActorId = db.CurrentUser.UserId, AtUtc = nowUtc });
    }

    private static void Apply(SupervisionItem item, SupervisionItemInput input)
    {
        item.Source = input.Source;
        item.Basis = string.IsNullOrWhiteSpace(input.Basis) ? null : input.Basis.Trim();
        item.UnitId = input.UnitId;
        item.Deadline = input.Deadline;
        item.Cadence = input.Cadence;
        item.DecisionId = input.DecisionId;
        item.GoalId = input.GoalId;
        item.KeyProjectId = input.KeyProjectId;
        var wanted = (input.CooperatingUnitIds ?? []).Distinct().ToHashSet();
        item.CooperatingUnits.RemoveAll(c => !wanted.Contains(c.UnitId));
        foreach (var unitId in wanted.Where(u => item.CooperatingUnits.All(c => c.UnitId != u)))
        {
            item.CooperatingUnits.Add(new SupervisionCoUnit { UnitId = unitId });
        }
    }
}
