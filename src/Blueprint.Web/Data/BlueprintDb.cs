using System.Linq.Expressions;
using System.Reflection;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Units;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

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

    /// <summary>What the audit holds for this context's save or transaction in progress (<see cref="ContextInterceptors"/>).</summary>
    internal Features.Audit.AuditInterceptor? Audit { get; set; }

    /// <summary>What this context wrote that the to-do badge must hear of at the commit (<see cref="ContextInterceptors"/>).</summary>
    internal Features.Workflow.ToDoWrites? Writes { get; set; }

    /// <summary>
    /// The name of the unit-scope query filter. A query that must look past the user's units
    /// (a code unique city-wide, a link to another unit's record) ignores this filter by name,
    /// <c>IgnoreQueryFilters([BlueprintDb.ScopeFilter])</c>, so that any other filter of the
    /// entity (a project still only proposed, say) keeps applying.
    /// </summary>
    public const string ScopeFilter = "Scope";

    /// <summary>
    /// The name of the inbox filter on <see cref="Features.Notifications.Notification"/> (a reader
    /// sees only their own notifications). Ignored by name, like <see cref="ScopeFilter"/>.
    /// </summary>
    public const string InboxFilter = "Inbox";

    /// <summary>The key ring every node shares (decision 0017): a cookie or form token made on one node is read on any other.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// The shape of the scope filter this context's model was built with (decision 0038): each
    /// scope kind has its own model, whose filter is only that scope's predicate, so that the
    /// database can use its indexes (<see cref="ScopeModelCacheKeyFactory"/>).
    /// </summary>
    internal ScopeFilterKind? ModelScopeKind { get; set; }

    /// <summary>The kind of filter the reader's scope needs now: no predicate, own unit, or unit and below.</summary>
    internal ScopeFilterKind ScopeKind => CurrentUser.IsSystem ? ScopeFilterKind.System : CurrentUser.Scope switch
    {
        DataScope.All => ScopeFilterKind.All,
        DataScope.UnitAndBelow => ScopeFilterKind.UnitAndBelow,
        // No scope (no user) is an own-unit filter on no unit: it sees nothing.
        _ => ScopeFilterKind.OwnUnit,
    };

    // Evaluated per query: EF parameterises members of the context used in query filters.
    private int ScopeUnitId => EnsureScopeUnchanged() && CurrentUser.Scope is not null ? CurrentUser.UnitId ?? -1 : -1;

    private string ScopePath => CurrentUser.UnitPath ?? "\u0001";

    private int ScopeUserId => EnsureScopeUnchanged() ? CurrentUser.UserId ?? -1 : -1;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BlueprintDb).Assembly);
        SqlHints.Register(builder, Database.IsSqlite());

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

        // An inbox is personal: even a user who sees all units sees only their own notifications.
        if ((ModelScopeKind ?? ScopeKind) != ScopeFilterKind.System)
        {
            builder.Entity<Features.Notifications.Notification>().HasQueryFilter(InboxFilter, n => n.UserId == ScopeUserId);
        }
    }

    /// <remarks>
    /// EF Core warns (10622) that a required navigation into a filtered entity drops the dependent
    /// row when its principal is filtered out: here six rows point at a <c>KeyProject</c>, which the
    /// <c>Library</c> filter hides while it is a proposal (decision 0018). That drop is the rule, not
    /// a surprise: a plan entry, report or photo of a proposal counts nowhere, like the proposal.
    /// The two fixes EF suggests are wrong for this model: an optional navigation needs nullable
    /// foreign keys and turns the drop into a left join that lets a proposal's rows through; a
    /// matching <c>Library</c> filter on each dependent would join the project into every query of
    /// the largest tables, also the leader's, whose scope filter is no predicate at all (decision
    /// 0038). So the warning is off, and <c>ModelTests.Required_navigations_into_a_filtered_entity_are_the_known_six</c>
    /// does its check instead: a new such navigation fails there until it is judged and listed.
    /// </remarks>
    /// <para>
    /// The app's options have this already (<see cref="DatabaseSetup"/>, made once, decision 0059):
    /// options changed here would be new options for every context, which EF compares with those it
    /// knows on each. Options made elsewhere (a tool, the design-time factory) get it here.
    /// </para>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ReplacedServices?.ContainsKey((typeof(IModelCacheKeyFactory), null)) != true)
        {
            Configure(optionsBuilder);
        }
    }

    /// <summary>The options every BlueprintDb needs: its model per scope shape and the warning above off.</summary>
    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, ScopeModelCacheKeyFactory>()
            .ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));

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
    /// and every unit whose path starts with its path, or everything. The model is built per
    /// scope kind (<see cref="ScopeModelCacheKeyFactory"/>), so each filter is only its own
    /// predicate: none for all units, <c>UnitId = @u</c> for the own unit, and
    /// <c>UnitId IN (SELECT Id FROM Unit WHERE Id = @u OR Path LIKE @path%)</c> for a unit and
    /// below. One formula for all three (<c>@all OR UnitId = @u OR (@below AND EXISTS …)</c>)
    /// kept the databases from using an index (decision 0038).
    /// </summary>
    private void ApplyScopeFilter<T>(ModelBuilder builder) where T : class, IUnitOwned
    {
        Expression<Func<T, bool>>? filter = (ModelScopeKind ?? ScopeKind) switch
        {
            ScopeFilterKind.All or ScopeFilterKind.System => null,
            ScopeFilterKind.UnitAndBelow => e => Set<Unit>().Where(u => u.Id == ScopeUnitId || u.Path.StartsWith(ScopePath)).Select(u => u.Id).Contains(e.UnitId),
            _ => e => e.UnitId == ScopeUnitId,
        };
        if (filter is not null)
        {
            builder.Entity<T>().HasQueryFilter(ScopeFilter, filter);
        }
    }

    /// <summary>
    /// A context keeps the model it started with: a reader whose scope changed afterwards (a
    /// scope switching from a user to the system mid-way) would be filtered by the old scope.
    /// Nothing does that today; this makes it loud if something starts to.
    /// </summary>
    private bool EnsureScopeUnchanged() =>
        ModelScopeKind is not { } built || built == ScopeKind
            ? true
            : throw new InvalidOperationException($"The reader's scope changed from {built} to {ScopeKind} after this database context built its query filters; use a new DI scope.");
}
