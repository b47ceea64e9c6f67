using System.Runtime.CompilerServices;
using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Indicators;
using Blueprint.Web.Features.Plans;
using Blueprint.Web.Features.Projects;
using Blueprint.Web.Features.Projects.Proposals;
using Blueprint.Web.Features.Reviews;
using Blueprint.Web.Features.Supervision;
using Blueprint.Web.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Blueprint.Web.Features.Audit;

/// <summary>One record an audited field points at: its kind, id and name.</summary>
public sealed record AuditReference(Type Type, int Id, string Name);

/// <summary>
/// The names of the records that the fields of a page of audit records point at (UnitId 5 →
/// 安岳县, KeyProjectId 812 → the project's name), read when the page or the export is made. The
/// stored records stay exactly as written: the hash chain covers them, and a name read now is
/// today's name of the record. One query per referenced table for the whole page, whatever its
/// number of rows; an id whose record is gone (or a kind not named here) stays a bare number.
/// <para>A field points at a record when the model has it as the single property of a foreign key
/// to one of the named kinds, or, for people, when its name ends in "ById" (the step's user is
/// kept by id without a navigation: SubmittedById, ReopenedById …).</para>
/// </summary>
public sealed class AuditReferences
{
    public static readonly AuditReferences None = new(new Dictionary<(string, string), Type>(), []);

    private static readonly ConditionalWeakTable<IModel, IReadOnlyDictionary<(string Entity, string Field), Type>> Maps = new();

    private delegate Task<List<Named>> Reader(BlueprintDb db, List<int> ids, bool pastScope, CancellationToken ct);

    private sealed record Named(int Id, string? Name);

