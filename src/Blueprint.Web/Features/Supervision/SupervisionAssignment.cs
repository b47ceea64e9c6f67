using Blueprint.Web.Data;
using Blueprint.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>
/// The one way a supervision item comes into being — from the supervision form, an Excel batch,
/// a meeting decision or a review item — so every item gets a case number, an "assigned" step
/// and its lead unit's notification the same way. The caller saves (one transaction).
/// </summary>
public static class SupervisionAssignment
{
    public static async Task<SupervisionItem> AssignAsync(
        BlueprintDb db, SupervisionItem item, int? actorId, DateTime nowUtc, IStringLocalizer t, CancellationToken ct)
    {
        item.Status = SupervisionStatus.Assigned;
        item.CreatedAtUtc = nowUtc;
        if (string.IsNullOrWhiteSpace(item.CaseNumber))
        {
            item.CaseNumber = await NextCaseNumberAsync(db, nowUtc.Year, ct);
        }

        db.Add(item);
        db.Add(new SupervisionStep
        {
            Item = item,
            UnitId = item.UnitId,
            Kind = SupervisionStepKind.Assigned,
            ActorId = actorId,
            AtUtc = nowUtc,
        });
        await Inbox.NotifyUnitAsync(db, item.UnitId, NotificationKind.NewAssignment, new NoticeText("Supervision.Notice.Assigned", item.Title), t,
            link: $"/supervision/case/{Uri.EscapeDataString(item.CaseNumber)}", dedupKey: $"sup-assigned:{item.CaseNumber}", nowUtc, ct);
        return item;
    }

    /// <summary>DB-YYYY-NNNN, one sequence per year; the unique index on the case number catches a race.</summary>
    public static async Task<string> NextCaseNumberAsync(BlueprintDb db, int year, CancellationToken ct)
    {
        var prefix = $"DB-{year}-";
        var last = await db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter])
            .Where(i => i.CaseNumber.StartsWith(prefix))
            .OrderByDescending(i => i.CaseNumber)
            .Select(i => i.CaseNumber)
            .FirstOrDefaultAsync(ct);
        var next = last is null ? 1 : int.Parse(last[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture) + 1;
        var local = db.ChangeTracker.Entries<SupervisionItem>().Count(e => e.State == EntityState.Added && e.Entity.CaseNumber?.StartsWith(prefix, StringComparison.Ordinal) == true);
        return $"{prefix}{next + local:0000}";
    }
}
