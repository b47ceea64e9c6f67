using Blueprint.Web.Data;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Meetings;

public sealed record MeetingRow(int Id, DateOnly Date, string Title, int AttendeeCount, int ParticipatingUnitCount, int DurationMinutes, int DecisionCount, int ItemCount);

public sealed record DecisionItemDto(int Id, string CaseNumber, string Title, int UnitId, string UnitName, DateOnly Deadline, SupervisionStatus Status, StatusLight Light);

public sealed record DecisionDto(int Id, string Text, int SortOrder, int Version, IReadOnlyList<DecisionItemDto> Items);

public sealed record MeetingUnitDto(int Id, string Name);

public sealed record MeetingDto(
    int Id, DateOnly Date, string Title, int AttendeeCount, int ParticipatingUnitCount, int DurationMinutes, string? Minutes,
    IReadOnlyList<MeetingUnitDto> Units, IReadOnlyList<DecisionDto> Decisions, int Version);

/// <summary>The filters of the meeting list; every one optional.</summary>
public sealed record MeetingFilter(int? Year = null, string? Q = null);

/// <summary>The one query behind the meeting list, its API and its export, and the meeting's detail.</summary>
public static class MeetingQueries
{
    public static IQueryable<MeetingRow> List(BlueprintDb db, MeetingFilter f)
    {
        var query = db.Set<Meeting>().AsNoTracking();
        if (BadQueryException.Year(f.Year) is { } year)
        {
            query = query.Where(m => m.Date >= new DateOnly(year, 1, 1) && m.Date <= new DateOnly(year, 12, 31));
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            query = query.Where(m => m.Title.Contains(q) || (m.Minutes != null && m.Minutes.Contains(q)) || m.Decisions.Any(d => d.Text.Contains(q)));
        }

        // Items are counted through the scope filter: a unit counts the items it can open.
        return query.OrderByDescending(m => m.Date).ThenByDescending(m => m.Id).Select(m => new MeetingRow(
            m.Id, m.Date, m.Title, m.AttendeeCount, m.ParticipatingUnitCount, m.DurationMinutes, m.Decisions.Count,
            db.Set<SupervisionItem>().Count(i => i.DecisionId != null && i.Decision!.MeetingId == m.Id)));
    }

    public static async Task<MeetingDto?> FindAsync(BlueprintDb db, int id, CancellationToken ct)
    {
        var m = await db.Set<Meeting>().AsNoTracking().Include(x => x.Decisions).Include(x => x.Units).ThenInclude(u => u.Unit)
            .SingleOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return null;
        }

        var decisionIds = m.Decisions.Select(d => d.Id).ToList();
        var items = await db.Set<SupervisionItem>().AsNoTracking().Where(i => i.DecisionId != null && decisionIds.Contains(i.DecisionId.Value))
            .OrderBy(i => i.CaseNumber)
            .Select(i => new { DecisionId = i.DecisionId!.Value, Dto = new DecisionItemDto(i.Id, i.CaseNumber, i.Title, i.UnitId, i.Unit!.Name, i.Deadline, i.Status, i.Light) })
            .ToListAsync(ct);
        return new MeetingDto(m.Id, m.Date, m.Title, m.AttendeeCount, m.ParticipatingUnitCount, m.DurationMinutes, m.Minutes,
            [.. m.Units.OrderBy(u => u.Unit!.SortOrder).ThenBy(u => u.UnitId).Select(u => new MeetingUnitDto(u.UnitId, u.Unit!.Name))],
            [.. m.Decisions.OrderBy(d => d.SortOrder).ThenBy(d => d.Id).Select(d => new DecisionDto(d.Id, d.Text, d.SortOrder, d.Version,
                [.. items.Where(i => i.DecisionId == d.Id).Select(i => i.Dto)]))],
            m.Version);
    }

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Meetings.Col.Date"], XlsxKind.Date), new(t["Meetings.Col.Title"]), new(t["Meetings.Col.Attendees"], XlsxKind.Integer),
        new(t["Meetings.Col.Units"], XlsxKind.Integer), new(t["Meetings.Col.Duration"], XlsxKind.Integer),
        new(t["Meetings.Col.Decisions"], XlsxKind.Integer), new(t["Meetings.Col.Items"], XlsxKind.Integer),
    ];

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<MeetingRow> rows, IStringLocalizer<SharedResource> t) =>
        rows.Select(m => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Meetings.Col.Date"]] = m.Date,
            [t["Meetings.Col.Title"]] = m.Title,
            [t["Meetings.Col.Attendees"]] = m.AttendeeCount,
            [t["Meetings.Col.Units"]] = m.ParticipatingUnitCount,
            [t["Meetings.Col.Duration"]] = m.DurationMinutes,
            [t["Meetings.Col.Decisions"]] = m.DecisionCount,
            [t["Meetings.Col.Items"]] = m.ItemCount,
        });
}
