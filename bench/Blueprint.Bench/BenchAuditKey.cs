using Blueprint.Web.Features.Audit;

namespace Blueprint.Bench;

/// <summary>The audit key of the runs that build their own context (decision 0033): a file of the bench's own in the temp folder.</summary>
internal static class BenchAuditKey
{
    public static readonly AuditKeyRing Ring = new(Path.Combine(Path.GetTempPath(), "blueprint-bench", "audit.keys"), null, TimeProvider.System);
}
