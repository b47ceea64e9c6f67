using System.Linq.Expressions;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

/// <summary>The filters of the cross-project problem list; every one optional.</summary>
/// <param name="Q">Text in the problem's title or its project's code or name.</param>
/// <param name="UnitId">The responsible unit, with every unit below it.</param>
/// <param name="Leader">Text in the coordinating leader's title.</param>
public sealed record ProblemFilter(
    ProblemKind? Kind = null, ProblemStatus? Status = null, int? UnitId = null, bool? Overdue = null, string? Q = null, string? Leader = null,
    DateOnly? AsOf = null);

/// <summary>The rules and the one query behind the problem list, its API and its export.</summary>
public static class ProblemList
{
    /// <summary>
    /// "Today" for deadlines is the date in China (UTC+8 all year, no daylight saving), not the
    /// server's date: a deadline passes at midnight in the city, wherever the server runs.
    /// </summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>Overdue: still open and its deadline has passed (the deadline day itself is not overdue).</summary>
    public static bool IsOverdue(ProblemStatus status, DateOnly? deadline, DateOnly today) =>
        status == ProblemStatus.Open && deadline is { } d && d < today;

    /// <summary><see cref="IsOverdue(ProblemStatus, DateOnly?, DateOnly)"/> as SQL can run it.</summary>
    public static Expression<Func<Problem, bool>> Overdue(DateOnly today) =>
        p => p.Status == ProblemStatus.Open && p.Deadline != null && p.Deadline < today;

    /// <summary>
    /// Open at an instant, from the raised and answered instants: raised by then and not answered
    /// by then (a problem answered without a recorded instant counts as answered long ago).
    /// </summary>
    public static Expression<Func<Problem, bool>> OpenAt(DateTime endUtc) =>
        p => p.CreatedAtUtc <= endUtc && (p.Status == ProblemStatus.Open || (p.ClosedAtUtc != null && p.ClosedAtUtc > endUtc));

    /// <summary><see cref="Overdue(DateOnly)"/> judged at the end of a past day: open then, and the deadline had passed.</summary>
    public static Expression<Func<Problem, bool>> OverdueAt(DateOnly day, DateTime endUtc) =>
        p => p.CreatedAtUtc <= endUtc && (p.Status == ProblemStatus.Open || (p.ClosedAtUtc != null && p.ClosedAtUtc > endUtc))
            && p.Deadline != null && p.Deadline < day;

    /// <summary>
    /// The filtered problems. With <see cref="ProblemFilter.AsOf"/> the list is as it stood at the
    /// end of that day: problems raised by then, "open" and "overdue" judged then (the cockpit's
    /// links from a past month); other statuses and every shown field are today's.
    /// </summary>
    public static async Task<IQueryable<Problem>> QueryAsync(BlueprintDb db, ProblemFilter f, DateOnly today, CancellationToken ct)
    {
        var query = db.Set<Problem>().AsNoTracking();
        var asOfEnd = f.AsOf is { } asOf ? SupervisionLights.EndOfDayUtc(asOf) : (DateTime?)null;
        query = asOfEnd is { } raisedBy ? query.Where(p => p.CreatedAtUtc <= raisedBy) : query;
        query = f.Kind is { } kind ? query.Where(p => p.Kind == kind) : query;
        query = (f.Status, asOfEnd) switch
        {
            (ProblemStatus.Open, { } end) => query.Where(OpenAt(end)),
            ({ } status, _) => query.Where(p => p.Status == status),
            _ => query,
        };
        if (f.UnitId is { } unitId)
        {
            var path = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            query = query.Where(p => db.Set<Unit>().Any(u => u.Id == p.UnitId && u.Path.StartsWith(path)));
        }

        if (f.Overdue is { } overdue)
        {
            var rule = f.AsOf is { } day && asOfEnd is { } dayEnd ? OverdueAt(day, dayEnd) : Overdue(today);
            query = overdue ? query.Where(rule) : query.Where(Expression.Lambda<Func<Problem, bool>>(Expression.Not(rule.Body), rule.Parameters));
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            query = query.Where(p => p.Title.Contains(q) || (p.KeyProject != null && (p.KeyProject.Code.Contains(q) || p.KeyProject.Name.Contains(q))));
        }

        if (!string.IsNullOrWhiteSpace(f.Leader))
        {
            var leader = f.Leader.Trim();
            query = query.Where(p => p.CoordinatingLeader != null && p.CoordinatingLeader.Contains(leader));
        }

        // Open problems first, nearest deadline first (so the overdue lead); no deadline last.
        return query.OrderBy(p => p.Status).ThenBy(p => p.Deadline == null).ThenBy(p => p.Deadline).ThenBy(p => p.Id);
    }

    public static async Task<List<ProblemDto>> ToDtosAsync(IQueryable<Problem> query, DateOnly today, CancellationToken ct) =>
        [.. (await query.Select(ProblemsApi.AsDto).ToListAsync(ct)).Select(p => p.WithOverdue(today))];

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Problems.Col.Title"]), new(t["Problems.Col.Kind"]), new(t["Problems.Col.ProjectCode"]), new(t["Problems.Col.Project"]),
        new(t["Problems.Col.Unit"]), new(t["Problems.Col.Leader"]), new(t["Problems.Col.Deadline"], XlsxKind.Date),
        new(t["Problems.Col.Escalation"]), new(t["Problems.Col.Status"]), new(t["Problems.Col.Overdue"]), new(t["Problems.Col.Answer"]),
    ];

    /// <summary>The export of exactly what is filtered, with Chinese (or English) headers.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<ProblemDto> problems, IStringLocalizer<SharedResource> t) =>
        problems.Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Problems.Col.Title"]] = p.Title,
            [t["Problems.Col.Kind"]] = t[$"Problems.Kind.{p.Kind}"].Value,
            [t["Problems.Col.ProjectCode"]] = p.ProjectCode,
            [t["Problems.Col.Project"]] = p.ProjectName,
            [t["Problems.Col.Unit"]] = p.UnitName,
            [t["Problems.Col.Leader"]] = p.CoordinatingLeader,
            [t["Problems.Col.Deadline"]] = p.Deadline,
            [t["Problems.Col.Escalation"]] = p.EscalationLevel,
            [t["Problems.Col.Status"]] = t[$"Problems.Status.{p.Status}"].Value,
            [t["Problems.Col.Overdue"]] = p.IsOverdue ? t["Problems.Overdue"].Value : "",
            [t["Problems.Col.Answer"]] = p.Answer,
        });
}
