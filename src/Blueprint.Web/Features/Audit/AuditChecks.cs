using System.Text.Json;
using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Audit;

public sealed record AuditCheckDto(long Id, DateTime AtUtc, string At, string? UserName, bool IsValid, long Count, string Message);

/// <summary>
/// "校验审计链": runs <see cref="AuditVerifier"/> on request and keeps its result. The result is
/// an audit record (entity AuditChain, action Verify) rather than a table of its own: it then
/// sits in the chain it describes, so a check that found the chain broken cannot be deleted
/// afterwards without breaking the chain again, and it needs no schema of its own.
/// </summary>
public static class AuditChecks
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Result(bool IsValid, long Count, string Message);

    public static async Task<AuditVerification> VerifyAndRecordAsync(BlueprintDb db, TimeProvider clock, CancellationToken ct)
    {
        var result = await AuditVerifier.VerifyAsync(db, ct);
        await AuditAppender.AppendEventAsync(db, AuditLog.ChainEntity, "", "Verify",
            JsonSerializer.Serialize(new Result(result.IsValid, result.Count, result.Message), Json), ct);
        return result;
    }

    /// <summary>The latest checks, newest first.</summary>
    public static async Task<IReadOnlyList<AuditCheckDto>> LatestAsync(BlueprintDb db, int count, CancellationToken ct)
    {
        var records = await db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Entity == AuditLog.ChainEntity && r.Action == "Verify")
            .OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);
        return [.. records.Select(r => (r, Result: JsonSerializer.Deserialize<Result>(r.After ?? "{}", Json)))
            .Select(x => new AuditCheckDto(x.r.Id, x.r.AtUtc, AuditLog.At(x.r.AtUtc), x.r.UserName,
                x.Result?.IsValid ?? false, x.Result?.Count ?? 0, x.Result?.Message ?? ""))];
    }
}
