using System.Globalization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Milestones;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Portal;

/// <summary>One proposal of the list: the record it names (its current title), where it stands, who proposed and decided it.</summary>
public sealed record PortalReviewRowDto(
    int Id, PublicKind Kind, int RecordId, string Title, PortalReviewStatus Status, string? Note,
    int ProposedById, string? ProposedBy, DateTime ProposedAtUtc, string? DecidedBy, DateTime? DecidedAtUtc, string? Reason,
    string? WithdrawnBy, DateTime? WithdrawnAtUtc, int Version);

/// <summary>A fact of the record as the public would read it (label and value in the user's language).</summary>
public sealed record PortalFact(string Label, string Value);

/// <summary>A proposal with what the record would show on the portal, its history, and what the user may do now.</summary>
public sealed record PortalReviewDto(
    PortalReviewRowDto Review, string RecordLink, bool IsPublic, IReadOnlyList<PortalFact> Facts, string? Description,
    PortalReviewer Actor, IReadOnlyList<PortalReviewAction> AllowedActions, IReadOnlyList<PortalReviewRowDto> History);

/// <summary>A record's state on the portal, for the publish control on its page.</summary>
public sealed record PublicationState(bool IsPublic, int Version, PortalReviewRowDto? Pending, PortalReviewRowDto? LastRefused);

/// <summary>The list's filters: status, kind of record, a text in the record's title or the note.</summary>
public sealed record PortalReviewFilter(PortalReviewStatus? Status = null, PublicKind? Kind = null, string? Q = null);

/// <summary>Reading proposals to publish: the office's queue (待保密审查), one proposal, a record's state.</summary>
public static class PortalReviewQueries
{
    /// <summary>A proposal and its record's current title (a shape EF can still filter and order, unlike the DTO's constructor).</summary>
    private sealed class Titled
    {
        public PortalReview Review { get; init; } = null!;
        public string? Title { get; init; }
    }

    /// <summary>
    /// Every proposal whose record the user sees, with the record's current title. The record is
    /// read through the user's filters (scope, library), so a review of a record they cannot see,
    /// or of one deleted since, is not among them.
    /// </summary>
    private static IQueryable<Titled> Visible(BlueprintDb db)
    {
        var projects = db.Set<KeyProject>();
        var goals = db.Set<Goal>();
        var milestones = db.Set<Milestone>();
        return
            from r in db.Set<PortalReview>().AsNoTracking()
            let title = r.Kind == PublicKind.Project ? projects.Where(p => p.Id == r.RecordId).Select(p => p.Code + " " + p.Name).FirstOrDefault()
                : r.Kind == PublicKind.Goal ? goals.Where(g => g.Id == r.RecordId).Select(g => g.Title).FirstOrDefault()
                : milestones.Where(m => m.Id == r.RecordId).Select(m => m.Title).FirstOrDefault()
            where title != null
            select new Titled { Review = r, Title = title };
    }

    /// <summary>The last step of every query: the row as the list shows it, with the people's names.</summary>
    private static IQueryable<PortalReviewRowDto> AsRows(BlueprintDb db, IQueryable<Titled> query)
    {
        var users = db.Set<User>();
        return query.Select(x => new PortalReviewRowDto(
            x.Review.Id, x.Review.Kind, x.Review.RecordId, x.Title!, x.Review.Status, x.Review.Note,
            x.Review.ProposedById, users.Where(u => u.Id == x.Review.ProposedById).Select(u => u.DisplayName).FirstOrDefault(), x.Review.ProposedAtUtc,
            users.Where(u => u.Id == x.Review.DecidedById).Select(u => u.DisplayName).FirstOrDefault(), x.Review.DecidedAtUtc, x.Review.Reason,
            users.Where(u => u.Id == x.Review.WithdrawnById).Select(u => u.DisplayName).FirstOrDefault(), x.Review.WithdrawnAtUtc, x.Review.Version));
    }

    /// <summary>The list: waiting ones oldest first (the office works down the queue), otherwise newest first.</summary>
    public static IQueryable<PortalReviewRowDto> Query(BlueprintDb db, PortalReviewFilter f)
    {
        var rows = Visible(db);
        rows = f.Status is { } status ? rows.Where(x => x.Review.Status == status) : rows;
        rows = f.Kind is { } kind ? rows.Where(x => x.Review.Kind == kind) : rows;
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            rows = rows.Where(x => x.Title!.Contains(q) || (x.Review.Note != null && x.Review.Note.Contains(q)));
        }

