using System.Linq.Expressions;
using System.Reflection;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Web.Data;

/// <summary>
/// The one model of the city. Each feature contributes its entities through its own
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes (applied from the assembly) and its
/// own <c>extension(BlueprintDb)</c> set properties, so this class names no feature's tables.
///
/// Two subclasses exist only to give each database provider its own migrations set
/// (docs/decisions/0003-migrations-per-provider.md).
/// </summary>
public abstract partial class BlueprintDb(DbContextOptions options, CurrentUser currentUser)
    : IdentityDbContext<User, Role, int>(options), IDataProtectionKeyContext
{
    public CurrentUser CurrentUser { get; } = currentUser;

    /// <summary>
    /// The name of the unit-scope query filter. A query that must look past the user's units
    /// (a code unique city-wide, a link to another unit's record) ignores this filter by name,
    /// <c>IgnoreQueryFilters([BlueprintDb.ScopeFilter])</c>, so that any other filter of the
    /// entity (a project still only proposed, say) keeps applying.
    /// </summary>
    public const string ScopeFilter = "Scope";

    /// <summary>The key ring every node shares (decision 0017): a cookie or form token made on one node is read on any other.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Evaluated per query: EF parameterises members of the context used in query filters.
    private bool ScopeAll => CurrentUser.Scope == DataScope.All;

    private bool ScopeBelow => CurrentUser.Scope == DataScope.UnitAndBelow;

    private int ScopeUnitId => CurrentUser.Scope is null ? -1 : CurrentUser.UnitId ?? -1;

    private string ScopePath => CurrentUser.UnitPath ?? "\u0001";

    private int ScopeUserId => CurrentUser.UserId ?? -1;

    // An inbox is personal: even a user who sees all units sees only their own notifications.
    private bool ScopeSystem => CurrentUser.IsSystem;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BlueprintDb).Assembly);

        foreach (var type in builder.Model.GetEntityTypes().Select(t => t.ClrType).ToList())
        {
            if (typeof(IUnitOwned).IsAssignableFrom(type))
            {
                ApplyScopeFilterMethod.MakeGenericMethod(type).Invoke(this, [builder]);
            }

            if (typeof(IVersioned).IsAssignableFrom(type))
            {
                builder.Entity(type).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }
        }

        builder.Entity<Features.Notifications.Notification>()
            .HasQueryFilter(n => ScopeSystem || n.UserId == ScopeUserId);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC DateTime on both databases; SQLite hands them back unspecified.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private static readonly MethodInfo ApplyScopeFilterMethod =
        typeof(BlueprintDb).GetMethod(nameof(ApplyScopeFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>
    /// The single place where reading is confined to the user's units: own unit, or own unit
    /// and every unit whose path starts with its path, or everything.
    /// </summary>
    private void ApplyScopeFilter<T>(ModelBuilder builder) where T : class, IUnitOwned
    {
        Expression<Func<T, bool>> filter = e =>
            ScopeAll
            || e.UnitId == ScopeUnitId
            || (ScopeBelow && Set<Unit>().Any(u => u.Id == e.UnitId && u.Path.StartsWith(ScopePath)));
        builder.Entity<T>().HasQueryFilter(ScopeFilter, filter);
    }
}
