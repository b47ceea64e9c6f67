using System.Linq.Expressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Supervision;

/// <summary>An item as lists show it. <see cref="Light"/> is as the supervision job last marked it.</summary>
public sealed record SupervisionItemDto(
    int Id, string CaseNumber, string Title, SupervisionSource Source, string? Basis, int UnitId, string? UnitName, DateOnly Deadline,
    DateOnly? OriginalDeadline, FeedbackCadence Cadence, SupervisionStatus Status, StatusLight Light, int? DecisionId, int? GoalId,
    int? KeyProjectId, DateTime CreatedAtUtc, DateTime? ClosedAtUtc, int Version);

public sealed record UnitRef(int Id, string Name);

public sealed record SupervisionStepDto(long Id, SupervisionStepKind Kind, int? ActorId, string? ActorName, string? UnitName, string? Comment,
    SupervisionPushBackKind? PushBackKind, DateTime AtUtc);

public sealed record SupervisionFeedbackDto(int Id, int SupervisionItemId, int UnitId, string? UnitName, int AuthorId, string? AuthorName, string Text, DateTime CreatedAtUtc);

public sealed record ExtensionRequestDto(int Id, int SupervisionItemId, int UnitId, DateOnly RequestedDeadline, string Reason, ExtensionStatus Status,
    string? DecisionComment, int Version);

public sealed record SupervisionAttachmentDto(int Id, int SupervisionItemId, string FileName, string ContentType, long Size, string? UploadedBy, DateTime UploadedAtUtc);

/// <summary>
/// Everything the detail page shows, and what the current user may do now (from
/// <see cref="SupervisionFlow"/>), so a client offers exactly the allowed actions.
/// </summary>
public sealed record SupervisionDetailDto(
    SupervisionItemDto Item, IReadOnlyList<UnitRef> CooperatingUnits, string? DecisionText, SupervisionActor Actor,
    IReadOnlyList<SupervisionAction> AllowedActions, bool CanEdit, IReadOnlyList<SupervisionStepDto> Steps,
    IReadOnlyList<SupervisionFeedbackDto> Feedback, IReadOnlyList<ExtensionRequestDto> Extensions, IReadOnlyList<SupervisionAttachmentDto> Attachments);

/// <summary>The filters of the item list; every one optional. <paramref name="Cooperating"/> lists the items the user's units cooperate on instead of those they lead.</summary>
public sealed record SupervisionFilter(
    SupervisionStatus? Status = null, StatusLight? Light = null, SupervisionSource? Source = null, int? UnitId = null,
    DateOnly? DeadlineFrom = null, DateOnly? DeadlineTo = null, string? Q = null, bool Cooperating = false, DateOnly? OverdueOn = null);

/// <summary>The one query behind the list page, the list API and its export, and the detail read.</summary>
public static class SupervisionQueries
{
    public static readonly Expression<Func<SupervisionItem, SupervisionItemDto>> AsDto = i => new SupervisionItemDto(
        i.Id, i.CaseNumber, i.Title, i.Source, i.Basis, i.UnitId, i.Unit != null ? i.Unit.Name : null, i.Deadline, i.OriginalDeadline,
        i.Cadence, i.Status, i.Light, i.DecisionId, i.GoalId, i.KeyProjectId, i.CreatedAtUtc, i.ClosedAtUtc, i.Version);

    public static async Task<IQueryable<SupervisionItem>> QueryAsync(BlueprintDb db, SupervisionFilter f, CancellationToken ct)
    {
        var query = (f.Cooperating ? SupervisionAccess.Cooperating(db) : db.Set<SupervisionItem>()).AsNoTracking();
        query = f.Status is { } status ? query.Where(i => i.Status == status) : query;
        query = f.Light is { } light ? query.Where(i => i.Light == light) : query;
        query = f.Source is { } source ? query.Where(i => i.Source == source) : query;
        query = f.DeadlineFrom is { } from ? query.Where(i => i.Deadline >= from) : query;
        query = f.DeadlineTo is { } to ? query.Where(i => i.Deadline <= to) : query;
        if (f.UnitId is { } unitId)
        {
            // The lead unit with every unit below it, as the other lists filter by unit.
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            var units = db.Set<Unit>().Where(u => u.Path.StartsWith(path)).Select(u => u.Id);
            query = query.Where(i => units.Contains(i.UnitId));
        }

        if (f.OverdueOn is { } day)
        {
            // Overdue at the end of a past day as the history judges it (the cockpit's links from a past month).
            var ids = (await SupervisionAsOf.ComputeAsync(db, day, SupervisionLights.EndOfDayUtc(day), ct)).OverdueItems.Select(i => i.Id).ToList();
            query = query.Where(i => EF.Parameter(ids).Contains(i.Id));
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            query = query.Where(i => i.Title.Contains(q) || i.CaseNumber.Contains(q) || (i.Basis != null && i.Basis.Contains(q)));
        }

        // Open items first, nearest deadline first, so the overdue lead the list.
        return query.OrderBy(i => i.Status == SupervisionStatus.Closed).ThenBy(i => i.Deadline).ThenBy(i => i.Id);
    }

