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
    public Task<int> UnreadAsync(int userId, CancellationToken ct) => Unread.For(this)(this, userId, ct);

    /// <summary>The session of a key (the session check), or null.</summary>
    public Task<SessionState?> SessionAsync(string key, CancellationToken ct) => Session.For(this)(this, key, ct);

    // The two queries every request runs, compiled once per model (PerModel): a query written out is looked up in EF's
    // cache by a key computed from its whole expression on every run — a third of each read.
    private static readonly PerModel<Func<EveryPageDb, int, CancellationToken, Task<int>>> Unread = new(() => EF.CompileAsyncQuery(
        (EveryPageDb db, int userId, CancellationToken ct) => db.Notifications.Count(n => n.UserId == userId && n.ReadAtUtc == null)));

    private static readonly PerModel<Func<EveryPageDb, string, CancellationToken, Task<SessionState?>>> Session = new(() => EF.CompileAsyncQuery(
        (EveryPageDb db, string key, CancellationToken ct) => db.Sessions.AsNoTracking().Where(s => s.Key == key)
            .Select(s => new SessionState(s.Id, s.UserId, s.StartedAtUtc, s.LastSeenAtUtc, s.EndedAtUtc)).FirstOrDefault()));

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

/// <summary>What the session check reads of a session.</summary>
public sealed record SessionState(long Id, int UserId, DateTime StartedAtUtc, DateTime LastSeenAtUtc, DateTime? EndedAtUtc);