    /// <summary>
    /// The kinds named, each with its name. For the audit log (<c>pastScope</c>) read past the scope
    /// filter (the audit administrator has no data scope) and, for projects, past the library filter (a
    /// proposal's id is named too). For a business reader (a project's own trail) read through every
    /// filter of the reader's context: a record the reader may not see stays a bare id, its name never
    /// leaks. Units, accounts and roles have no filter: every signed-in user sees the unit tree.
    /// </summary>
    private static readonly Dictionary<Type, Reader> Readers = new()
    {
        [typeof(Unit)] = (db, ids, _, ct) => db.Set<Unit>().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        [typeof(KeyProject)] = (db, ids, past, ct) => Source<KeyProject>(db, past, ProjectProposals.LibraryFilter).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        [typeof(User)] = (db, ids, _, ct) => db.Set<User>().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.UserName)).ToListAsync(ct),
        [typeof(Role)] = (db, ids, _, ct) => db.Set<Role>().Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        [typeof(Indicator)] = (db, ids, past, ct) => Source<Indicator>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Name)).ToListAsync(ct),
        [typeof(PlanYear)] = (db, ids, past, ct) => Source<PlanYear>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Title)).ToListAsync(ct),
        [typeof(Priority)] = (db, ids, past, ct) => Source<Priority>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Title)).ToListAsync(ct),
        [typeof(Goal)] = (db, ids, past, ct) => Source<Goal>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Title)).ToListAsync(ct),
        [typeof(SupervisionItem)] = (db, ids, past, ct) => Source<SupervisionItem>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Title)).ToListAsync(ct),
        [typeof(Problem)] = (db, ids, past, ct) => Source<Problem>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Title)).ToListAsync(ct),
        [typeof(ReviewCampaign)] = (db, ids, past, ct) => Source<ReviewCampaign>(db, past).Where(x => ids.Contains(x.Id)).Select(x => new Named(x.Id, x.Title)).ToListAsync(ct),
    };

    /// <summary>A kind's rows past the scope filter (and the other named filters), or through every filter of the context.</summary>
    private static IQueryable<T> Source<T>(BlueprintDb db, bool pastScope, params string[] alsoPast) where T : class =>
        pastScope ? db.Set<T>().IgnoreQueryFilters([BlueprintDb.ScopeFilter, .. alsoPast]) : db.Set<T>();

    private readonly IReadOnlyDictionary<(string Entity, string Field), Type> _fields;
    private readonly Dictionary<(Type Type, int Id), string> _names;

    private AuditReferences(IReadOnlyDictionary<(string Entity, string Field), Type> fields, Dictionary<(Type, int), string> names) =>
        (_fields, _names) = (fields, names);

    /// <summary>The kind of record a field of an audited entity points at, or null.</summary>
    public static Type? KindOf(IModel model, string entity, string field) => Map(model).GetValueOrDefault((entity, field));

    /// <summary>
    /// The names of every record the given audit records' fields point at, past every data scope (the
    /// audit log, read by the audit administrator): one query per kind.
    /// </summary>
    public static Task<AuditReferences> LoadAsync(BlueprintDb db, IEnumerable<(string Entity, string? Before, string? After)> records, CancellationToken ct) =>
        LoadAsync(db, records, pastScope: true, ct);

    /// <summary>
    /// The same for a business reader (a project's own trail): one query per kind, each through the
    /// reader's scope, so that only records the reader may open are named; any other stays its id.
    /// </summary>
    public static Task<AuditReferences> LoadForReaderAsync(BlueprintDb db, IEnumerable<(string Entity, string? Before, string? After)> records, CancellationToken ct) =>
        LoadAsync(db, records, pastScope: false, ct);

    private static async Task<AuditReferences> LoadAsync(BlueprintDb db, IEnumerable<(string Entity, string? Before, string? After)> records, bool pastScope, CancellationToken ct)
    {
        var map = Map(db.Model);
        var wanted = new Dictionary<Type, HashSet<int>>();
        foreach (var (entity, before, after) in records)
        {
            foreach (var json in new[] { before, after })
            {
                if (json is null)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (map.TryGetValue((entity, property.Name), out var type) && property.Value.ValueKind == JsonValueKind.Number
                        && property.Value.TryGetInt32(out var id))
                    {
                        (wanted.TryGetValue(type, out var ids) ? ids : wanted[type] = []).Add(id);
                    }
                }
            }
        }

        var names = new Dictionary<(Type, int), string>();
        foreach (var (type, ids) in wanted)
        {
            foreach (var row in await Readers[type](db, [.. ids], pastScope, ct))
            {
                if (!string.IsNullOrEmpty(row.Name))
                {
                    names[(type, row.Id)] = row.Name;
                }
            }
        }

        return new AuditReferences(map, names);
    }

    /// <summary>The record a field's stored value points at, when it still exists.</summary>
    public AuditReference? Of(string entity, string field, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && _fields.TryGetValue((entity, field), out var type) && value.TryGetInt32(out var id)
            && _names.TryGetValue((type, id), out var name)
            ? new AuditReference(type, id, name)
            : null;

    private static IReadOnlyDictionary<(string Entity, string Field), Type> Map(IModel model) => Maps.GetValue(model, m =>
    {
        var map = new Dictionary<(string Entity, string Field), Type>();
        foreach (var type in m.GetEntityTypes())
        {
            var entity = type.ClrType.Name;
            foreach (var key in type.GetForeignKeys())
            {
                if (key.Properties is [var property] && Readers.ContainsKey(key.PrincipalEntityType.ClrType))
                {
                    map.TryAdd((entity, property.Name), key.PrincipalEntityType.ClrType);
                }
            }

            foreach (var property in type.GetProperties())
            {
                if (property.Name.EndsWith("ById", StringComparison.Ordinal) && (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) == typeof(int))
                {
                    map.TryAdd((entity, property.Name), typeof(User));
                }
            }
        }

        // A read of the audit log records its filter, whose unit is a unit.
        map.TryAdd((AuditLog.LogEntity, nameof(AuditFilter.UnitId)), typeof(Unit));
        return map;
    });
}