    public static async Task<SupervisionDetailDto?> DetailAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var item = await SupervisionAccess.FindAsync(db, id, ct);
        if (item is null)
        {
            return null;
        }

        var (actor, _) = await SupervisionAccess.ActorAsync(db, item, ct);

        // The item is visible (checked above), so all of its history is: steps and feedback of a
        // cooperating unit carry that unit, which the lead unit's scope would otherwise hide.
        var dto = await db.Set<SupervisionItem>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(i => i.Id == id).Select(AsDto).SingleAsync(ct);
        var coIds = item.CooperatingUnits.Select(c => c.UnitId).ToList();
        var units = await db.Set<Unit>().AsNoTracking().Where(u => coIds.Contains(u.Id)).OrderBy(u => u.SortOrder).Select(u => new UnitRef(u.Id, u.Name)).ToListAsync(ct);
        var decision = item.DecisionId is { } d ? await db.Set<Meetings.Decision>().AsNoTracking().Where(x => x.Id == d).Select(x => x.Text).SingleOrDefaultAsync(ct) : null;
        var userNames = db.Set<User>().AsNoTracking();
        var unitNames = db.Set<Unit>().AsNoTracking();
        var steps = await db.Set<SupervisionStep>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(s => s.SupervisionItemId == id)
            .OrderBy(s => s.AtUtc).ThenBy(s => s.Id)
            .Select(s => new SupervisionStepDto(s.Id, s.Kind, s.ActorId, userNames.Where(u => u.Id == s.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                unitNames.Where(u => u.Id == s.UnitId).Select(u => u.Name).FirstOrDefault(), s.Comment, s.PushBackKind, s.AtUtc))
            .ToListAsync(ct);
        var feedback = await db.Set<SupervisionFeedback>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(f => f.SupervisionItemId == id)
            .OrderBy(f => f.CreatedAtUtc).ThenBy(f => f.Id)
            .Select(f => new SupervisionFeedbackDto(f.Id, f.SupervisionItemId, f.UnitId, unitNames.Where(u => u.Id == f.UnitId).Select(u => u.Name).FirstOrDefault(),
                f.AuthorId, userNames.Where(u => u.Id == f.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), f.Text, f.CreatedAtUtc))
            .ToListAsync(ct);
        var extensions = await db.Set<ExtensionRequest>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(e => e.SupervisionItemId == id)
            .OrderBy(e => e.Id).Select(AsExtensionDto).ToListAsync(ct);
        var attachments = await db.Set<SupervisionAttachment>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AsNoTracking().Where(a => a.SupervisionItemId == id)
            .OrderBy(a => a.Id)
            .Select(a => new SupervisionAttachmentDto(a.Id, a.SupervisionItemId, a.FileName, a.ContentType, a.Size,
                userNames.Where(u => u.Id == a.UploadedById).Select(u => u.DisplayName).FirstOrDefault(), a.UploadedAtUtc))
            .ToListAsync(ct);
        var pending = extensions.Any(e => e.Status == ExtensionStatus.Pending);
        return new SupervisionDetailDto(dto, units, decision, actor, SupervisionFlow.Allowed(item.Status, actor, pending),
            SupervisionFlow.CanEdit(item.Status, actor), steps, feedback, extensions, attachments);
    }

    public static readonly Expression<Func<ExtensionRequest, ExtensionRequestDto>> AsExtensionDto = e => new ExtensionRequestDto(
        e.Id, e.SupervisionItemId, e.UnitId, e.RequestedDeadline, e.Reason, e.Status, e.DecisionComment, e.Version);

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Supervision.Col.CaseNumber"]), new(t["Supervision.Col.Title"]), new(t["Supervision.Col.Source"]), new(t["Supervision.Col.Unit"]),
        new(t["Supervision.Col.Deadline"], XlsxKind.Date), new(t["Supervision.Col.OriginalDeadline"], XlsxKind.Date), new(t["Supervision.Col.Cadence"]),
        new(t["Supervision.Col.Status"]), new(t["Supervision.Col.Light"]), new(t["Supervision.Col.Basis"]),
    ];

    /// <summary>The export of exactly what is filtered.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<SupervisionItemDto> items, IStringLocalizer<SharedResource> t) =>
        items.Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Supervision.Col.CaseNumber"]] = i.CaseNumber,
            [t["Supervision.Col.Title"]] = i.Title,
            [t["Supervision.Col.Source"]] = t[$"Supervision.Source.{i.Source}"].Value,
            [t["Supervision.Col.Unit"]] = i.UnitName,
            [t["Supervision.Col.Deadline"]] = i.Deadline,
            [t["Supervision.Col.OriginalDeadline"]] = i.OriginalDeadline,
            [t["Supervision.Col.Cadence"]] = t[$"Supervision.Cadence.{i.Cadence}"].Value,
            [t["Supervision.Col.Status"]] = t[$"Supervision.Status.{i.Status}"].Value,
            [t["Supervision.Col.Light"]] = t[$"Supervision.Light.{i.Light}"].Value,
            [t["Supervision.Col.Basis"]] = i.Basis,
        });
}
