using System.Text.Json.Serialization;
using Blueprint.Web.Data;
using Blueprint.Web.Features.Access;
using Blueprint.Web.Features.Workflow;
using Blueprint.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Blueprint.Web.Features.Projects;

public sealed record ReportingWindowDto(int Id, int Year, int Month, DateOnly OpensOn, DateOnly DueOn, DateTime? ClosedAtUtc, int? ClosedById, int Version);

public sealed record ReportingWindowInput(int Year, int Month, DateOnly OpensOn, DateOnly DueOn);

/// <summary>Where a month stands for the units that report it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum WindowState
{
    /// <summary>The office has not opened the month.</summary>
    None = 0,

    /// <summary>Opened, but its first day is still ahead.</summary>
    NotYetOpen = 1,
    Open = 2,

    /// <summary>Closed by the office: accepted reports are locked, only corrections remain.</summary>
    Closed = 3,

    /// <summary>
    /// 已截止: its 截止日 has passed and the office has not closed it yet. Drafts may still be
    /// written, but a first submission needs the month reopened for the unit, and is then 迟报.
    /// </summary>
    PastDue = 4,
}

/// <summary>
/// The office runs the monthly schedule by month: it opens a month's reporting window, units
/// report while it is open, and closing it locks the month.
/// </summary>
public static class ReportingWindows
{
    /// <summary>The city's calendar day: China Standard Time is UTC+8 all year (no daylight saving).</summary>
    public static DateOnly Today(TimeProvider clock) => CityTime.Today(clock);

    public static DateOnly Today(DateTime utc) => CityTime.Day(utc);

    public static async Task<(WindowState State, ReportingWindow? Window)> StateAsync(BlueprintDb db, int year, int month, TimeProvider clock, CancellationToken ct)
    {
        var window = await db.Set<ReportingWindow>().AsNoTracking().SingleOrDefaultAsync(w => w.Year == year && w.Month == month, ct);
        return (StateOf(window, Today(clock)), window);
    }

    /// <summary>
    /// The one rule for a month's window, used by the form, the API and the Excel import. A window
    /// closes by itself at the end of its due day (<see cref="WindowState.PastDue"/>); only the
    /// office's close locks it.
    /// </summary>
    public static WindowState StateOf(ReportingWindow? window, DateOnly today) => window switch
    {
        null => WindowState.None,
        { ClosedAtUtc: not null } => WindowState.Closed,
        _ when window.OpensOn > today => WindowState.NotYetOpen,
        _ when window.DueOn < today => WindowState.PastDue,
        _ => WindowState.Open,
    };

    /// <summary>The deadline of a first submission in the month, for a unit the office has or has not reopened it for.</summary>
    public static SubmissionDeadline Deadline(ReportingWindow window, bool reopened) =>
        new(window.DueOn, reopened, Refusal.Conflict("Progress.PastDue", window.Year, window.Month, window.DueOn));

    public static RouteGroupBuilder MapReportingWindowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reporting-windows").WithTags("Reporting windows").RequireAuthorization(Policies.Business);

        // Every signed-in user may see the schedule: reporters need to know which month is open.
        group.MapGet("/", async (BlueprintDb db, int? year, int? page, int? pageSize, CancellationToken ct) =>
        {
            var query = db.Set<ReportingWindow>().AsNoTracking();
            query = year is null ? query : query.Where(w => w.Year == year);
            return TypedResults.Ok(await query.OrderByDescending(w => w.Year).ThenByDescending(w => w.Month).Select(AsDto).ToPageAsync(page, pageSize, ct));
        });

        group.MapPost("/", async Task<Results<Created<ReportingWindowDto>, ValidationProblem, ProblemHttpResult>> (
            ReportingWindowInput input, BlueprintDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var (window, errors, conflict) = await OpenAsync(db, input, t, ct);
            if (errors is not null)
            {
                return Problems.Invalid(errors);
            }

            if (conflict is not null)
            {
                return Problems.Conflict(t, conflict);
            }

            return TypedResults.Created($"/api/reporting-windows/{window!.Id}", ToDto(window));
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        group.MapPost("/{id:int}/close", async Task<Results<Ok<ReportingWindowDto>, ProblemHttpResult>> (
            int id, VersionInput input, BlueprintDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var (window, conflict) = await CloseAsync(db, id, input.Version, clock, ct);
            if (window is null)
            {
                return Problems.NotFound(t);
            }

            return conflict is null ? TypedResults.Ok(ToDto(window)) : Problems.Conflict(t, conflict);
        }).RequireAuthorization(p => p.RequireRole(Roles.ProjectOffice));

        group.MapReportingReopenings();
        group.MapReportingReminders();
        return group;
    }

    /// <summary>Opens a month for reporting; one window per month.</summary>
    public static async Task<(ReportingWindow? Window, Dictionary<string, string[]>? Errors, string? ConflictKey)> OpenAsync(
        BlueprintDb db, ReportingWindowInput input, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var check = new Validation(t)
            .Require(input.Year is >= 2000 and <= 2100, "year", "Field.InvalidYear")
            .Require(input.Month is >= 1 and <= 12, "month", "Field.InvalidMonth")
            .Require(input.DueOn >= input.OpensOn, "dueOn", "Progress.DueBeforeOpen");
        if (!check.IsValid)
        {
            return (null, check.Errors, null);
        }

        if (await db.Set<ReportingWindow>().AnyAsync(w => w.Year == input.Year && w.Month == input.Month, ct))
        {
            return (null, null, "Progress.WindowExists");
        }

        var window = new ReportingWindow { Year = input.Year, Month = input.Month, OpensOn = input.OpensOn, DueOn = input.DueOn };
        db.Add(window);
        await db.SaveChangesAsync(ct);
        return (window, null, null);
    }

    /// <summary>
    /// Closes a month. Reports still waiting for the unit leader or the office would be stranded
    /// by the lock, so the office first accepts or returns them; drafts simply stay unreported.
    /// </summary>
    public static async Task<(ReportingWindow? Window, string? ConflictKey)> CloseAsync(BlueprintDb db, int id, int version, TimeProvider clock, CancellationToken ct)
    {
        var window = await db.Set<ReportingWindow>().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (window is null)
        {
            return (null, null);
        }

        if (window.ClosedAtUtc is not null)
        {
            return (window, "Progress.WindowAlreadyClosed");
        }

        // Read past the scope filter: pending reports of any unit block the close, seen or not.
        var pending = await db.Set<ProgressReport>().IgnoreQueryFilters([BlueprintDb.ScopeFilter]).AnyAsync(r => r.Year == window.Year && r.Month == window.Month && r.IsCurrent
            && r.SupersedesId == null && (r.Status == SubmissionStatus.Submitted || r.Status == SubmissionStatus.Approved), ct);
        if (pending)
        {
            return (window, "Progress.WindowHasPending");
        }

        db.ExpectVersion(window, version);
        window.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
        window.ClosedById = db.CurrentUser.UserId;
        await db.SaveChangesAsync(ct);
        return (window, null);
    }

    private static readonly System.Linq.Expressions.Expression<Func<ReportingWindow, ReportingWindowDto>> AsDto = w =>
        new ReportingWindowDto(w.Id, w.Year, w.Month, w.OpensOn, w.DueOn, w.ClosedAtUtc, w.ClosedById, w.Version);

    private static readonly Func<ReportingWindow, ReportingWindowDto> ToDto = AsDto.Compile();
}
