using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Data.Common;
using System.Security.Claims;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Audit;
using Blueprint.Web.Features.Figures;
using Blueprint.Web.Features.Notifications;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Blueprint.Web.Features.Workflow;

/// <summary>
/// The top bar's to-do count, remembered per user (decision 0047). Every page of a unit's user
/// showed it, and counting costs 12–15 ms at province scale against 1–3 ms for the rest of an
/// empty page. A remembered count is served for at most <see cref="Lifetime"/>, and after its
/// first <see cref="Quiet"/> seconds only while nothing it may depend on was written on this server since:
/// <list type="bullet">
/// <item>a user who sees only their own unit: no write to a record of that unit
/// (<see cref="IUnitOwned"/>), and none to a record of no unit (a reporting window, a campaign,
/// a unit itself);</item>
/// <item>anyone who sees further: no write to any record the to-do may read.</item>
/// </list>
/// <para>
/// A request whose write is committed also gives the browser a new mark (<see cref="MarkCookie"/>),
/// and a count remembered under another mark is not served: with several servers behind a balancer,
/// the user's own step shows in the badge at once whichever server answers next. A step of somebody
/// else taken on another server, or a change of a record of another unit that concerns the user (an
/// item they cooperate on), shows within the lifetime. The to-do page, the home page's list and
/// <c>/api/todo/count</c> always count afresh (<see cref="CountNowAsync"/>), and what they count is
/// remembered for the badge of the next pages; the badge and <c>/api/todo/count</c> count at most once
/// in a request. The to-do page and the home page count each source apart, to list only those with
/// entries (<see cref="ToDoList"/>).
/// </para>
/// </summary>
public sealed class ToDoBadgeCounts(TimeProvider clock, IConfiguration config, IHttpContextAccessor? http = null, IHostEnvironment? environment = null) : IDisposable
{
    /// <summary>
    /// Writes that no count reads: bookkeeping written beside every step, or on reads; a supervision
    /// item's steps and feedback (the to-do's list reads the feedback for its due dates, its count
    /// only the items' statuses).
    /// </summary>
    private static readonly HashSet<Type> Unread =
    [
        typeof(AuditRecord), typeof(AuditChainHead), typeof(KeptFigure), typeof(Notification), typeof(SubmissionEvent),
        typeof(Access.UserSession), typeof(SignInEvent), typeof(Access.PasswordHistory), typeof(DataProtectionKey), typeof(JobTick),
        typeof(Projects.AnnualPlanRevision), typeof(Supervision.SupervisionStep), typeof(Supervision.SupervisionFeedback),
    ];

    /// <summary>
    /// Properties of records the to-do reads that no count reads: a change of only these (a draft's
    /// figures and texts, a problem's description) leaves every count as it was. A property not
    /// named here counts as read; a to-do source that comes to read one of these must take it out
    /// (<see cref="ToDoSources"/>). Records added or deleted always count.
    /// </summary>
    private static readonly FrozenDictionary<Type, FrozenSet<string>> Uncounted = new Dictionary<Type, FrozenSet<string>>
    {
        [typeof(Projects.ProgressReport)] = FrozenSet.Create(StringComparer.Ordinal,
            nameof(Projects.ProgressReport.InvestmentThisMonth), nameof(Projects.ProgressReport.InvestmentYearToDate),
            nameof(Projects.ProgressReport.InvestmentSinceStart), nameof(Projects.ProgressReport.PhysicalProgress),
            nameof(Projects.ProgressReport.NodesReached), nameof(Projects.ProgressReport.ProblemsRaised),
            nameof(Projects.ProgressReport.ReviewComment), nameof(Projects.ProgressReport.RecordedAtUtc),
            nameof(Projects.ProgressReport.CorrectionReason), nameof(Projects.ProgressReport.FigureWarnings),
            nameof(Projects.ProgressReport.Explanation), nameof(Projects.ProgressReport.Version)),
        [typeof(Indicators.IndicatorValue)] = FrozenSet.Create(StringComparer.Ordinal,
            nameof(Indicators.IndicatorValue.Value), nameof(Indicators.IndicatorValue.ReviewComment),
            nameof(Indicators.IndicatorValue.RecordedAtUtc), nameof(Indicators.IndicatorValue.CorrectionReason),
            nameof(Indicators.IndicatorValue.Version)),
        [typeof(Projects.Problem)] = FrozenSet.Create(StringComparer.Ordinal,
            nameof(Projects.Problem.Title), nameof(Projects.Problem.Description), nameof(Projects.Problem.Kind),
            nameof(Projects.Problem.CoordinatingLeader), nameof(Projects.Problem.EscalationLevel), nameof(Projects.Problem.Answer),
            nameof(Projects.Problem.Version)),
        [typeof(Supervision.SupervisionItem)] = FrozenSet.Create(StringComparer.Ordinal,
            nameof(Supervision.SupervisionItem.CaseNumber), nameof(Supervision.SupervisionItem.Title), nameof(Supervision.SupervisionItem.Source),
            nameof(Supervision.SupervisionItem.Basis), nameof(Supervision.SupervisionItem.Deadline), nameof(Supervision.SupervisionItem.OriginalDeadline),
            nameof(Supervision.SupervisionItem.Cadence), nameof(Supervision.SupervisionItem.Light), nameof(Supervision.SupervisionItem.LightMarkedAtUtc),
            nameof(Supervision.SupervisionItem.DecisionId), nameof(Supervision.SupervisionItem.GoalId), nameof(Supervision.SupervisionItem.KeyProjectId),
            nameof(Supervision.SupervisionItem.ClosedAtUtc), nameof(Supervision.SupervisionItem.Version)),
    }.ToFrozenDictionary();

