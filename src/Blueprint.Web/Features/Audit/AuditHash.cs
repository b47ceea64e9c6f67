using System.Security.Cryptography;
using System.Text;

namespace Blueprint.Web.Features.Audit;

/// <summary>The chain rule: each record's hash covers the previous hash and all its own fields, keyed since decision 0033.</summary>
public static class AuditHash
{
    /// <summary>
    /// PostgreSQL keeps microseconds, .NET ticks are 100 ns: the time is cut to microseconds
    /// before it is hashed or stored, so the hash survives a round trip on both databases.
    /// </summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    /// <summary>
    /// The record's HMAC-SHA256 under the audit key it names (<see cref="AuditRecord.KeyId"/>): what
    /// every record written since decision 0033 carries. Without the key, which is not in the
    /// database, no one can make a rewritten record or chain verify.
    /// </summary>
    public static string Sign(string prevHash, AuditRecord r, byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Text(prevHash, r) + '\u001f' + r.KeyId)));

    /// <summary>The unkeyed SHA-256 of the records written before decision 0033 (<see cref="AuditRecord.KeyId"/> null): legacy, verified as such.</summary>
    public static string Compute(string prevHash, AuditRecord r) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(prevHash, r))));

    private static string Text(string prevHash, AuditRecord r)
    {
        return string.Join('\u001f',
            prevHash,
            r.AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
            r.UserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            r.UserName ?? "",
            r.UnitId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            r.Entity,
            r.EntityKey,
            r.Action,
            r.Before ?? "",
            r.After ?? "",
            r.RequestId ?? "",
            r.ClientIp ?? "");
    }
}
