using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Web.Features.Audit;

public enum SignInKind
{
    SignedIn = 0,
    Failed = 1,
    LockedOut = 2,
    SignedOut = 3,
    PasswordChanged = 4,
}

/// <summary>
/// One sign-in, failed attempt, lock-out, sign-out or password change (登录日志).
/// Deliberately not in the audit hash chain (see <see cref="AuditInterceptor"/>): every attempt,
/// including anonymous ones, would queue on the chain-head lock and bump the head count that the
/// cockpit cache reads as "something was written". The chain keeps the account changes a sign-in
/// causes (failed-attempt counter, lock-out) and every read of this log.
/// </summary>
public sealed class SignInEvent
{
    public const int UserAgentLength = 256;

    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public int? UserId { get; set; }

    /// <summary>The name as typed: a failed attempt may name no account at all.</summary>
    public required string UserName { get; set; }
    public SignInKind Kind { get; set; }
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
}

internal sealed class SignInEventConfiguration : IEntityTypeConfiguration<SignInEvent>
{
    public void Configure(EntityTypeBuilder<SignInEvent> b)
    {
        b.Property(e => e.UserName).HasMaxLength(256);
        b.Property(e => e.ClientIp).HasMaxLength(64);
        b.Property(e => e.UserAgent).HasMaxLength(SignInEvent.UserAgentLength);
        b.HasIndex(e => e.AtUtc);
        b.HasIndex(e => e.UserName);
    }
}