        return AsRows(db, f.Status == PortalReviewStatus.Pending
            ? rows.OrderBy(x => x.Review.ProposedAtUtc).ThenBy(x => x.Review.Id)
            : rows.OrderByDescending(x => x.Review.Id));
    }

    public static Task<Page<PortalReviewRowDto>> PageAsync(BlueprintDb db, PortalReviewFilter f, int? page, int? pageSize, CancellationToken ct) =>
        Query(db, f).ToPageAsync(page, pageSize, ct);

    /// <summary>What waits for this user's review: pending, proposed by someone else, of a record they see. None for a non-member.</summary>
    public static IQueryable<PortalReviewRowDto> PendingFor(BlueprintDb db, CurrentUser user)
    {
        var rows = Visible(db).Where(x => x.Review.Status == PortalReviewStatus.Pending);
        rows = Roles.Of(PortalReviewFlow.Reviewers).Any(user.IsInRole) && user.UserId is { } me
            ? rows.Where(x => x.Review.ProposedById != me)
            : rows.Where(_ => false);
        return AsRows(db, rows.OrderBy(x => x.Review.ProposedAtUtc).ThenBy(x => x.Review.Id));
    }

    /// <summary>How many proposals wait for this user's review (the list's note).</summary>
    public static Task<int> WaitingForAsync(BlueprintDb db, CurrentUser user, CancellationToken ct) => PendingFor(db, user).CountAsync(ct);

    /// <summary>One proposal, or null when it does not exist or its record is out of the user's sight.</summary>
    public static async Task<PortalReviewDto?> DetailAsync(BlueprintDb db, int id, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var review = await AsRows(db, Visible(db).Where(x => x.Review.Id == id)).SingleOrDefaultAsync(ct);
        if (review is null)
        {
            return null;
        }

        var (link, isPublic, facts, description) = await RecordAsync(db, review.Kind, review.RecordId, t, ct);
        var history = await AsRows(db, Visible(db).Where(x => x.Review.Kind == review.Kind && x.Review.RecordId == review.RecordId && x.Review.Id != id)
            .OrderByDescending(x => x.Review.Id)).ToListAsync(ct);
        var actor = PortalReviewFlow.ActorOf(Roles.Of(PortalReviewFlow.Reviewers).Any(db.CurrentUser.IsInRole), review.ProposedById == db.CurrentUser.UserId);
        return new PortalReviewDto(review, link, isPublic, facts, description, actor, PortalReviewFlow.Allowed(review.Status, actor), history);
    }

    /// <summary>Whether a record is public, and its waiting or last refused proposal; null when the user does not see the record.</summary>
    public static async Task<PublicationState?> StateAsync(BlueprintDb db, PublicKind kind, int id, CancellationToken ct) =>
        (await StatesAsync(db, kind, [id], ct)).GetValueOrDefault(id);

    /// <summary>
    /// <see cref="StateAsync"/> for every record of a list in two queries: a page with one publish
    /// control per row loads them all here and hands each control its own (one DbContext serves a
    /// request, so controls must not each query it at once). Records the user does not see are left out.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, PublicationState>> StatesAsync(BlueprintDb db, PublicKind kind, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var records = kind switch
        {
            PublicKind.Project => await db.Set<KeyProject>().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.IsPublic, p.Version }).ToListAsync(ct),
            PublicKind.Goal => await db.Set<Goal>().Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.IsPublic, g.Version }).ToListAsync(ct),
            _ => await db.Set<Milestone>().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.IsPublic, m.Version }).ToListAsync(ct),
        };
        if (records.Count == 0)
        {
            return new Dictionary<int, PublicationState>();
        }

        var seen = records.Select(r => r.Id).ToList();
        var last = (await AsRows(db, Visible(db).Where(x => x.Review.Kind == kind && seen.Contains(x.Review.RecordId))).ToListAsync(ct))
            .GroupBy(r => r.RecordId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!);
        return records.ToDictionary(r => r.Id, r =>
        {
            var review = last.GetValueOrDefault(r.Id);
            return new PublicationState(r.IsPublic, r.Version,
                review?.Status == PortalReviewStatus.Pending ? review : null,
                review?.Status == PortalReviewStatus.Refused && !r.IsPublic ? review : null);
        });
    }

    /// <summary>The record's page, and what the portal would show of it: the reviewer judges exactly that.</summary>
    private static async Task<(string Link, bool IsPublic, List<PortalFact> Facts, string? Description)> RecordAsync(
        BlueprintDb db, PublicKind kind, int id, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        switch (kind)
        {
            case PublicKind.Project:
                var p = await db.Set<KeyProject>().AsNoTracking().Where(p => p.Id == id)
                    .Select(p => new { p.Code, p.Name, Unit = p.Unit!.ShortName ?? p.Unit.Name, p.Category, p.Stage, p.Location, p.Description, p.TotalInvestment, p.PlannedStart, p.PlannedCompletion, p.IsPublic })
                    .SingleAsync(ct);
                return ($"/projects/{id}", p.IsPublic,
                [
                    new(t["Library.Code"], p.Code), new(t["Library.Name"], p.Name), new(t["Library.Unit"], p.Unit),
                    new(t["Library.Category"], t[$"Library.Category.{p.Category}"]), new(t["Library.Stage"], t[$"Library.Stage.{p.Stage}"]),
                    new(t["Library.Location"], p.Location ?? "—"),
                    new(t["Library.TotalInvestment"], $"{Figure.Wan(p.TotalInvestment)} {t["Library.Wan"]}"),
                    new(t["Library.PlannedDates"], $"{Day(p.PlannedStart)} ~ {Day(p.PlannedCompletion)}"),
                ], p.Description);
            case PublicKind.Goal:
                var g = await db.Set<Goal>().AsNoTracking().Where(g => g.Id == id)
                    .Select(g => new { g.PlanYear!.Year, g.Title, Unit = g.Unit!.ShortName ?? g.Unit.Name, g.Description, g.IsPublic })
                    .SingleAsync(ct);
                return ($"/goals?year={g.Year.ToString(CultureInfo.InvariantCulture)}", g.IsPublic,
                    [new(t["PortalReviews.Fact.Year"], g.Year.ToString(CultureInfo.InvariantCulture)), new(t["PortalReviews.Fact.Goal"], g.Title), new(t["Library.Unit"], g.Unit)],
                    g.Description);
            default:
                var m = await db.Set<Milestone>().AsNoTracking().Where(m => m.Id == id)
                    .Select(m => new { m.Date, m.MonthOnly, m.Title, m.Description, m.IsPublic })
                    .SingleAsync(ct);
                var date = m.MonthOnly ? m.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture) : Day(m.Date);
                return ($"/milestones/{id}/edit", m.IsPublic, [new(t["Milestones.Date"], date), new(t["Milestones.Event"], m.Title)], m.Description);
        }
    }

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
