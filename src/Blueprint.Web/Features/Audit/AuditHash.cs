using System.Security.Cryptography;
using System.Text;

namespace Blueprint.Web.Features.Audit;

/// <summary>The chain rule: each record's hash covers the previous hash and all its own fields.</summary>
public static class AuditHash
{
    /// <summary>
    /// PostgreSQL keeps microseconds, .NET ticks are 100 ns: the time is cut to microseconds
    /// before it is hashed or stored, so the hash survives a round trip on both databases.
    /// </summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    public static string Compute(string prevHash, AuditRecord r)
    {
        var text = string.Join('\u001f',
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
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
