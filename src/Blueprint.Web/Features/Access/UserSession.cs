using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Access;

/// <summary>Why a session ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SessionEnd
{
    SignedOut = 0,
    IdleTimeout = 1,
    AbsoluteTimeout = 2,
    PasswordChanged = 3,
    AccountDisabled = 4,
    AccessChanged = 5,
    EndedByAdministrator = 6,
    SignedInAgain = 7,
}

/// <summary>
/// One sign-in's session, kept on the server (decision 0032): the cookie carries only its
/// <see cref="Key"/>, and every cookie-authenticated request is refused once the row is ended
/// or timed out. Two nodes share the table, so an end on one node holds on the other at once.
/// Not in the audit hash chain (it changes with use, see <see cref="Sessions"/>); an
/// administrator ending a session is recorded there explicitly.
/// </summary>
public sealed class UserSession
{
    public const int KeyLength = 32;

    public long Id { get; set; }

    /// <summary>A random value, new at every sign-in; the only link from a cookie to its session.</summary>
    public required string Key { get; set; }

    public int UserId { get; set; }
    public DateTime StartedAtUtc { get; set; }

    /// <summary>The last request seen, written at most once a <see cref="SessionOptions.TouchInterval"/>.</summary>
    public DateTime LastSeenAtUtc { get; set; }

    public DateTime? EndedAtUtc { get; set; }
    public SessionEnd? EndReason { get; set; }
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.Property(s => s.Key).HasMaxLength(UserSession.KeyLength);
        b.HasIndex(s => s.Key).IsUnique();
        b.HasIndex(s => new { s.UserId, s.EndedAtUtc });
        b.Property(s => s.ClientIp).HasMaxLength(64);
        b.Property(s => s.UserAgent).HasMaxLength(256);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A password the account had before (hashed as Identity hashes it): the last few may not be chosen again.</summary>
public sealed class PasswordHistory
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime ReplacedAtUtc { get; set; }
}

internal sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistory>
{
    public void Configure(EntityTypeBuilder<PasswordHistory> b)
    {
        b.HasIndex(h => new { h.UserId, h.Id });
        b.HasOne<User>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