    /// <summary>The browser's mark of the user's last committed write (any value; only its change matters).</summary>
    public const string MarkCookie = "blueprint.todo";

    /// <summary>The remembered counts, one per user key; bounded in number, and each gone after the lifetime.</summary>
    private readonly MemoryCache _counts = new(Options.Create(new MemoryCacheOptions { SizeLimit = MaxUsers }));

    /// <summary>At most this many users' counts are remembered at once (past it, a new count is not remembered until expired ones are swept).</summary>
    private const int MaxUsers = 100_000;
    private readonly ConcurrentDictionary<int, long> _unitWrites = new();
    private long _writes;
    private long _unitlessWrites;

    /// <summary>How long a remembered count may be served (<c>Blueprint:ToDo:BadgeSeconds</c>, 30 by default; 0 counts every time).</summary>
    public TimeSpan Lifetime { get; } = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Blueprint:ToDo:BadgeSeconds", 30)));

    /// <summary>
    /// How long a count is served although somebody else wrote since on this server
    /// (<c>Blueprint:ToDo:BadgeQuietSeconds</c>, 5 by default, 0 in the Testing environment unless set;
    /// decision 0058). A user's own write still counts again at once (its new mark); with writes
    /// every second somewhere, the badge of everyone who sees further than one unit was counted again
    /// on every page.
    /// </summary>
    public TimeSpan Quiet { get; } = TimeSpan.FromSeconds(Math.Max(0,
        config.GetValue<double?>("Blueprint:ToDo:BadgeQuietSeconds") ?? (environment?.IsEnvironment("Testing") == true ? 0 : 5)));

    /// <summary>
    /// The user's count: remembered, or counted now by <paramref name="count"/> and remembered.
    /// <paramref name="mark"/> is the request's <see cref="MarkCookie"/> (null without one).
    /// </summary>
    public async Task<int> CountAsync(CurrentUser user, DateOnly today, string? mark, Func<Task<int>> count)
    {
        if (Lifetime == TimeSpan.Zero || user.UserId is null)
        {
            return await count();
        }

        if (CountedInRequest is { } counting)
        {
            return await counting;
        }

        // The marks are read before counting: a write that lands while counting changes them, so
        // the count it may have missed is not served again.
        var key = Key(user);
        var marks = Marks(user);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_counts.Get<Counted>(key) is { } counted && counted.Today == today && counted.Mark == mark
            && now - counted.AtUtc < Lifetime && (counted.Marks == marks || now - counted.AtUtc < Quiet))
        {
            return counted.Count;
        }

