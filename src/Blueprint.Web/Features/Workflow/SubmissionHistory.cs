using System.Text.Json;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Workflow;

/// <summary>One field of a kind as the history shows it: the label users see and how a kept value reads.</summary>
public sealed record HistoryField(string Key, string Label, Func<string?, string?> Show);

/// <summary>
/// One row of a history's thread (a project-month and its corrections, an indicator value and
/// its corrections, a review submission), with what a row kept before versions were recorded:
/// such a row is shown as one version built from the row itself.
/// </summary>
public sealed record HistoryRecord(ISubmission Row, DateTime RecordedAtUtc, string? ReturnReason, string? CorrectionReason, bool IsCorrection);

/// <summary>A field of a version, labelled and formatted as on the form.</summary>
public sealed record SubmissionFieldDto(string Key, string Label, string? Value);

/// <summary>A field that differs from the version before.</summary>
public sealed record SubmissionChangeDto(string Key, string Label, string? Before, string? After);

/// <summary>
/// One version of a submission: what was sent, by whom and when, what became of it (approved,
/// accepted, returned with the reason, later corrected), and what changed since the version before.
/// </summary>
public sealed record SubmissionVersionDto(
    int Number, long RecordId, SubmissionStatus Status, bool IsCorrection, bool IsSuperseded,
    string? SubmittedBy, DateTime SubmittedAtUtc,
    string? ApprovedBy, DateTime? ApprovedAtUtc,
    string? AcceptedBy, DateTime? AcceptedAtUtc,
    string? ReturnedBy, DateTime? ReturnedAtUtc, string? ReturnReason,
    string? CorrectionReason,
    List<SubmissionFieldDto> Fields, List<SubmissionChangeDto> Changes);

