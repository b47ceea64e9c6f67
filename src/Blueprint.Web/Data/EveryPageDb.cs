using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Data;

/// <summary>
/// The two small reads of every signed-in page besides its own: the session check
/// (<see cref="Sessions.ValidateAsync"/>, on every request) and the inbox badge's unread count. A
/// pooled context of those two tables alone, without the scope filters, interceptors and the
/// hundred entities of <see cref="BlueprintDb"/>, whose model (and migrations) own the tables (decision 0051):
/// making and first using a full context was a fifth of the session check's time. It reads, and
/// updates columns with <c>ExecuteUpdate</c>; it never adds or deletes a row. Filters are written
/// out in each query (the unread count names the user).
/// </summary>
public sealed class EveryPageDb(DbContextOptions<EveryPageDb> options) : DbContext(options)
{
    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary>The user's unread notifications (the inbox badge).</summary>
    public Task<int> UnreadAsync(int userId, CancellationToken ct) =>
        Notifications.CountAsync(n => n.UserId == userId && n.ReadAtUtc == null, ct);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserSession>(b =>
        {
            b.ToTable(nameof(UserSession));
            b.Property(s => s.Key).HasMaxLength(UserSession.KeyLength);
        });
        modelBuilder.Entity<Notification>(b =>
        {
            b.ToTable(nameof(Notification));
            b.Ignore(n => n.User);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