        return await CountAndRememberAsync(key, marks, now, today, mark, count);
    }

    /// <summary>The badge's count, under the request's own mark.</summary>
    public Task<int> CountAsync(CurrentUser user, DateOnly today, Func<Task<int>> count) => CountAsync(user, today, RequestMark, count);

    /// <summary>
    /// The user's count counted now (the to-do page, <c>/api/todo/count</c>), remembered for the
    /// badge of the next pages; counted once in a request, whichever of the page and its badge asks first.
    /// </summary>
    public async Task<int> CountNowAsync(CurrentUser user, DateOnly today, Func<Task<int>> count)
    {
        if (CountedInRequest is { } counting)
        {
            return await counting;
        }

        return Lifetime == TimeSpan.Zero || user.UserId is null
            ? await count()
            : await CountAndRememberAsync(Key(user), Marks(user), clock.GetUtcNow().UtcDateTime, today, RequestMark, count);
    }

    private async Task<int> CountAndRememberAsync(string key, (long, long) marks, DateTime now, DateOnly today, string? mark, Func<Task<int>> count)
    {
        var counting = count();
        if (http?.HttpContext is { } request)
        {
            request.Items[CountedKey] = counting;
        }

        var fresh = await counting;
        _counts.Set(key, new Counted(fresh, today, now, marks, mark), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return fresh;
    }

    /// <summary>The key of the count a request counted (a <see cref="Task{Int32}"/>): the page and its badge count once.</summary>
    private static readonly object CountedKey = new();

    private Task<int>? CountedInRequest => http?.HttpContext?.Items[CountedKey] as Task<int>;

    private string? RequestMark => http?.HttpContext?.Request.Cookies[MarkCookie];

    public void Dispose() => _counts.Dispose();

    /// <summary>The key under which a request's response was given its new mark (one per response).</summary>
    private static readonly object Marked = new();

    /// <summary>Gives the browser of a request that committed a write a new <see cref="MarkCookie"/>, while its answer can still carry one.</summary>
    internal static void MarkWrite(HttpContext? http)
    {
        if (http is { Response.HasStarted: false } && http.User.Identity?.IsAuthenticated == true && http.Items.TryAdd(Marked, true))
        {
            http.Response.Cookies.Append(MarkCookie, Guid.NewGuid().ToString("N"),
                new CookieOptions { IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", Secure = http.Request.IsHttps });
        }
    }

    /// <summary>Notes a committed write of these records (<see cref="ToDoWrites"/>).</summary>
    internal void Written(IReadOnlyCollection<int> units, bool unitless)
    {
        foreach (var unit in units)
        {
            _unitWrites.AddOrUpdate(unit, 1, (_, n) => n + 1);
        }

        if (unitless)
        {
            Interlocked.Increment(ref _unitlessWrites);
        }

        Interlocked.Increment(ref _writes);
    }

    /// <summary>What a save writes, as far as the to-do is concerned: the units of its records, and whether any record has none.</summary>
    internal static (HashSet<int> Units, bool Unitless) WritesOf(DbContext context)
    {
        var units = new HashSet<int>();
        var unitless = false;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || Unread.Contains(entry.Metadata.ClrType)
                || (entry.State == EntityState.Modified && Uncounted.TryGetValue(entry.Metadata.ClrType, out var uncounted)
                    && entry.Properties.All(p => !p.IsModified || uncounted.Contains(p.Metadata.Name))))
            {
                continue;
            }

            if (entry.Entity is IUnitOwned owned)
            {
                units.Add(owned.UnitId);
                if (entry.State == EntityState.Modified && entry.OriginalValues[nameof(IUnitOwned.UnitId)] is int before)
                {
                    units.Add(before);
                }
            }
            else
            {
                unitless = true;
            }
        }

        return (units, unitless);
    }

    private (long, long) Marks(CurrentUser user) =>
        user.Scope == DataScope.OwnUnit && user.UnitId is { } unit
            ? (Interlocked.Read(ref _unitlessWrites), _unitWrites.GetValueOrDefault(unit))
            : (Interlocked.Read(ref _writes), -1);

    /// <summary>The user as their count depends on them: the account, its unit, scope and roles.</summary>
    private static string Key(CurrentUser user) =>
        $"{user.UserId}|{user.UnitId}|{user.Scope}|{string.Join(',', user.Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value))}";

    private sealed record Counted(int Count, DateOnly Today, DateTime AtUtc, (long, long) Marks, string? Mark);
}

/// <summary>
/// Tells <see cref="ToDoBadgeCounts"/> what each save wrote, once it is committed: at once for a
/// save of its own, at the commit for a save inside a transaction (a rollback forgets it); and gives
/// the request's browser a new mark (<see cref="ToDoBadgeCounts.MarkCookie"/>).
/// </summary>
public sealed class ToDoWrites(ToDoBadgeCounts counts, IHttpContextAccessor http) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly HashSet<int> _units = [];
    private bool _unitless;
    private (HashSet<int> Units, bool Unitless)? _saving;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _saving = null;

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _saving = null;
        return Task.CompletedTask;
    }

    private void Note(DbContext? context) => _saving = context is null ? null : ToDoBadgeCounts.WritesOf(context);

    private void Saved(DbContext? context)
    {
        if (_saving is not { } saving)
        {
            return;
        }

        _saving = null;
        _units.UnionWith(saving.Units);
        _unitless |= saving.Unitless;
        if (context?.Database.CurrentTransaction is null)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_units.Count > 0 || _unitless)
        {
            counts.Written([.. _units], _unitless);
            ToDoBadgeCounts.MarkWrite(http.HttpContext);
        }

        Forget();
    }

    private void Forget()
    {
        _units.Clear();
        _unitless = false;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget();
        return Task.CompletedTask;
    }
}
