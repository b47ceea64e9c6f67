using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Supervision;

/// <summary>An item overdue at the cockpit's day, with the deadline it had then.</summary>
public sealed record OverdueItem(int Id, string CaseNumber, string Title, int UnitId, string UnitName, DateOnly Deadline, int DaysOverdue);

/// <summary>Supervision items as they stood at the end of a day: open, overdue (with the lead units' counts) and the overdue items.</summary>
public sealed record SupervisionState(int Open, int Overdue, IReadOnlyDictionary<int, int> OverdueByUnit, IReadOnlyList<OverdueItem> OverdueItems);

/// <summary>
/// Supervision items at the end of a past day, from the kept history rather than the stored
/// light (which is today's): an item was open when created by then and not closed by then, and
/// overdue when the light rule (<see cref="StatusLights.ForDeadline"/>) judged its deadline of
/// that day red. An approved extension moves the deadline only from the moment of its
/// <see cref="SupervisionStepKind.ExtensionApproved"/> step, so a later extension does not
/// clear an earlier overdue. For today this is the red list (the job marks the same rule).
/// </summary>
public static class SupervisionAsOf
{
    public static async Task<SupervisionState> ComputeAsync(BlueprintDb db, DateOnly day, DateTime dayEndUtc, CancellationToken ct)
    {
        var open = db.Set<SupervisionItem>().AsNoTracking()
            .Where(i => i.CreatedAtUtc <= dayEndUtc && (i.ClosedAtUtc == null || i.ClosedAtUtc > dayEndUtc));
        var openCount = await open.CountAsync(ct);

        // Candidates: overdue under the first or the current deadline (an extension only moves it later).
        var candidates = await open.Where(i => i.Deadline < day || (i.OriginalDeadline != null && i.OriginalDeadline < day))
            .Select(i => new { i.Id, i.CaseNumber, i.Title, i.UnitId, UnitName = i.Unit!.Name, i.Deadline, i.OriginalDeadline })
            .ToListAsync(ct);
        var extended = candidates.Where(i => i.Deadline >= day).ToDictionary(i => i.Id, i => i.OriginalDeadline ?? i.Deadline);
        var deadlines = extended.Count == 0 ? [] : await DeadlinesAtAsync(db, extended, dayEndUtc, ct);

        var overdue = candidates
            .Select(i => new { Item = i, Deadline = deadlines.TryGetValue(i.Id, out var d) ? d : i.Deadline })
            .Where(x => StatusLights.ForDeadline(x.Deadline, day, closed: false) == StatusLight.Red)
            .Select(x => new OverdueItem(x.Item.Id, x.Item.CaseNumber, x.Item.Title, x.Item.UnitId, x.Item.UnitName, x.Deadline,
                SupervisionLights.DaysOverdue(x.Deadline, day)))
            .OrderBy(i => i.Deadline).ThenBy(i => i.CaseNumber, StringComparer.Ordinal)
            .ToList();
        return new SupervisionState(openCount, overdue.Count,
            overdue.GroupBy(i => i.UnitId).ToDictionary(g => g.Key, g => g.Count()), overdue);
    }

    /// <summary>
    /// The deadline each extended item had at an instant: the first deadline until the first
    /// approval step, then the deadline asked by the request approved. Requests are decided one
    /// at a time (a new one waits for the pending one), so the k-th approval step approved the
    /// k-th approved request.
    /// </summary>
    private static async Task<Dictionary<int, DateOnly>> DeadlinesAtAsync(BlueprintDb db, Dictionary<int, DateOnly> first, DateTime atUtc, CancellationToken ct)
    {
        var ids = first.Keys.ToList();
        var approvals = (await db.Set<SupervisionStep>().AsNoTracking()
                .Where(s => EF.Parameter(ids).Contains(s.SupervisionItemId) && s.Kind == SupervisionStepKind.ExtensionApproved)
                .Select(s => new { s.SupervisionItemId, s.AtUtc, s.Id }).ToListAsync(ct))
            .ToLookup(s => s.SupervisionItemId);
        var requests = (await db.Set<ExtensionRequest>().AsNoTracking()
            .Where(r => EF.Parameter(ids).Contains(r.SupervisionItemId) && r.Status == ExtensionStatus.Approved)
            .OrderBy(r => r.Id)
            .Select(r => new { r.SupervisionItemId, r.RequestedDeadline }).ToListAsync(ct))
            .ToLookup(r => r.SupervisionItemId, r => r.RequestedDeadline);

        return ids.ToDictionary(id => id, id =>
        {
            var approvedBy = approvals[id].Count(s => s.AtUtc <= atUtc);
            var asked = requests[id].ToList();
            return approvedBy == 0 || asked.Count == 0 ? first[id] : asked[Math.Min(approvedBy, asked.Count) - 1];
        });
    }
}
