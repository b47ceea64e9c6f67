using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Audit;

/// <summary>
/// The filters of the audit log; every one optional. Dates are city dates, both ends included.
/// No defaults on purpose: the API binds it with [AsParameters].
/// </summary>
public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? UserName, int? UnitId, string? Entity, string? EntityKey, string? Action);

public sealed record AuditEntryDto(
    long Id, DateTime AtUtc, string At, string? UserName, int? UnitId, string? UnitName, string Entity, string EntityLabel,
    string EntityKey, string Action, string ActionLabel, string? ClientIp, IReadOnlyList<AuditChangeDto> Changes);

/// <summary>The one query behind the audit log page, its API and its export, and the record of who read it.</summary>
public static class AuditLog
{
    /// <summary>Events that are not row changes: reads of the two logs and checks of the chain.</summary>
    public const string LogEntity = "AuditLog";
    public const string SignInLogEntity = "SignInLog";
    public const string ChainEntity = "AuditChain";

    public static readonly string[] Actions = ["Insert", "Update", "Delete", "Read", "Export", "Verify"];

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Row(long Id, DateTime AtUtc, string? UserName, int? UnitId, string? UnitName, string Entity, string EntityKey,
        string Action, string? Before, string? After, string? ClientIp);

    public static async Task<Page<AuditEntryDto>> PageAsync(BlueprintDb db, AuditFilter f, AuditLabels labels, int? page, int? pageSize, CancellationToken ct)
    {
        var rows = await Query(db, f).ToPageAsync(page, pageSize, ct);
        var references = await ReferencesAsync(db, rows.Items, ct);
        return new Page<AuditEntryDto>([.. rows.Items.Select(r => AsDto(r, labels, references))], rows.Total, rows.PageNumber, rows.PageSize);
    }

    public static async Task<IReadOnlyList<AuditEntryDto>> AllAsync(BlueprintDb db, AuditFilter f, AuditLabels labels, CancellationToken ct)
    {
        var rows = await Query(db, f).ToListAsync(ct);
        var references = await ReferencesAsync(db, rows, ct);
        return [.. rows.Select(r => AsDto(r, labels, references))];
    }

    /// <summary>The names of the records the rows' fields point at, as they are now (the rows stay as stored).</summary>
    private static Task<AuditReferences> ReferencesAsync(BlueprintDb db, IEnumerable<Row> rows, CancellationToken ct) =>
        AuditReferences.LoadAsync(db, rows.Select(r => (r.Entity, r.Before, r.After)), ct);

    private static IQueryable<Row> Query(BlueprintDb db, AuditFilter f)
    {
        var query = db.Set<AuditRecord>().AsNoTracking();
        if (f.From is { } from)
        {
            var fromUtc = StartUtc(from);
            query = query.Where(r => r.AtUtc >= fromUtc);
        }

        if (f.To is { } to)
        {
            var toUtc = StartUtc(to.AddDays(1));
            query = query.Where(r => r.AtUtc < toUtc);
        }

        if (!string.IsNullOrWhiteSpace(f.UserName))
        {
            var name = f.UserName.Trim();
            query = query.Where(r => r.UserName != null && r.UserName.Contains(name));
        }

        if (f.UnitId is { } unitId)
        {
            query = query.Where(r => r.UnitId == unitId);
        }

        if (!string.IsNullOrWhiteSpace(f.Entity))
        {
            var entity = f.Entity.Trim();
            query = query.Where(r => r.Entity == entity);
        }

        if (!string.IsNullOrWhiteSpace(f.EntityKey))
        {
            var key = f.EntityKey.Trim();
            query = query.Where(r => r.EntityKey == key);
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            var action = f.Action.Trim();
            query = query.Where(r => r.Action == action);
        }

        return query.OrderByDescending(r => r.Id).Select(r => new Row(r.Id, r.AtUtc, r.UserName, r.UnitId,
            db.Set<Unit>().Where(u => u.Id == r.UnitId).Select(u => u.Name).FirstOrDefault(),
            r.Entity, r.EntityKey, r.Action, r.Before, r.After, r.ClientIp));
    }

    /// <summary>An instant in city time to the second: in a log, the order of events within a minute matters.</summary>
    public static string At(DateTime utc) => CityTime.Of(utc).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The UTC instant at which a city date begins.</summary>
    public static DateTime StartUtc(DateOnly cityDate) =>
        DateTime.SpecifyKind(cityDate.ToDateTime(TimeOnly.MinValue) - CityTime.Offset, DateTimeKind.Utc);

    private static AuditEntryDto AsDto(Row r, AuditLabels labels, AuditReferences references) => new(
        r.Id, r.AtUtc, At(r.AtUtc), r.UserName, r.UnitId, r.UnitName, r.Entity, labels.Entity(r.Entity),
        r.EntityKey, r.Action, labels.Action(r.Action), r.ClientIp, labels.Changes(r.Entity, r.Before, r.After, references));

    public static XlsxColumn[] ExportColumns(IStringLocalizer<SharedResource> t) =>
    [
        new(t["Audit.Col.At"]), new(t["Audit.Col.User"]), new(t["Audit.Col.Unit"]), new(t["Audit.Col.Entity"]), new(t["Audit.Col.Key"]),
        new(t["Audit.Col.Action"]), new(t["Audit.Col.Changes"], Width: 60), new(t["Audit.Col.Ip"]),
    ];

    public static IEnumerable<IReadOnlyDictionary<string, object?>> ExportRows(IEnumerable<AuditEntryDto> rows, IStringLocalizer<SharedResource> t) =>
        rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [t["Audit.Col.At"]] = r.At,
            [t["Audit.Col.User"]] = r.UserName,
            [t["Audit.Col.Unit"]] = r.UnitName,
            [t["Audit.Col.Entity"]] = r.EntityLabel,
            [t["Audit.Col.Key"]] = r.EntityKey,
            [t["Audit.Col.Action"]] = r.ActionLabel,
            [t["Audit.Col.Changes"]] = AuditLabels.Summary(r.Changes),
            [t["Audit.Col.Ip"]] = r.ClientIp,
        });

    /// <summary>
    /// Records that the current user read (or exported) one of the two logs, with the filter
    /// and the number of rows, in the audit chain itself: another audit administrator sees who
    /// looked at what, and the reader cannot remove the trace.
    /// </summary>
    public static Task RecordReadAsync(BlueprintDb db, string log, string action, object filter, int rows, TimeProvider clock, CancellationToken ct)
    {
        var values = JsonSerializer.SerializeToElement(filter, Json).EnumerateObject()
            .Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => (object?)p.Value);
        values["Rows"] = rows;
        return AuditAppender.AppendEventAsync(db, log, "", action,
            JsonSerializer.Serialize(new SortedDictionary<string, object?>(values, StringComparer.Ordinal), Json), ct);
    }
}