/// <summary>
/// Every version of a submission, newest first (decision 0025). A version begins with each
/// submit or correction (<see cref="SubmissionEvent"/>) and ends with the next one; a returned
/// version therefore stays, with its reason, when the unit edits the same row and submits again.
/// The same for all three kinds: each passes its thread's rows and its fields' labels.
/// </summary>
public static class SubmissionHistory
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(IReadOnlyDictionary<string, string?> fields) => JsonSerializer.Serialize(fields, Json);

    private static Dictionary<string, string?> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string?>>(json, Json) ?? [];

    /// <summary>The versions of <paramref name="records"/> (the thread, read through the caller's scope, oldest first), newest first.</summary>
    public static async Task<List<SubmissionVersionDto>> ReadAsync(BlueprintDb db, SubmissionKind kind, IReadOnlyList<HistoryRecord> records,
        IReadOnlyList<HistoryField> fields, CancellationToken ct)
    {
        var ids = records.Select(r => r.Row.RecordId).ToList();
        var events = ids.Count == 0 ? [] : await db.Set<SubmissionEvent>().AsNoTracking()
            .Where(e => e.Kind == kind.Name && ids.Contains(e.RecordId)).OrderBy(e => e.Id).ToListAsync(ct);
        var userIds = events.Select(e => e.ById)
            .Concat(records.SelectMany(r => new[] { r.Row.SubmittedById, r.Row.ApprovedById, r.Row.AcceptedById }))
            .OfType<int>().Distinct().ToList();
        var names = await db.Set<User>().AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(int? id) => id is { } i ? names.GetValueOrDefault(i) : null;

        var versions = new List<Version>();
        var byRecord = events.ToLookup(e => e.RecordId);
        foreach (var record in records)
        {
            Version? current = null;
            foreach (var e in byRecord[record.Row.RecordId])
            {
                if (e.Action is SubmissionAction.Submit or SubmissionAction.Correct)
                {
                    current = new Version(record.Row.RecordId, e.Action == SubmissionAction.Correct, Parse(e.Fields))
                    {
                        Status = SubmissionStatus.Submitted,
                        SubmittedBy = Name(e.ById),
                        SubmittedAtUtc = e.AtUtc,
                        CorrectionReason = e.Action == SubmissionAction.Correct ? e.Comment : null,
                    };
                    versions.Add(current);
                    continue;
                }

                // A step on a version sent before versions were kept: that version is the row as it stands.
                if (current is null)
                {
                    current = FromRow(record, Name);
                    versions.Add(current);
                }

                switch (e.Action)
                {
                    case SubmissionAction.Approve:
                        (current.Status, current.ApprovedBy, current.ApprovedAtUtc) = (SubmissionStatus.Approved, Name(e.ById), e.AtUtc);
                        break;
                    case SubmissionAction.Accept:
                        (current.Status, current.AcceptedBy, current.AcceptedAtUtc) = (SubmissionStatus.Accepted, Name(e.ById), e.AtUtc);
                        break;
                    case SubmissionAction.Return:
                        (current.Status, current.ReturnedBy, current.ReturnedAtUtc, current.ReturnReason) = (SubmissionStatus.Returned, Name(e.ById), e.AtUtc, e.Comment);
                        break;
                }
            }

            // A row from before versions were kept (or seeded): one version, unless it is a draft never sent.
            if (current is null && record.Row.Status != SubmissionStatus.Draft)
            {
                versions.Add(FromRow(record, Name));
            }
        }

        var result = new List<SubmissionVersionDto>(versions.Count);
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            var before = i == 0 ? null : versions[i - 1].Values;
            var changes = before is null ? [] : fields
                .Where(f => !string.Equals(Normal(before.GetValueOrDefault(f.Key)), Normal(v.Values.GetValueOrDefault(f.Key)), StringComparison.Ordinal))
                .Select(f => new SubmissionChangeDto(f.Key, f.Label, f.Show(before.GetValueOrDefault(f.Key)), f.Show(v.Values.GetValueOrDefault(f.Key))))
                .ToList();
            result.Add(new SubmissionVersionDto(i + 1, v.RecordId, v.Status, v.IsCorrection,
                IsSuperseded: v.Status == SubmissionStatus.Accepted && i < versions.Count - 1,
                v.SubmittedBy, v.SubmittedAtUtc, v.ApprovedBy, v.ApprovedAtUtc, v.AcceptedBy, v.AcceptedAtUtc,
                v.ReturnedBy, v.ReturnedAtUtc, v.ReturnReason, v.CorrectionReason,
                [.. fields.Select(f => new SubmissionFieldDto(f.Key, f.Label, f.Show(v.Values.GetValueOrDefault(f.Key))))],
                changes));
        }

        result.Reverse();
        return result;
    }

    private static string? Normal(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Version FromRow(HistoryRecord record, Func<int?, string?> name)
    {
        var row = record.Row;
        return new Version(row.RecordId, record.IsCorrection, new Dictionary<string, string?>(row.HistoryFields()))
        {
            Status = row.Status == SubmissionStatus.Draft ? SubmissionStatus.Submitted : row.Status,
            SubmittedBy = name(row.SubmittedById),
            SubmittedAtUtc = record.RecordedAtUtc,
            ApprovedBy = name(row.ApprovedById),
            AcceptedBy = name(row.AcceptedById),
            AcceptedAtUtc = row.AcceptedAtUtc,
            ReturnReason = row.Status == SubmissionStatus.Returned ? record.ReturnReason : null,
            CorrectionReason = record.CorrectionReason,
        };
    }

    private sealed class Version(long recordId, bool isCorrection, Dictionary<string, string?> values)
    {
        public long RecordId { get; } = recordId;
        public bool IsCorrection { get; } = isCorrection;
        public Dictionary<string, string?> Values { get; } = values;
        public SubmissionStatus Status { get; set; }
        public string? SubmittedBy { get; set; }
        public DateTime SubmittedAtUtc { get; set; }
        public string? ApprovedBy { get; set; }
        public DateTime? ApprovedAtUtc { get; set; }
        public string? AcceptedBy { get; set; }
        public DateTime? AcceptedAtUtc { get; set; }
        public string? ReturnedBy { get; set; }
        public DateTime? ReturnedAtUtc { get; set; }
        public string? ReturnReason { get; set; }
        public string? CorrectionReason { get; set; }
    }
}
