using Blueprint.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// The session table alone, for the check every signed-in request makes (<see cref="Sessions.ValidateAsync"/>):
/// pooled, without the scope filters, interceptors and the hundred entities of <see cref="BlueprintDb"/>,
/// whose model (and migrations) own the table. It reads the row and updates two columns with
/// <c>ExecuteUpdate</c>; it never adds or deletes a session.
/// </summary>
public sealed class SessionsDb(DbContextOptions<SessionsDb> options) : DbContext(options)
{
    public DbSet<UserSession> Sessions => Set<UserSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<UserSession>(b =>
        {
            b.ToTable(nameof(UserSession));
            b.Property(s => s.Key).HasMaxLength(UserSession.KeyLength);
        });

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
